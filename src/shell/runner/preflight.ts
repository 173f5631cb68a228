/**
 * Data pre-flight: before the first statement runs, every statement that existing rows can
 * make fail (SET NOT NULL, a CHECK or FOREIGN KEY added or validated, a new unique key or
 * unique index, a type change) is checked against the target with a bounded, read-only query,
 * so the run refuses early with the count and a sample key of the offending rows
 * (`public.users.email: 1,204 rows are NULL, e.g. id=17`) instead of failing half-way.
 *
 * A check is skipped (and said so) where its answer could be wrong: on tables the run creates,
 * on columns it adds or retypes first, and after any statement that changes data.
 */
import { descendantsOf } from '../../core/model/inheritance.js';
import { deparseNode, parseStatements, type Node } from '../../core/parse/pg-query.js';
import type { Schema } from '../../core/model/schema.js';
import { constraintsOf } from '../../core/model/by-table.js';
import { quoteIdent, quoteQualified } from '../../core/emit/sql/quote.js';
import { typeRefFromAst, typeToSql } from '../../core/canon/type-names.js';
import { DEFAULT_SCHEMA } from '../../core/canon/defaults.js';
import { referencedColumns } from '../../core/canon/expressions.js';
import { exec, DbError, type Client } from '../db/connect.js';
import type { MigrationFile, MigrationStatement } from './migration-file.js';
import { formatDuration } from '../config/duration.js';
import { pgDuration } from './pg-settings.js';
import type { EventSink } from './events.js';

interface Check {
  readonly subject: string;
  readonly file: MigrationFile;
  readonly statement: MigrationStatement;
  /** SELECT ... AS n: the number of offending rows (or groups). */
  readonly count: string;
  /** SELECT ... AS k: one offending key, as text. */
  readonly sample: string | null;
  readonly keyLabel: string;
  /** `rows are NULL`, `rows violate CHECK (...)`, ... */
  readonly problem: string;
}

export interface PreflightResult {
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  readonly checked: number;
}

export class PreflightError extends Error {
  constructor(failures: readonly string[]) {
    super(['refusing to apply: existing rows would make these statements fail (nothing was changed):', ...failures,
      'fix the data first (by hand, or in an earlier migration), or change the schema'].join('\n'));
    this.name = 'PreflightError';
  }
}

interface Rel { readonly schema: string; readonly name: string }
const rel = (rv: Node): Rel => ({ schema: rv['schemaname'] ?? DEFAULT_SCHEMA, name: rv['relname'] });
const keyOf = (r: Rel): string => `${r.schema}.${r.name}`;
const names = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n['String'].sval as string);

const DATA_CHANGING = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt', 'DoStmt', 'CallStmt', 'SelectStmt', 'TruncateStmt']);

/** The table's primary key as a text expression and its label (`id`, `(a, b)`), or ctid. */
const sampleKey = (live: Schema, t: Rel, alias: string): { expr: string; label: string } => {
  const pk = constraintsOf(live, keyOf(t)).find((c) => c.type === 'primary_key');
  const cols = pk?.columns ?? [];
  if (cols.length === 0) return { expr: `${alias}.ctid::text`, label: 'ctid' };
  if (cols.length === 1) return { expr: `${alias}.${quoteIdent(cols[0]!)}::text`, label: cols[0]! };
  return { expr: `ROW(${cols.map((c) => `${alias}.${quoteIdent(c)}`).join(', ')})::text`, label: `(${cols.join(', ')})` };
};

class Planner {
  readonly checks: Check[] = [];
  readonly notes: string[] = [];
  private readonly created = new Set<string>();
  private readonly touched = new Set<string>();
  private dataChangedAt: string | null = null;
  /** Types and routines the run creates or changes before a check (by last name part): a check using one cannot run on the target as it is. */
  private readonly changedNames = new Set<string>();
  private readonly added = new Map<string, Node>();

  constructor(private readonly live: Schema) {}

  private where(f: MigrationFile, s: MigrationStatement): string { return `${f.path}:${s.line}`; }

  private usable(f: MigrationFile, s: MigrationStatement, t: Rel, columns: readonly string[], what: string): boolean {
    const k = keyOf(t);
    if (this.created.has(k) || !(k in this.live.tables)) return false;
    const col = columns.find((c) => this.touched.has(`${k}.${c}`));
    const why = this.dataChangedAt ? `an earlier statement changes data (${this.dataChangedAt})`
      : col ? `column ${col} is added or retyped earlier in the run` : null;
    if (why) { this.notes.push(`${this.where(f, s)}: ${what} not pre-checked: ${why}`); return false; }
    return true;
  }

