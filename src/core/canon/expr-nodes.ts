/** Small node builders shared by the expression normalisers. */
import type { Node } from '../parse/pg-query.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { canonicalArrayLiteral, canonicalInterval, canonicalMoney, canonicalNumeric, canonicalUuid, parseBoolLiteral } from './literals.js';

const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'smallint', 'integer', 'bigint']);

export const strList = (names: readonly Node[] | undefined): string[] => (names ?? []).map((n) => n['String']?.sval ?? '');
export const strNode = (s: string): Node => ({ String: { sval: s } });

/** Drop `pg_catalog` / default-schema qualification from a name list. */
export const unqualify = (names: readonly Node[] | undefined): Node[] => {
  const parts = strList(names);
  if (parts.length === 2 && (parts[0] === 'pg_catalog' || parts[0] === DEFAULT_SCHEMA)) return [strNode(parts[1]!)];
  return parts.map(strNode);
};

/** A number as numeric_out prints it: whole numbers in int4 range as Integer, others as Float. */
export const numberConst = (s: string): Node | null => {
  const t = canonicalNumeric(s);
  if (t === null) return null;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647) return { A_Const: { ival: n === 0 ? {} : { ival: n } } };
  }
  return { A_Const: { fval: { fval: t } } };
};

/**
 * A string constant read by a type's input function, in the form the catalog prints it back.
 * `typmods` are the cast's integer type modifiers (`interval year` → [4]).
 */
export const typedStringConst = (target: string, typmods: readonly number[], sval: string): Node | null => {
  if (NUMERIC_TYPES.has(target)) return numberConst(sval);
  if (target === 'bool' || target === 'boolean') {
    const b = parseBoolLiteral(sval);
    return b === null ? null : { A_Const: { boolval: b ? { boolval: true } : {} } };
  }
  const text = target === 'interval' ? canonicalInterval(sval, typmods) : target === 'money' ? canonicalMoney(sval) : target === 'uuid' ? canonicalUuid(sval) : null;
  return text === null ? null : { A_Const: { sval: { sval: text } } };
};

const STRING_TYPES = new Set(['text', 'varchar']);
/** One array element of a built-in type as array_out prints it, or null when not known here. */
const arrayElement = (target: string, typmods: readonly number[]) => (v: string): string | null => {
  if (STRING_TYPES.has(target)) return v;
  if (NUMERIC_TYPES.has(target)) return canonicalNumeric(v);
  if (target === 'bool' || target === 'boolean') { const b = parseBoolLiteral(v); return b === null ? null : b ? 't' : 'f'; }
  if (target === 'uuid') return canonicalUuid(v);
  if (target === 'interval') return canonicalInterval(v, typmods);
  return null;
};

/** A string constant read as a one-dimensional array of a built-in type (`'{1, 2}'::int[]` → `'{1,2}'`). */
export const typedArrayConst = (target: string, typmods: readonly number[], sval: string): Node | null => {
  const text = canonicalArrayLiteral(sval, arrayElement(target, typmods));
  return text === null ? null : { A_Const: { sval: { sval: text } } };
};

/** Column names an expression refers to (single-field ColumnRefs), for dependency facts. */
export const referencedColumns = (node: Node): string[] => {
  const found = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    const o = n as Node;
    if (o['ColumnRef']) {
      const f = o['ColumnRef'].fields ?? [];
      const last = f[f.length - 1]?.String?.sval;
      if (typeof last === 'string') found.add(last);
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(node);
  return [...found].sort();
};
