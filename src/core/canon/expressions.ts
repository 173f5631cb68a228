/**
 * Canonical expressions. Source text and catalog text (pg_get_expr & co.) are both parsed by
 * PostgreSQL's grammar; the resulting trees are normalised here and printed, so the same
 * meaning gives the same `canon` string on both sides:
 * - casts over constants and column references are dropped (the catalog adds them, people
 *   rarely write them; a cast there never changes which column or value is meant),
 * - operator forms the server rewrites when it stores them are rewritten the same way
 *   (IN lists, BETWEEN, LIKE, row comparisons: operator-forms.ts), nested AND/OR are flattened,
 * - literals are printed the way their type's output function would (literals.ts),
 * - `pg_catalog.` and the default schema are dropped from function, type and operator names,
 * - nextval('seq') arguments are schema-qualified.
 */
import { deparseNode, type Node } from '../parse/pg-query.js';
import type { SqlExpr } from '../model/expr.js';
import type { TypeRef } from '../model/type-ref.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { isBuiltinType } from './type-names.js';
import { parseQualifiedText, qualifiedText } from './identifiers.js';
import { numberConst, strList, strNode, typedArrayConst, typedStringConst, unqualify } from './expr-nodes.js';
import { bitStringDigits } from './literals.js';
import { normAExpr } from './operator-forms.js';

const DROP_KEYS = new Set(['location', 'rexpr_list_start', 'rexpr_list_end', 'stmt_location', 'stmt_len']);

interface Ctx { readonly refs: Set<string> }

const typeNameOf = (tn: Node): string => {
  const parts = strList(tn['names']);
  return parts[parts.length - 1] ?? '';
};

const recordTypeRef = (tn: Node, ctx: Ctx): void => {
  const parts = strList(tn['names']);
  if (parts.length === 2 && parts[0] !== 'pg_catalog') ctx.refs.add(`type:${parts[0]}.${parts[1]}`);
  else if (parts.length === 1 && !isBuiltinType(parts[0]!)) ctx.refs.add(`type:${DEFAULT_SCHEMA}.${parts[0]}`);
};

const normTypeCast = (tc: Node, ctx: Ctx): Node => {
  recordTypeRef(tc['typeName'] ?? {}, ctx);
  const arg = norm(tc['arg'], ctx);
  const inner = Object.keys(arg)[0];
  const target = typeNameOf(tc['typeName'] ?? {});
  if (inner === 'A_Const') {
    const sval = arg['A_Const'].sval?.sval;
    if (typeof sval !== 'string') return arg;
    const typmods = typmodValues(tc['typeName']?.typmods);
    const dims = (tc['typeName']?.arrayBounds ?? []).length;
    if (dims === 0) return typedStringConst(target, typmods, sval) ?? arg;
    return (dims === 1 ? typedArrayConst(target, typmods, sval) : null) ?? arg;
    return arg;
  }
  // Casts of columns and of CURRENT_USER-like values are how the catalog shows implicit coercions.
  if (inner === 'ColumnRef' || inner === 'SQLValueFunction') return arg;
  // `ARRAY[x::text]::text[]` is stored as `ARRAY[(x)::text]`: the server pushes an array
  // constructor's cast into its elements. An empty ARRAY[] keeps its cast (it has no other type).
  if (inner === 'A_ArrayExpr' && (arg['A_ArrayExpr'].elements ?? []).length > 0) return arg;
  const typeName = { ...tc['typeName'], names: unqualify(tc['typeName']?.names) };
  return { TypeCast: { arg, typeName: stripKeys(typeName) } };
};

/** Integer type modifiers as written (`interval year` → [4]); non-integer modifiers as NaN. */
const typmodValues = (typmods: readonly Node[] | undefined): number[] =>
  (typmods ?? []).map((m: Node) => (m['A_Const'] && 'ival' in m['A_Const'] ? Number(m['A_Const'].ival.ival ?? 0) : Number.NaN));

/** Sequence functions: what they use is recorded as the sequence (`sequence:` refs below). */
const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval', 'setval']);

/**
 * `fname:schema.f` for a call of a routine outside pg_catalog (unqualified: the default
 * schema, as source names resolve; the catalog qualifies every routine outside pg_catalog).
 */
const recordFunctionRef = (funcname: readonly Node[] | undefined, ctx: Ctx): void => {
  const parts = strList(funcname);
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : DEFAULT_SCHEMA;
  if (!name || schema === 'pg_catalog' || (parts.length === 1 && SEQUENCE_FUNCTIONS.has(name))) return;
  ctx.refs.add(`fname:${schema}.${name}`);
};

const normFuncCall = (fc: Node, ctx: Ctx): Node => {
  recordFunctionRef(fc['funcname'], ctx);
  const funcname = unqualify(fc['funcname']);
  let args: Node[] = (fc['args'] ?? []).map((a: Node) => norm(a, ctx));
  // The catalog prints a call of a variadic function with its trailing arguments collected:
  // f(a, 'x', 'y') comes back as f(a, VARIADIC ARRAY['x', 'y']). Spread them back.
  let variadic = fc['func_variadic'] === true;
  const last = args[args.length - 1];
  if (variadic && last?.['A_ArrayExpr']?.elements?.length) {
    args = [...args.slice(0, -1), ...last['A_ArrayExpr'].elements];
    variadic = false;
  }
  const fname = strList(funcname).join('.');
  if ((fname === 'nextval' || fname === 'currval' || fname === 'setval') && args[0]?.['A_Const']?.sval) {
    const qn = parseQualifiedText(args[0]['A_Const'].sval.sval, DEFAULT_SCHEMA);
    if (qn) {
      ctx.refs.add(`sequence:${qn.schema}.${qn.name}`);
      args = [{ A_Const: { sval: { sval: qualifiedText(qn) } } }, ...args.slice(1)];
    }
  }
  const out: Node = { ...stripKeys(fc), funcname };
  if (variadic) out['func_variadic'] = true;
  else delete out['func_variadic'];
  if (args.length) out['args'] = args;
  for (const k of ['agg_order', 'agg_filter', 'over']) if (fc[k]) out[k] = norm(fc[k], ctx);
  return { FuncCall: out };
};

