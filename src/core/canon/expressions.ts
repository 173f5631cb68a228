/**
 * Canonical expressions. Source text and catalog text (pg_get_expr & co.) are both parsed by
 * PostgreSQL's grammar; the resulting trees are normalised here and printed, so the same
 * meaning gives the same `canon` string on both sides:
 * - casts over constants and column references are dropped (the catalog adds them, people
 *   rarely write them; a cast there never changes which column or value is meant),
 * - `x IN (...)` becomes `x = ANY (ARRAY[...])`, BETWEEN becomes two comparisons,
 *   LIKE/ILIKE become their operators, nested AND/OR are flattened,
 * - `pg_catalog.` and the default schema are dropped from function, type and operator names,
 * - nextval('seq') arguments are schema-qualified.
 */
import { deparseNode, type Node } from '../parse/pg-query.js';
import type { SqlExpr } from '../model/expr.js';
import type { TypeRef } from '../model/type-ref.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { isBuiltinType } from './type-names.js';
import { parseQualifiedText, qualifiedText } from './identifiers.js';
import { canonicalInterval, canonicalNumeric, parseBoolLiteral } from './literals.js';

const DROP_KEYS = new Set(['location', 'rexpr_list_start', 'rexpr_list_end', 'stmt_location', 'stmt_len']);
const NUMERIC_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'smallint', 'integer', 'bigint']);

interface Ctx { readonly refs: Set<string> }

const strList = (names: readonly Node[] | undefined): string[] => (names ?? []).map((n) => n['String']?.sval ?? '');
const strNode = (s: string): Node => ({ String: { sval: s } });

/** Drop `pg_catalog` / default-schema qualification from a name list. */
const unqualify = (names: readonly Node[] | undefined): Node[] => {
  const parts = strList(names);
  if (parts.length === 2 && (parts[0] === 'pg_catalog' || parts[0] === DEFAULT_SCHEMA)) return [strNode(parts[1]!)];
  return parts.map(strNode);
};

/** A number as numeric_out prints it: whole numbers in int4 range as Integer, others as Float. */
const numberConst = (s: string): Node | null => {
  const t = canonicalNumeric(s);
  if (t === null) return null;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647) return { A_Const: { ival: n === 0 ? {} : { ival: n } } };
  }
  return { A_Const: { fval: { fval: t } } };
};

/** A string constant read by a type's input function, in the form the catalog prints it back. */
const typedStringConst = (target: string, typmods: boolean, sval: string): Node | null => {
  if (NUMERIC_TYPES.has(target)) return numberConst(sval);
  if (target === 'bool' || target === 'boolean') {
    const b = parseBoolLiteral(sval);
    return b === null ? null : { A_Const: { boolval: b ? { boolval: true } : {} } };
  }
  if (target === 'interval' && !typmods) {
    const i = canonicalInterval(sval);
    return i === null ? null : { A_Const: { sval: { sval: i } } };
  }
  return null;
};

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
    if (typeof sval === 'string') return typedStringConst(target, (tc['typeName']?.typmods ?? []).length > 0, sval) ?? arg;
    return arg;
  }
  // Casts of columns and of CURRENT_USER-like values are how the catalog shows implicit coercions.
  if (inner === 'ColumnRef' || inner === 'SQLValueFunction') return arg;
  if (inner === 'A_ArrayExpr' && (arg['A_ArrayExpr'].elements ?? []).every((e: Node) => 'A_Const' in e)) return arg;
  const typeName = { ...tc['typeName'], names: unqualify(tc['typeName']?.names) };
  return { TypeCast: { arg, typeName: stripKeys(typeName) } };
};

const normFuncCall = (fc: Node, ctx: Ctx): Node => {
  const funcname = unqualify(fc['funcname']);
  let args: Node[] = (fc['args'] ?? []).map((a: Node) => norm(a, ctx));
  const fname = strList(funcname).join('.');
  if ((fname === 'nextval' || fname === 'currval' || fname === 'setval') && args[0]?.['A_Const']?.sval) {
    const qn = parseQualifiedText(args[0]['A_Const'].sval.sval, DEFAULT_SCHEMA);
    if (qn) {
      ctx.refs.add(`sequence:${qn.schema}.${qn.name}`);
      args = [{ A_Const: { sval: { sval: qualifiedText(qn) } } }, ...args.slice(1)];
    }
  }
  const out: Node = { ...stripKeys(fc), funcname };
  if (args.length) out['args'] = args;
  for (const k of ['agg_order', 'agg_filter', 'over']) if (fc[k]) out[k] = norm(fc[k], ctx);
  return { FuncCall: out };
};

const op = (name: string, l: Node, r: Node): Node => ({ A_Expr: { kind: 'AEXPR_OP', name: [strNode(name)], lexpr: l, rexpr: r } });

const negate = (n: Node | undefined): Node | null => {
  const c = n?.['A_Const'];
  if (!c || (!c.ival && !c.fval)) return null;
  const text = c.fval ? String(c.fval.fval) : String(c.ival.ival ?? 0);
  return numberConst(text.startsWith('-') ? text.slice(1) : `-${text}`);
};

const bool = (boolop: 'AND_EXPR' | 'OR_EXPR', args: Node[]): Node => (args.length === 1 ? args[0]! : { BoolExpr: { boolop, args } });

