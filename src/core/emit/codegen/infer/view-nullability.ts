/**
 * Nullability of view output columns, inferred from the view's query (PostgreSQL reports every
 * view column nullable). The query is the server's own print (pg_get_viewdef: qualified names,
 * expanded `*`), parsed with libpg_query; each output expression is traced:
 * - a column of a base table is as nullable as the column, unless its table is on the nullable
 *   side of an outer join; `WHERE col IS NOT NULL` and strict comparisons in WHERE (top-level
 *   AND) make it non-null again;
 * - a column of another view, subquery or CTE takes that output's nullability;
 * - COALESCE is non-null when any argument is; count(*) and count(x) are never NULL; constants,
 *   IS [NOT] NULL tests, EXISTS and current_date-style values are non-null; operators, casts and
 *   STRICT functions of non-null inputs are non-null; CASE is non-null when every branch is;
 * - set operations are nullable when any branch is.
 * Anything else is nullable: the answer may be "nullable" for a column that never is, never the
 * reverse. A `@nonnull` / `@nullable` tag in a column's comment overrides the inference.
 */
import { parseStatements, type Node } from '../../../parse/pg-query.js';
import type { Schema } from '../../../model/schema.js';
import type { ViewDef } from '../../../model/objects.js';
import { resolveType } from '../types/resolve.js';
import { commentOf } from '../comments.js';

/** Nullability of a table's or view's output columns by name. */
type Columns = ReadonlyMap<string, boolean>;

interface Entry {
  /** Output columns (name → nullable) of the relation this FROM item reads. */
  readonly columns: Columns;
  /** On the nullable side of an outer join. */
  readonly outer: boolean;
}

interface Scope {
  readonly entries: ReadonlyMap<string, Entry>;
  /** Columns proven non-null by the WHERE clause (`alias.col` and `col`). */
  readonly notNull: ReadonlySet<string>;
  readonly ctes: ReadonlyMap<string, Columns>;
}

const NEVER_NULL_FUNCS = new Set([
  'count', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'now', 'current_timestamp',
  'transaction_timestamp', 'statement_timestamp', 'clock_timestamp', 'gen_random_uuid', 'uuidv4', 'uuidv7', 'random',
  'concat', 'concat_ws', 'format', 'num_nonnulls', 'num_nulls', 'pg_backend_pid', 'version', 'current_database',
  'current_schema', 'txid_current',
]);

/** Built-in functions known to be STRICT (NULL in, NULL out; non-null in, non-null out). */
const STRICT_BUILTINS = new Set([
  'lower', 'upper', 'length', 'char_length', 'character_length', 'octet_length', 'btrim', 'ltrim', 'rtrim', 'trim',
  'substr', 'substring', 'replace', 'left', 'right', 'lpad', 'rpad', 'abs', 'round', 'trunc', 'ceil', 'ceiling', 'floor',
  'date_trunc', 'date_part', 'extract', 'md5', 'initcap', 'reverse', 'repeat', 'sign', 'sqrt', 'mod', 'power',
  'to_char', 'age', 'split_part', 'strpos', 'position', 'starts_with', 'int4', 'int8', 'float8', 'numeric', 'text',
]);

const STRICT_OPS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||', '~~', '!~~', '~~*', '~', '~*', '!~', '^', '@>', '<@', '&&', '->', '->>', '#>', '#>>', '?']);

const fieldsOf = (n: Node): string[] => ((n['ColumnRef']?.fields ?? []) as Node[]).map((f) => f['String']?.sval ?? '*');

export interface InferContext {
  readonly schema: Schema;
  /** Output nullability of a relation (table or view) by key, or null when unknown. */
  readonly relation: (key: string) => Columns | null;
}

const tableColumns = (s: Schema, key: string): Columns | null => {
  const t = s.tables[key];
  if (!t) return null;
  return new Map(t.columns.map((c) => [c.name, !(c.notNull || resolveType(s, c.type).domainNotNull)]));
};

