/**
 * CHECK constraints → validator facts per column. Only conjuncts that say something about one
 * column in a form with an exact meaning are used (`IN`/`= ANY` literal lists, numeric bounds,
 * `BETWEEN`, length bounds, `<> ''`, simple `~` patterns); anything else is left to the
 * database. The result may be weaker than the database, never stricter.
 */
import { parseStatements, type Node } from '../../parse/pg-query.js';
import type { ConstraintDef } from '../../model/objects.js';
import { NO_CHECKS, type FieldChecks } from './ir.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The boolean expression text inside `CHECK (...)`, or null when the text is not a plain CHECK. */
const checkText = (c: ConstraintDef): string | null => {
  const m = /^CHECK\s*\(([\s\S]*)\)(\s+NO INHERIT)?\s*$/i.exec(c.definition.canon);
  return m ? m[1]! : null;
};

const whereOf = (n: Node | undefined): Node | null => (n?.['SelectStmt']?.whereClause as Node | undefined) ?? null;

/**
 * Parse CHECK expressions 256 per parser call (one call per expression costs more than the
 * parsing on large schemas); a batch the parser rejects is parsed one by one, and an expression
 * that does not parse alone gives null (no facts).
 */
export const parseChecks = (texts: readonly string[]): (Node | null)[] => {
  const out: (Node | null)[] = [];
  for (let i = 0; i < texts.length; i += 256) {
    const batch = texts.slice(i, i + 256);
    try {
      const stmts = parseStatements(batch.map((t) => `SELECT 1 WHERE ${t};`).join('\n'));
      if (stmts.length !== batch.length) throw new Error('statement count');
      for (const st of stmts) out.push(whereOf(st.node));
    } catch {
      for (const t of batch) {
        try { out.push(whereOf(parseStatements(`SELECT 1 WHERE ${t}`)[0]?.node)); } catch { out.push(null); }
      }
    }
  }
  return out;
};

const conjuncts = (n: Node): Node[] =>
  n['BoolExpr']?.boolop === 'AND_EXPR' ? (n['BoolExpr'].args as Node[]).flatMap(conjuncts) : [n];

const stripCasts = (n: Node | undefined): Node | undefined => {
  let cur = n;
  while (cur?.['TypeCast']) cur = cur['TypeCast'].arg as Node;
  return cur;
};

/** The single-field column name of a ColumnRef (CHECKs name their own table's columns unqualified). */
const columnOf = (n: Node | undefined): string | null => {
  const f = stripCasts(n)?.['ColumnRef']?.fields as Node[] | undefined;
  if (!f || f.length !== 1) return null;
  const s = f[0]!['String']?.sval;
  return typeof s === 'string' ? s : null;
};

const numberOf = (n: Node | undefined): number | null => {
  const x = stripCasts(n);
  if (!x) return null;
  const neg = x['A_Expr'];
  if (neg && neg.kind === 'AEXPR_OP' && !neg.lexpr && neg.name?.[0]?.String?.sval === '-') {
    const v = numberOf(neg.rexpr as Node);
    return v === null ? null : -v;
  }
  const c = x['A_Const'];
  if (!c) return null;
  if (c.ival) return typeof c.ival.ival === 'number' ? c.ival.ival : 0;
  if (c.fval) { const v = Number(c.fval.fval); return Number.isFinite(v) ? v : null; }
  if (c.sval && /^-?\d+(\.\d+)?$/.test(String(c.sval.sval))) return Number(c.sval.sval);
  return null;
};

const stringOf = (n: Node | undefined): string | null => {
  const c = stripCasts(n)?.['A_Const'];
  // libpg_query leaves out empty fields: `''` is an sval with no sval inside.
  if (!c?.sval) return null;
  return typeof c.sval.sval === 'string' ? c.sval.sval : '';
};

const LENGTH_FUNCS = new Set(['length', 'char_length', 'character_length']);

/** `length(col)` → col. */
const lengthOf = (n: Node | undefined): string | null => {
  const f = stripCasts(n)?.['FuncCall'];
  if (!f) return null;
  const name = (f.funcname as Node[]).map((x) => x['String']?.sval).filter((x) => x !== 'pg_catalog');
  if (name.length !== 1 || !LENGTH_FUNCS.has(name[0]) || (f.args as Node[] | undefined)?.length !== 1) return null;
  return columnOf((f.args as Node[])[0]);
};

const FLIP: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/**
 * A POSIX regular expression that means the same in JavaScript: anchors, literal characters,
 * bracket expressions of literals and ranges, `.`, and the quantifiers `* + ? {n,m}`. Anything
 * else (classes, back references, `\m`, embedded options) is not translated.
 */