/**
 * `x IN (...)` as transformAExprIn builds it: the items without column references become one
 * `x = ANY (ARRAY[...])` when there are at least two of them; every other item becomes its own
 * comparison, all joined by OR (AND for NOT IN).
 */
const normIn = (lexpr: Node, name: Node[], opName: string, items: Node[]): Node => {
  const vars = items.filter((i) => referencedColumns(i).length > 0);
  const consts = items.filter((i) => referencedColumns(i).length === 0);
  const useOr = opName !== '<>';
  const parts: Node[] = [];
  let singles = [...consts, ...vars];
  if (consts.length > 1) {
    parts.push({ A_Expr: { kind: useOr ? 'AEXPR_OP_ANY' : 'AEXPR_OP_ALL', name, lexpr, rexpr: { A_ArrayExpr: { elements: consts } } } });
    singles = vars;
  }
  for (const i of singles) parts.push({ A_Expr: { kind: 'AEXPR_OP', name, lexpr, rexpr: i } });
  return bool(useOr ? 'OR_EXPR' : 'AND_EXPR', parts);
};

/** `ROW(a, b) = ROW(1, 2)` is compared column by column (make_row_comparison_op): AND of =, OR of <>. */
const rowItems = (n: Node | undefined): Node[] | null => (n?.['RowExpr'] ? n['RowExpr'].args ?? [] : null);

const normAExpr = (ae: Node, ctx: Ctx): Node => {
  const lexpr = ae['lexpr'] ? norm(ae['lexpr'], ctx) : undefined;
  const name = unqualify(ae['name']);
  const opName = strList(name)[0] ?? '';
  switch (ae['kind']) {
    case 'AEXPR_IN':
      return normIn(lexpr!, name, opName, (ae['rexpr']?.List?.items ?? []).map((i: Node) => norm(i, ctx)));
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      // transformAExprBetween: two comparisons; SYMMETRIC ORs (ANDs when negated) both orders.
      const [lo, hi] = (ae['rexpr']?.List?.items ?? []).map((i: Node) => norm(i, ctx));
      const not = ae['kind'].startsWith('AEXPR_NOT');
      const range = (a: Node, b: Node): Node => not
        ? bool('OR_EXPR', [op('<', lexpr!, a), op('>', lexpr!, b)])
        : bool('AND_EXPR', [op('>=', lexpr!, a), op('<=', lexpr!, b)]);
      if (!ae['kind'].endsWith('_SYM')) return range(lo!, hi!);
      return bool(not ? 'AND_EXPR' : 'OR_EXPR', [range(lo!, hi!), range(hi!, lo!)]);
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR': // SIMILAR TO is stored as the regex operator over similar_to_escape()
      return { A_Expr: { kind: 'AEXPR_OP', name, lexpr, rexpr: norm(ae['rexpr'], ctx) } };
    case 'AEXPR_NOT_DISTINCT':
      return { BoolExpr: { boolop: 'NOT_EXPR', args: [{ A_Expr: { kind: 'AEXPR_DISTINCT', name, lexpr, rexpr: norm(ae['rexpr'], ctx) } }] } };
    default: {
      const rexpr = ae['rexpr'] ? norm(ae['rexpr'], ctx) : undefined;
      // Unary minus of a number is a negative constant (the grammar folds `- 1`; the catalog
      // stores `-(1.5::numeric)` as '-1.5'::numeric).
      const negated = ae['kind'] === 'AEXPR_OP' && !lexpr && opName === '-' ? negate(rexpr) : null;
      if (negated) return negated;
      const [l, r] = [rowItems(lexpr), rowItems(rexpr)];
      if (ae['kind'] === 'AEXPR_OP' && l && r && l.length === r.length && (opName === '=' || opName === '<>')) {
        return bool(opName === '=' ? 'AND_EXPR' : 'OR_EXPR', l.map((x, i) => ({ A_Expr: { kind: 'AEXPR_OP', name, lexpr: x, rexpr: r[i]! } })));
      }
      const out: Node = { kind: ae['kind'], name };
      if (lexpr) out['lexpr'] = lexpr;
      if (rexpr) out['rexpr'] = rexpr;
      return { A_Expr: out };
    }
  }
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
      case 'A_Expr': return normAExpr(v, ctx);
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
      // Float literals (`1e3`, `1.50`) as numeric_out prints them.
      case 'A_Const': {
        const n = v.fval ? numberConst(v.fval.fval) : null;
        if (n) return n;
        break;
      }
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
  if (!node['A_Const']?.sval || type.arrayDims > 0) return exprFromNode(node, sql);
  const names = [type.schema ?? 'pg_catalog', type.name].map(strNode);
  const typmods = type.modifiers.map((m) => ({ A_Const: { ival: m === 0 ? {} : { ival: m } } }));
  const typeName: Node = { names, typemod: -1, ...(typmods.length ? { typmods } : {}) };
  const { node: n, refs } = normaliseExpr({ TypeCast: { arg: node, typeName } });
  return { sql: sql ?? deparseNode(node), canon: deparseNode(n), refs };
};

/** True for a bare NULL constant (PostgreSQL stores no default for DEFAULT NULL). */
export const isNullConst = (node: Node): boolean => {
  let n = node;
  while (n['TypeCast']) n = n['TypeCast'].arg;
  return n['A_Const']?.isnull === true;
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