  private add(f: MigrationFile, s: MigrationStatement, t: Rel, subject: string, badRows: string, problem: string): void {
    const from = `${quoteQualified(t)} t`;
    const key = sampleKey(this.live, t, 't');
    this.checks.push({
      subject, file: f, statement: s, problem, keyLabel: key.label,
      count: `SELECT count(*)::bigint AS n FROM ${from} WHERE ${badRows}`,
      sample: `SELECT ${key.expr} AS k FROM ${from} WHERE ${badRows} LIMIT 1`,
    });
  }

  private notNull(f: MigrationFile, s: MigrationStatement, t: Rel, col: string): void {
    if (!this.usable(f, s, t, [col], `SET NOT NULL on ${col}`)) return;
    this.add(f, s, t, `${keyOf(t)}.${col}`, `t.${quoteIdent(col)} IS NULL`, 'rows are NULL');
  }

  private check(f: MigrationFile, s: MigrationStatement, t: Rel, c: Node): void {
    // `CHECK (col IS NOT NULL)` (how SET NOT NULL is staged) is the NOT NULL check: one scan, not two.
    const nt = c['raw_expr']?.NullTest;
    const col = nt?.nulltesttype === 'IS_NOT_NULL' && nt.arg?.ColumnRef?.fields?.length === 1 ? nt.arg.ColumnRef.fields[0].String?.sval : undefined;
    if (col) { this.notNull(f, s, t, col); return; }
    const expr = deparseNode(c['raw_expr']);
    const cols = referencedColumns(c['raw_expr']);
    if (!this.usable(f, s, t, cols, `CHECK ${c['conname'] ?? ''}`.trim())) return;
    // e.g. CAST('new label' AS mood) after ALTER TYPE mood ADD VALUE 'new label' earlier in the run.
    const uses = namesUsed(c['raw_expr']).find((n) => this.changedNames.has(n));
    if (uses !== undefined) {
      this.notes.push(`${this.where(f, s)}: ${`CHECK ${c['conname'] ?? ''}`.trim()} not pre-checked: it uses ${uses}, which the run creates or changes before it`);
      return;
    }
    this.add(f, s, t, `${keyOf(t)}.${c['conname'] ?? 'check'}`, `NOT (${expr})`, `rows violate CHECK (${expr})`);
  }

  private foreignKey(f: MigrationFile, s: MigrationStatement, t: Rel, c: Node): void {
    const parent = rel(c['pktable']);
    const fk = names(c['fk_attrs']);
    let pk = names(c['pk_attrs']);
    if (pk.length === 0) pk = constraintsOf(this.live, keyOf(parent)).find((k) => k.type === 'primary_key')?.columns.slice() ?? [];
    if (pk.length !== fk.length || !this.usable(f, s, t, fk, `FOREIGN KEY ${c['conname'] ?? ''}`.trim())) return;
    if (this.created.has(keyOf(parent)) || this.dataChangedAt) return;
    const match = fk.map((col, i) => `p.${quoteIdent(pk[i]!)} = t.${quoteIdent(col)}`).join(' AND ');
    const missing = `NOT EXISTS (SELECT 1 FROM ${quoteQualified(parent)} p WHERE ${match})`;
    const bad = c['fk_matchtype'] === 'f'
      ? `(${fk.map((x) => `t.${quoteIdent(x)} IS NOT NULL`).join(' OR ')}) AND (${fk.map((x) => `t.${quoteIdent(x)} IS NULL`).join(' OR ')} OR ${missing})`
      : `${fk.map((x) => `t.${quoteIdent(x)} IS NOT NULL`).join(' AND ')} AND ${missing}`;
    this.add(f, s, t, `${keyOf(t)}.${c['conname'] ?? 'fkey'}`, bad, `rows reference no row of ${keyOf(parent)} (${pk.join(', ')})`);
  }

  /** Duplicate keys of a new unique constraint or index; `exprs` are SQL over alias t. */
  private unique(f: MigrationFile, s: MigrationStatement, t: Rel, subject: string, exprs: readonly string[], cols: readonly string[], where: string | null, nullsDistinct: boolean): void {
    if (exprs.length === 0 || !this.usable(f, s, t, cols, `unique key ${subject}`)) return;
    const filters = [...(nullsDistinct ? exprs.map((e) => `(${e}) IS NOT NULL`) : []), ...(where ? [`(${where})`] : [])];
    const body = `FROM ${quoteQualified(t)} t${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''} GROUP BY ${exprs.join(', ')} HAVING count(*) > 1`;
    const label = exprs.length === 1 ? cols[0] ?? 'key' : `(${cols.join(', ')})`;
    this.checks.push({
      subject, file: f, statement: s, problem: 'key values occur more than once', keyLabel: label,
      count: `SELECT count(*)::bigint AS n FROM (SELECT 1 ${body}) d`,
      sample: `SELECT ${exprs.length === 1 ? `(${exprs[0]})::text` : `ROW(${exprs.join(', ')})::text`} AS k ${body} LIMIT 1`,
    });
  }