/** Nullability of every output column of a SELECT, in target-list order; null when not analysable. */
const selectOutputs = (sel: Node, ctx: InferContext, outerCtes: ReadonlyMap<string, Columns>): { names: string[]; nullable: boolean[] } | null => {
  if (sel['op'] && sel['op'] !== 'SETOP_NONE') {
    // Branches of a set operation are bare SelectStmt fields (no node wrapper).
    const branch = (b: Node | undefined): Node => (b?.['SelectStmt'] as Node | undefined) ?? b ?? {};
    const l = selectOutputs(branch(sel['larg']), ctx, outerCtes);
    const r = selectOutputs(branch(sel['rarg']), ctx, outerCtes);
    if (!l || !r || l.nullable.length !== r.nullable.length) return null;
    return { names: l.names, nullable: l.nullable.map((x, i) => x || r.nullable[i]!) };
  }
  if (sel['valuesLists']) return null;
  const ctes = new Map(outerCtes);
  for (const c of (sel['withClause']?.ctes ?? []) as Node[]) {
    const cte = c['CommonTableExpr'];
    const q = cte?.ctequery?.SelectStmt;
    if (!cte || !q || sel['withClause'].recursive) continue;
    const out = selectOutputs(q, ctx, ctes);
    if (!out) continue;
    const names = ((cte.aliascolnames ?? []) as Node[]).map((x) => x['String']?.sval as string);
    ctes.set(cte.ctename, new Map(out.names.map((n, i) => [names[i] ?? n, out.nullable[i]!])));
  }
  const entries = new Map<string, Entry>();
  for (const item of (sel['fromClause'] ?? []) as Node[]) addFrom(item, false, ctx, ctes, entries);
  const notNull = new Set<string>();
  if (sel['whereClause']) provenNotNull(sel['whereClause'], notNull);
  const scope: Scope = { entries, notNull, ctes };
  const names: string[] = [];
  const nullable: boolean[] = [];
  for (const t of (sel['targetList'] ?? []) as Node[]) {
    const rt = t['ResTarget'];
    const val = rt?.val as Node | undefined;
    if (!val) return null;
    const f = val['ColumnRef'] ? fieldsOf(val) : [];
    names.push(rt.name ?? f[f.length - 1] ?? '?column?');
    nullable.push(exprNullable(val, scope, ctx));
  }
  return { names, nullable };
};

const addFrom = (item: Node, outer: boolean, ctx: InferContext, ctes: ReadonlyMap<string, Columns>, out: Map<string, Entry>): void => {
  const rv = item['RangeVar'];
  if (rv) {
    const key = `${rv.schemaname ?? 'public'}.${rv.relname}`;
    const cols = (!rv.schemaname ? ctes.get(rv.relname) : undefined) ?? ctx.relation(key) ?? new Map<string, boolean>();
    const alias = rv.alias?.aliasname ?? rv.relname;
    const aliased = renameColumns(cols, rv.alias?.colnames);
    out.set(alias, { columns: aliased, outer });
    return;
  }
  const sub = item['RangeSubselect'];
  if (sub) {
    const q = sub.subquery?.SelectStmt;
    const r = q ? selectOutputs(q, ctx, ctes) : null;
    const cols = new Map<string, boolean>(r ? r.names.map((n, i) => [n, r.nullable[i]!]) : []);
    if (sub.alias?.aliasname) out.set(sub.alias.aliasname, { columns: renameColumns(cols, sub.alias.colnames), outer });
    return;
  }
  const j = item['JoinExpr'];
  if (j) {
    const t = j.jointype as string;
    addFrom(j.larg, outer || t === 'JOIN_RIGHT' || t === 'JOIN_FULL', ctx, ctes, out);
    addFrom(j.rarg, outer || t === 'JOIN_LEFT' || t === 'JOIN_FULL', ctx, ctes, out);
    return;
  }
  // Functions in FROM and anything else: unknown columns, treated as nullable.
  const alias = item['RangeFunction']?.alias?.aliasname;
  if (alias) out.set(alias, { columns: new Map(), outer: true });
};

const renameColumns = (cols: Columns, colnames: Node[] | undefined): Columns => {
  if (!colnames?.length) return cols;
  const values = [...cols.values()];
  const keys = [...cols.keys()];
  const m = new Map<string, boolean>();
  colnames.forEach((c, i) => m.set(c['String']?.sval as string, values[i] ?? true));
  for (let i = colnames.length; i < keys.length; i++) m.set(keys[i]!, values[i]!);
  return m;
};

/** Collect columns the WHERE clause proves non-null (conjuncts only; OR / NOT prove nothing). */
const provenNotNull = (n: Node, out: Set<string>): void => {
  if (n['BoolExpr']?.boolop === 'AND_EXPR') { for (const a of n['BoolExpr'].args as Node[]) provenNotNull(a, out); return; }
  const nt = n['NullTest'];
  if (nt?.nulltesttype === 'IS_NOT_NULL' && nt.arg?.ColumnRef) { out.add(fieldsOf(nt.arg).join('.')); return; }
  const e = n['A_Expr'];
  if (e?.kind === 'AEXPR_OP' && STRICT_OPS.has(e.name?.[0]?.String?.sval) && e.lexpr && e.rexpr) {
    for (const side of [e.lexpr, e.rexpr] as Node[]) if (side['ColumnRef']) out.add(fieldsOf(side).join('.'));
  }
};

const columnNullable = (f: string[], scope: Scope): boolean => {
  const col = f[f.length - 1]!;
  if (scope.notNull.has(f.join('.'))) return false;
  if (f.length >= 2) {
    const e = scope.entries.get(f[f.length - 2]!);
    if (!e) return true;
    const n = e.columns.get(col);
    return n === undefined ? true : n || e.outer;
  }
  // Unqualified: the one FROM item that has the column.
  const hits = [...scope.entries.entries()].filter(([, e]) => e.columns.has(col));
  if (hits.length !== 1) return true;
  const [alias, e] = hits[0]!;
  if (scope.notNull.has(`${alias}.${col}`)) return false;
  return e.columns.get(col)! || e.outer;
};