const portablePattern = (p: string): boolean => /^[\w\s^$.*+?{},|()\-[\]@:/#%&=!~'"<>]*$/u.test(p) && !/\[\[:|\\/.test(p) && !/\(\?/.test(p);

interface Facts { readonly column: string; readonly apply: (c: Mutable<FieldChecks>) => void }

const factOf = (n: Node): Facts | null => {
  const e = n['A_Expr'];
  if (!e) return null;
  const op: string | undefined = e.name?.[0]?.String?.sval;
  if (e.kind === 'AEXPR_IN' && op === '=') {
    const col = columnOf(e.lexpr);
    const items = (e.rexpr?.List?.items ?? []) as Node[];
    const vals = items.map(stringOf);
    if (!col || vals.some((v) => v === null) || vals.length === 0) return null;
    return { column: col, apply: (c) => { c.literals = vals as string[]; } };
  }
  if (e.kind === 'AEXPR_OP_ANY' && op === '=') {
    const col = columnOf(e.lexpr);
    const items = (stripCasts(e.rexpr)?.['A_ArrayExpr']?.elements ?? []) as Node[];
    const vals = items.map(stringOf);
    if (!col || vals.some((v) => v === null) || vals.length === 0) return null;
    return { column: col, apply: (c) => { c.literals = vals as string[]; } };
  }
  if (e.kind === 'AEXPR_BETWEEN' && op === 'BETWEEN') {
    const col = columnOf(e.lexpr);
    const [lo, hi] = ((e.rexpr?.List?.items ?? []) as Node[]).map(numberOf);
    if (!col || lo === null || lo === undefined || hi === null || hi === undefined) return null;
    return { column: col, apply: (c) => { c.min = { value: lo, inclusive: true }; c.max = { value: hi, inclusive: true }; } };
  }
  if (e.kind !== 'AEXPR_OP' || !op || !e.lexpr) return null;
  if (op === '~') {
    const col = columnOf(e.lexpr);
    const pat = stringOf(e.rexpr);
    if (!col || pat === null || !portablePattern(pat)) return null;
    return { column: col, apply: (c) => { c.pattern = pat; } };
  }
  if (op === '<>' || op === '!=') {
    const col = columnOf(e.lexpr);
    if (col && stringOf(e.rexpr) === '') return { column: col, apply: (c) => { c.minLength = Math.max(c.minLength ?? 0, 1); } };
    return null;
  }
  // Comparisons, either side: col OP n, n OP col, length(col) OP n.
  let left = e.lexpr as Node;
  let right = e.rexpr as Node;
  let o = op;
  if (numberOf(left) !== null && numberOf(right) === null) { [left, right] = [right, left]; o = FLIP[op] ?? ''; }
  const num = numberOf(right);
  if (num === null || !FLIP[o] || o === '=') return null;
  const lenCol = lengthOf(left);
  if (lenCol) {
    const n = Number.isInteger(num) ? num : null;
    if (n === null) return null;
    return {
      column: lenCol,
      apply: (c) => {
        if (o === '<=') c.maxLength = n; else if (o === '<') c.maxLength = n - 1;
        else if (o === '>=') c.minLength = n; else if (o === '>') c.minLength = n + 1;
      },
    };
  }
  const col = columnOf(left);
  if (!col) return null;
  return {
    column: col,
    apply: (c) => {
      if (o === '<' || o === '<=') c.max = { value: num, inclusive: o === '<=' };
      else c.min = { value: num, inclusive: o === '>=' };
    },
  };
};

/** Validator facts per column of every table (key `schema.table`), from the CHECK constraints of the model. */
export const checkFactsByTable = (constraints: Iterable<ConstraintDef>): ReadonlyMap<string, ReadonlyMap<string, FieldChecks>> => {
  const checks = [...constraints].filter((c) => c.type === 'check' && checkText(c) !== null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const exprs = parseChecks(checks.map((c) => checkText(c)!));
  const out = new Map<string, Map<string, Mutable<FieldChecks>>>();
  checks.forEach((c, i) => {
    const expr = exprs[i];
    if (!expr) return;
    const tableKey = `${c.table.schema}.${c.table.name}`;
    let table = out.get(tableKey);
    if (!table) { table = new Map(); out.set(tableKey, table); }
    for (const part of conjuncts(expr)) {
      const f = factOf(part);
      if (!f) continue;
      const cur = table.get(f.column) ?? { ...NO_CHECKS };
      f.apply(cur);
      table.set(f.column, cur);
    }
  });
  return out;
};