  private constraint(f: MigrationFile, s: MigrationStatement, t: Rel, c: Node): void {
    switch (c['contype']) {
      case 'CONSTR_CHECK': this.check(f, s, t, c); return;
      case 'CONSTR_FOREIGN': this.foreignKey(f, s, t, c); return;
      case 'CONSTR_PRIMARY': case 'CONSTR_UNIQUE': {
        if (c['indexname']) return; // USING INDEX: the index already holds the key
        const keys = names(c['keys']);
        if (c['contype'] === 'CONSTR_PRIMARY') for (const k of keys) this.notNull(f, s, t, k);
        this.unique(f, s, t, `${keyOf(t)}.${c['conname'] ?? 'key'}`, keys.map((k) => `t.${quoteIdent(k)}`), keys, null, !c['nulls_not_distinct']);
        return;
      }
      default:
    }
  }

  private alterType(f: MigrationFile, s: MigrationStatement, t: Rel, col: string, def: Node): void {
    const k = keyOf(t);
    const live = this.live.tables[k]?.columns.find((x) => x.name === col);
    if (!live || !this.usable(f, s, t, [col], `the type change of ${col}`)) return;
    let target;
    try { target = typeRefFromAst(def['typeName']); } catch { return; }
    const sql = typeToSql(target);
    const c = `t.${quoteIdent(col)}`;
    const subject = `${k}.${col}`;
    const len = target.modifiers[0];
    if (!def['raw_default'] && target.schema === null && (target.name === 'varchar' || target.name === 'bpchar') && len !== undefined && target.arrayDims === 0) {
      this.add(f, s, t, subject, `length(${c}::text) > ${len}`, `rows are longer than ${len} characters (${sql})`);
      return;
    }
    const conversion = def['raw_default'] ? deparseNode(def['raw_default']) : `${c}::${sql}`;
    // No count without converting row by row: one conversion of every value, which fails on the first bad one.
    this.checks.push({ subject, file: f, statement: s, problem: `values cannot be converted to ${sql}`, keyLabel: '',
      count: `SELECT count((${conversion}))::bigint * 0 AS n FROM ${quoteQualified(t)} t`, sample: null });
  }

  private alterTable(f: MigrationFile, s: MigrationStatement, stmt: Node): void {
    if (!stmt['relation'] || stmt['objtype'] !== 'OBJECT_TABLE') return;
    const t = rel(stmt['relation']);
    for (const x of stmt['cmds'] ?? []) {
      const cmd = x['AlterTableCmd'];
      switch (cmd.subtype) {
        case 'AT_SetNotNull': this.notNull(f, s, t, cmd.name); break;
        case 'AT_AddConstraint': {
          const c = cmd.def?.Constraint;
          if (!c) break;
          if (c.conname) this.added.set(`${keyOf(t)}.${c.conname}`, c);
          if (!c.skip_validation) this.constraint(f, s, t, c);
          break;
        }
        case 'AT_ValidateConstraint': {
          const c = this.added.get(`${keyOf(t)}.${cmd.name}`) ?? this.liveConstraint(t, cmd.name);
          if (c) this.constraint(f, s, t, c);
          break;
        }
        case 'AT_AlterColumnType': this.alterType(f, s, t, cmd.name, cmd.def?.ColumnDef ?? {}); this.touch(t, cmd.name); break;
        case 'AT_AddColumn': if (cmd.def?.ColumnDef) this.touch(t, cmd.def.ColumnDef.colname); break;
        default:
      }
    }
  }

  /** A column added or retyped: on the table and on its partitions and inheritance children, which get it too. */
  private touch(t: Rel, column: string): void {
    this.touched.add(`${keyOf(t)}.${column}`);
    for (const d of descendantsOf(this.live.tables, keyOf(t))) this.touched.add(`${keyOf(d.name)}.${column}`);
  }

  private liveConstraint(t: Rel, name: string): Node | null {
    const c = this.live.constraints[`${keyOf(t)}.${name}`];
    if (!c) return null;
    return { ...parseStatements(`ALTER TABLE _t ADD CONSTRAINT _c ${c.definition.sql}`)[0]!.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint, conname: name };
  }

  private index(f: MigrationFile, s: MigrationStatement, stmt: Node): void {
    if (!stmt['unique']) return;
    const t = rel(stmt['relation']);
    const elems: Node[] = (stmt['indexParams'] ?? []).map((e: Node) => e['IndexElem']);
    const exprs = elems.map((e) => (e['name'] ? `t.${quoteIdent(e['name'])}` : `(${deparseNode(e['expr'])})`));
    const cols = elems.map((e) => e['name'] ?? deparseNode(e['expr']));
    const where = stmt['whereClause'] ? deparseNode(stmt['whereClause']) : null;
    this.unique(f, s, t, `${t.schema}.${stmt['idxname'] ?? 'index'}`, exprs, cols, where, !stmt['nulls_not_distinct']);
  }