const funcName = (f: Node): string => {
  const parts = ((f['funcname'] ?? []) as Node[]).map((x) => x['String']?.sval as string);
  return parts.filter((p) => p !== 'pg_catalog').join('.');
};

const exprNullable = (n: Node, scope: Scope, ctx: InferContext): boolean => {
  const all = (xs: Node[] | undefined): boolean => (xs ?? []).every((x) => !exprNullable(x, scope, ctx));
  if (n['ColumnRef']) return columnNullable(fieldsOf(n), scope);
  if (n['A_Const']) return n['A_Const'].isnull === true;
  if (n['TypeCast']) return exprNullable(n['TypeCast'].arg, scope, ctx);
  if (n['CollateClause']) return exprNullable(n['CollateClause'].arg, scope, ctx);
  if (n['CoalesceExpr']) return !((n['CoalesceExpr'].args ?? []) as Node[]).some((a) => !exprNullable(a, scope, ctx));
  if (n['NullTest'] || n['BooleanTest']) return false;
  if (n['SQLValueFunction']) return false;
  if (n['SubLink']) return n['SubLink'].subLinkType !== 'EXISTS_SUBLINK' && n['SubLink'].subLinkType !== 'ARRAY_SUBLINK';
  if (n['BoolExpr']) return !all(n['BoolExpr'].args);
  if (n['A_ArrayExpr'] || n['RowExpr']) return false;
  if (n['CaseExpr']) {
    const c = n['CaseExpr'];
    if (!c.defresult) return true;
    const results = [...((c.args ?? []) as Node[]).map((w) => w['CaseWhen']?.result as Node), c.defresult as Node];
    return !all(results);
  }
  if (n['A_Expr']) {
    const e = n['A_Expr'];
    if (e.kind !== 'AEXPR_OP' || !STRICT_OPS.has(e.name?.[0]?.String?.sval)) return true;
    return !all([e.lexpr, e.rexpr].filter(Boolean));
  }
  if (n['FuncCall']) {
    const f = n['FuncCall'];
    const name = funcName(f);
    if (f.over && NEVER_NULL_FUNCS.has(name)) return false;
    if (f.agg_star || (name === 'count' && !f.over)) return false;
    if (NEVER_NULL_FUNCS.has(name)) return false;
    if (f.agg_filter || f.over) return true;
    const args = (f.args ?? []) as Node[];
    if (STRICT_BUILTINS.has(name) && args.length > 0) return !all(args);
    const user = userFunctionStrict(ctx.schema, name, args.length);
    return user ? !all(args) : true;
  }
  return true;
};

/** A user function of that name and arity that is STRICT and not set-returning (one overload only). */
const userFunctionStrict = (s: Schema, name: string, arity: number): boolean => {
  const [schema, fname] = name.includes('.') ? name.split('.') : ['public', name];
  const candidates = Object.values(s.functions).filter((f) => f.name.schema === schema && f.name.name === fname
    && f.args.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic').length === arity);
  if (candidates.length !== 1) return false;
  const f = candidates[0]!;
  return f.strict && !!f.returns && !f.returns.setof;
};

const TAG = /@(nonnull|nullable)\b/;

/** Nullability of each output column of a view, in column order (true: may be NULL). */
export const inferViewNullability = (v: ViewDef, ctx: InferContext): boolean[] => {
  let outputs: boolean[] | null = null;
  try {
    const stmt = parseStatements(v.query)[0];
    const sel = stmt?.node['SelectStmt'];
    const r = sel ? selectOutputs(sel, ctx, new Map()) : null;
    if (r && r.nullable.length === v.columns.length) outputs = r.nullable;
  } catch {
    outputs = null;
  }
  return v.columns.map((c, i) => {
    const tag = TAG.exec(commentOf(ctx.schema, 'column', `${v.name.schema}.${v.name.name}.${c.name}`) ?? '')?.[1];
    if (tag) return tag === 'nullable';
    if (resolveType(ctx.schema, c.type).domainNotNull) return false;
    return outputs?.[i] ?? true;
  });
};

/** Nullability of every table's and view's columns, views inferred in dependency order (memoised). */
export const relationNullability = (s: Schema): ((key: string) => Columns | null) => {
  const memo = new Map<string, Columns | null>();
  const visiting = new Set<string>();
  const get = (key: string): Columns | null => {
    if (memo.has(key)) return memo.get(key)!;
    const t = tableColumns(s, key);
    if (t) { memo.set(key, t); return t; }
    const v = s.views[key];
    if (!v || visiting.has(key)) return null;
    visiting.add(key);
    const nullable = inferViewNullability(v, { schema: s, relation: get });
    visiting.delete(key);
    const cols = new Map(v.columns.map((c, i) => [c.name, nullable[i]!]));
    memo.set(key, cols);
    return cols;
  };
  return get;
};