const normBoolExpr = (be: Node, ctx: Ctx): Node => {
  const args: Node[] = [];
  for (const a of (be['args'] ?? []).map((x: Node) => norm(x, ctx))) {
    if (be['boolop'] !== 'NOT_EXPR' && a['BoolExpr']?.boolop === be['boolop']) args.push(...a['BoolExpr'].args);
    else args.push(a);
  }
  return { BoolExpr: { boolop: be['boolop'], args } };
};

const stripKeys = (n: Node): Node => {
  const out: Node = {};
  for (const [k, v] of Object.entries(n)) if (!DROP_KEYS.has(k)) out[k] = v;
  return out;
};

/** Normalise any node (recursively). Arrays and plain objects are walked; node types dispatch. */
const norm = (node: Node, ctx: Ctx): Node => {
  if (Array.isArray(node)) return node.map((n) => norm(n, ctx));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const k = keys[0]!;
    const v = node[k];
    switch (k) {
      case 'TypeCast': return normTypeCast(v, ctx);
      case 'FuncCall': return normFuncCall(v, ctx);
      case 'A_Expr': return normAExpr(v, (n) => norm(n, ctx));
      case 'BoolExpr': return normBoolExpr(v, ctx);
      case 'ColumnRef': {
        const f = v.fields ?? [];
        const last = f[f.length - 1]?.String?.sval;
        if (typeof last === 'string') ctx.refs.add(`column:${last}`);
        break;
      }
      // A CASE without ELSE is printed by the catalog with ELSE NULL.
      case 'CaseExpr': {
        const out = walk(v, ctx);
        if (out.defresult && isNullConst(out.defresult)) delete out.defresult;
        return { CaseExpr: out };
      }
      // Float literals (`1e3`, `1.50`) as numeric_out prints them; bit strings (`x'1F'`,
      // `b'0101'`) as bit_out does, in binary digits.
      case 'A_Const': {
        const n = v.fval ? numberConst(v.fval.fval) : null;
        if (n) return n;
        const bits = v.bsval ? bitStringDigits(v.bsval.bsval) : null;
        if (bits !== null) return { A_Const: { sval: { sval: bits } } };
        break;
      }
      // `(a, b)` and `ROW(a, b)` are the same row constructor; the catalog prints ROW(...).
      case 'RowExpr': return { RowExpr: { ...walk(v, ctx), row_format: 'COERCE_EXPLICIT_CALL' } };
      default: break;
    }
  }
  return walk(node, ctx);
};

/** Every field normalised, parse locations dropped. */
const walk = (node: Node, ctx: Ctx): Node => {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) if (!DROP_KEYS.has(k)) out[k] = typeof v === 'object' ? norm(v, ctx) : v;
  return out;
};

/** Normalise an expression node; returns the normalised node and the objects it uses. */
export const normaliseExpr = (node: Node): { readonly node: Node; readonly refs: readonly string[] } => {
  const ctx: Ctx = { refs: new Set() };
  const out = norm(node, ctx);
  return { node: out, refs: [...ctx.refs].sort() };
};

/** Build a SqlExpr from an expression node; `sql` is the text to emit (as written). */
export const exprFromNode = (node: Node, sql?: string): SqlExpr => {
  const { node: n, refs } = normaliseExpr(node);
  return { sql: sql ?? deparseNode(node), canon: deparseNode(n), refs };
};

/**
 * A column default. PostgreSQL reads an untyped literal default with the column type's input
 * function (`'f'` on a boolean column is stored as `false`): canonicalise it as that cast. The
 * emitted text stays as written.
 */
export const defaultExprFromNode = (node: Node, type: TypeRef, sql?: string): SqlExpr => {
  if (!node['A_Const']?.sval) return exprFromNode(node, sql);
  const names = [type.schema ?? 'pg_catalog', type.name].map(strNode);
  const typmods = type.modifiers.map((m) => ({ A_Const: { ival: m === 0 ? {} : { ival: m } } }));
  const arrayBounds = Array.from({ length: type.arrayDims }, () => ({ Integer: { ival: -1 } }));
  const typeName: Node = { names, typemod: -1, ...(typmods.length ? { typmods } : {}), ...(arrayBounds.length ? { arrayBounds } : {}) };
  const { node: n, refs } = normaliseExpr({ TypeCast: { arg: node, typeName } });
  return { sql: sql ?? deparseNode(node), canon: deparseNode(n), refs };
};

/** True for a bare NULL constant (PostgreSQL stores no default for DEFAULT NULL). */
export const isNullConst = (node: Node): boolean => {
  let n = node;
  while (n['TypeCast']) n = n['TypeCast'].arg;
  return n['A_Const']?.isnull === true;
};

export { referencedColumns } from './expr-nodes.js';