  statement(f: MigrationFile, s: MigrationStatement): void {
    const type = Object.keys(s.node)[0]!;
    const n = s.node[type];
    if (type === 'CreateStmt') this.created.add(keyOf(rel(n['relation'])));
    else if (type === 'AlterTableStmt') this.alterTable(f, s, n);
    else if (type === 'IndexStmt') this.index(f, s, n);
    else if (DATA_CHANGING.has(type)) this.dataChangedAt ??= this.where(f, s);
    const changed = changedName(type, n);
    if (changed !== null) this.changedNames.add(changed);
  }
}

/** The type or routine a statement creates or changes (its last name part), or null. */
const changedName = (type: string, n: Node): string | null => {
  const last = (list: readonly Node[] | undefined): string | null => names(list).at(-1) ?? null;
  switch (type) {
    case 'AlterEnumStmt': case 'CreateEnumStmt': case 'CreateRangeStmt': return last(n['typeName']);
    case 'AlterDomainStmt': return last(n['typeName']);
    case 'CreateDomainStmt': return last(n['domainname']);
    case 'CompositeTypeStmt': return n['typevar']?.relname ?? null;
    case 'CreateFunctionStmt': return last(n['funcname']);
    default: return null;
  }
};

/** The type names cast to and the routines called in an expression (last name parts). */
const namesUsed = (expr: unknown): string[] => {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Node;
    for (const field of ['TypeName', 'typeName']) if (Array.isArray(o[field]?.names)) out.push(names(o[field].names).at(-1)!);
    if (Array.isArray(o['funcname'])) out.push(names(o['funcname']).at(-1)!);
    Object.values(o).forEach(walk);
  };
  walk(expr);
  return out;
};

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Run the checks for the statements this run will execute (in order), each bounded by `timeoutMs`. */
export const runPreflight = async (
  client: Client, live: Schema, files: readonly { file: MigrationFile; statements: readonly MigrationStatement[] }[],
  opts: { timeoutMs: number; lockTimeoutMs: number; sink: EventSink },
): Promise<PreflightResult> => {
  const p = new Planner(live);
  for (const g of files) for (const s of g.statements) p.statement(g.file, s);
  const seen = new Set<string>();
  const failures: string[] = [];
  const notes = [...p.notes];
  let checked = 0;
  for (const c of p.checks) {
    if (seen.has(c.count)) continue;
    seen.add(c.count);
    const t0 = Date.now();
    await exec(client, 'BEGIN READ ONLY');
    let detail: string;
    let ok = true;
    try {
      await exec(client, `SET LOCAL statement_timeout = '${pgDuration(opts.timeoutMs)}'`);
      await exec(client, `SET LOCAL lock_timeout = '${pgDuration(opts.lockTimeoutMs)}'`);
      const n = Number((await exec<{ n: string }>(client, c.count)).rows[0]?.n ?? 0);
      if (n > 0) {
        const k = c.sample ? (await exec<{ k: string }>(client, c.sample)).rows[0]?.k : undefined;
        ok = false;
        detail = `${c.subject}: ${fmt(n)} ${c.problem}${k !== undefined ? `, e.g. ${c.keyLabel}=${k}` : ''}`;
      } else detail = `${c.subject}: ok`;
    } catch (e) {
      const db = e instanceof DbError ? e : null;
      // A data exception (class 22: a value that does not convert) is what the check looks for;
      // anything else says nothing about the rows and is only a note.
      const about = db === null || db.code.startsWith('22') || db.code.startsWith('23') ? null
        : db.code === '57014' ? `the check took longer than ${formatDuration(opts.timeoutMs)}`
        : db.code === '55P03' ? 'the table is locked' : `the check failed: ${db.message}`;
      if (about !== null) {
        detail = `${c.subject}: not pre-checked: ${about}`;
        notes.push(`${c.file.path}:${c.statement.line}: ${detail.slice(c.subject.length + 2)}`);
      } else {
        ok = false;
        detail = `${c.subject}: ${c.problem}: ${e instanceof Error ? e.message : String(e)}`;
      }
    } finally {
      await exec(client, 'ROLLBACK').catch(() => undefined);
    }
    checked++;
    opts.sink({ event: 'preflight', check: c.subject, ok, detail, durationMs: Date.now() - t0 });
    if (!ok) failures.push(`  ${detail}\n    statement (${c.file.path}:${c.statement.line}): ${c.statement.sql.split('\n')[0]!.trim()}`);
  }
  return { failures, notes, checked };
};
