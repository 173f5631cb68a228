/**
 * The migration file format: a header of `-- key: value` comments and up to three sections
 * marked by exact comment lines. Writer and reader live together so they cannot drift apart.
 * `parseMigrationFile` needs `loadParser()` to have resolved (statements are split by
 * PostgreSQL's own grammar, so comments, dollar quotes and strings are never mis-split).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SqlSyntaxError, parseStatements, scanComments, type Node, type RawStatement } from '../../core/parse/pg-query.js';
import type { Phase, Statement } from '../../core/model/plan.js';
import { HAZARD_TYPES, isHazardType, type HazardType } from '../../core/model/hazard.js';

export const PHASES: readonly Phase[] = ['before', 'main', 'after'];
const MARKERS: Record<Phase, string> = {
  before: '-- pg-flux:before-transaction',
  main: '-- pg-flux:transaction',
  after: '-- pg-flux:after-transaction',
};
const NOTES: Record<Phase, string | null> = {
  before: '-- Statements here run one at a time before the transaction (each must be idempotent).',
  main: null,
  after: '-- Statements here run one at a time after the transaction commits (each in its own transaction where PostgreSQL allows).',
};
/** Consent written into the file (by `generate --allow-hazards`), reviewed with it. */
const ALLOW = '-- pg-flux:allow-hazards';
const MAGIC = '-- pg-flux migration';
const HASH = /^[0-9a-f]{64}$/;

export interface MigrationStatement {
  readonly sql: string;
  /** 1-based line and column of the statement's first character in the file. */
  readonly line: number;
  readonly column: number;
  /** The parse tree (what the hazard classifier and the pre-flight checks read). */
  readonly node: Node;
}

export interface MigrationHeader {
  readonly version: string | null;
  readonly created: string | null;
  readonly label: string | null;
  readonly baseline: string | null;
  readonly target: string | null;
  readonly hazards: readonly string[];
}

export interface MigrationFile {
  readonly path: string;
  /** File name without directory: the identity recorded in the tracking table. */
  readonly name: string;
  /** Null for hand-written files that lack the `-- pg-flux migration` header. */
  readonly header: MigrationHeader | null;
  /** Hazard types consented to by `-- pg-flux:allow-hazards LIST` lines ('all' when one says all). */
  readonly allowHazards: readonly HazardType[] | 'all';
  readonly sections: Readonly<Record<Phase, readonly MigrationStatement[]>>;
}

export class MigrationFileError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string, column?: number) {
    super(`${file}:${line}${column === undefined ? '' : `:${column}`}: ${message}`);
    this.name = 'MigrationFileError';
    this.file = file;
    this.line = line;
  }
}

/** sha256 hex of the exact bytes (strings are hashed as UTF-8). */
export const checksum = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `YYYYMMDD_HHMMSS[_label].sql` in UTC; the label is lower-cased and reduced to [a-z0-9_]. */
export const migrationFileName = (created: Date, label: string | null): string => {
  const stamp = created.toISOString().replace(/\.\d+Z$/, '').replace(/-|:/g, '').replace('T', '_');
  const clean = (label ?? '').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
  return clean === '' ? `${stamp}.sql` : `${stamp}_${clean}.sql`;
};

/** A statement ending in a `--` comment would swallow a `;` on the same line. */
const terminate = (sql: string): string => {
  const body = sql.trim().replace(/;\s*$/, '');
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return lastLine.includes('--') ? `${body}\n;` : `${body};`;
};

// eslint-disable-next-line no-control-regex -- header values must not hold control characters
const oneLine = (s: string): string => s.replace(/[\r\n\u0000-\u001f]+/g, ' ').trim();

export const renderMigrationFile = (input: {
  version: string; created: Date; label: string | null; baseline: string; target: string;
  hazards: readonly string[]; statements: readonly Statement[];
  /** Hazard types consented to at generate time (written as an allow-hazards line when not empty). */
  allowHazards?: readonly string[];
  /** The `-- proof: ...` line of a shadow proof, if one ran. */
  proof?: string | null;
}): string => {
  for (const [k, v] of [['baseline', input.baseline], ['target', input.target]] as const)
    if (!HASH.test(v)) throw new Error(`renderMigrationFile: ${k} must be 64 lower-case hex digits, got ${JSON.stringify(v)}`);
  const hazards = [...new Set(input.hazards)].sort();
  const out = [MAGIC, `-- version: ${oneLine(input.version)}`, `-- created: ${input.created.toISOString().replace(/\.\d+Z$/, 'Z')}`];
  if (input.label !== null && oneLine(input.label) !== '') out.push(`-- label: ${oneLine(input.label)}`);
  out.push(`-- baseline: ${input.baseline}`, `-- target: ${input.target}`, `-- hazards: ${hazards.length ? hazards.join(', ') : 'none'}`);
  const allowed = [...new Set(input.allowHazards ?? [])].sort();
  if (allowed.length) out.push(`${ALLOW} ${allowed.join(', ')}`);
  if (input.proof) out.push(oneLine(input.proof));
  out.push('');
  for (const phase of PHASES) {
    const stmts = input.statements.filter((s) => s.phase === phase && s.sql.trim() !== '');
    if (stmts.length === 0 && phase !== 'main') continue;
    out.push(MARKERS[phase]);
    const note = NOTES[phase];
    if (note) out.push(note);
    if (stmts.length === 0) out.push('-- (no statements)', '');
    for (const s of stmts) out.push(terminate(s.sql), '');
  }
  return out.join('\n');
};

const TX_CONTROL: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: 'BEGIN', TRANS_STMT_START: 'START TRANSACTION', TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK', TRANS_STMT_PREPARE: 'PREPARE TRANSACTION', TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

/** Whether a statement may run inside a transaction block (after-section statements that can, run in one with their progress). */
export const canRunInTransaction = (node: Node): boolean => nonTransactional(node) === null;

/** Transaction control written in a file (savepoints are fine: they nest inside our transaction). */
const transactionControl = (node: Node): string | null => {
  const t = node['TransactionStmt'];
  return t ? TX_CONTROL[t.kind] ?? null : null;
};

const hasOption = (params: readonly Node[] | undefined, name: string): boolean =>
  (params ?? []).some((p) => p['DefElem']?.defname === name);

/** Why a statement cannot run inside a transaction block (from its parsed form), or null. */
const nonTransactional = (node: Node): string | null => {
  const [type] = Object.keys(node);
  const n = node[type!];
  switch (type) {
    case 'IndexStmt': return n.concurrent ? 'CREATE INDEX CONCURRENTLY' : null;
    case 'DropStmt': return n.concurrent ? 'DROP INDEX CONCURRENTLY' : null;
    case 'ReindexStmt':
      if (hasOption(n.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
      return ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(n.kind) ? 'REINDEX SCHEMA/DATABASE/SYSTEM' : null;
    case 'VacuumStmt': return n.is_vacuumcmd ? 'VACUUM' : null;
    case 'CreatedbStmt': return 'CREATE DATABASE';
    case 'DropdbStmt': return 'DROP DATABASE';
    case 'CreateTableSpaceStmt': return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt': return 'DROP TABLESPACE';
    case 'AlterSystemStmt': return 'ALTER SYSTEM';
    case 'ClusterStmt': return n.relation ? null : 'CLUSTER without a table';
    case 'AlterTableStmt':
      return (n.cmds ?? []).some((c: Node) => c['AlterTableCmd']?.subtype === 'AT_DetachPartition' && c['AlterTableCmd']?.def?.PartitionCmd?.concurrent)
        ? 'DETACH PARTITION CONCURRENTLY' : null;
    default: return null;
  }
};

const lineStartsOf = (text: string): number[] => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

/** 1-based line and column of a UTF-16 offset. */
const locate = (starts: readonly number[], offset: number): { line: number; column: number } => {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
};

/**
 * Translate a server error `position` (1-based, in characters of the statement as sent) to a
 * line and column in the file.
 */
export const positionInFile = (stmt: MigrationStatement, position: number): { line: number; column: number } => {
  let idx = 0;
  for (let n = 1; n < position && idx < stmt.sql.length; n++) idx += stmt.sql.codePointAt(idx)! > 0xffff ? 2 : 1;
  const before = stmt.sql.slice(0, idx);
  const nl = before.lastIndexOf('\n');
  return nl < 0 ? { line: stmt.line, column: stmt.column + idx } : { line: stmt.line + before.split('\n').length - 1, column: idx - nl };
};

const parseHeader = (file: string, lines: readonly string[]): MigrationHeader | null => {
  if (lines[0]?.trimEnd() !== MAGIC) return null;
  const h: Record<string, string> = {};
  for (let n = 1; n < lines.length; n++) {
    // Directives such as the allow-hazards line may sit among the header lines.
    if (lines[n]!.startsWith('-- pg-flux:')) continue;
    const m = /^-- ([a-z]+): ?(.*)$/.exec(lines[n]!.trimEnd());
    if (!m) break;
    const [, key, value] = m as unknown as [string, string, string];
    if ((key === 'baseline' || key === 'target') && !HASH.test(value))
      throw new MigrationFileError(file, n + 1, `${key} must be a sha256 hash (64 lower-case hex digits)`);
    if (key === 'hazards' && value !== 'none' && !value.split(',').every((x) => /^[A-Z][A-Z0-9_]*$/.test(x.trim())))
      throw new MigrationFileError(file, n + 1, 'hazards must be "none" or a comma-separated list such as DATA_LOSS, COLUMN_TYPE_CHANGE');
    h[key] = value;
  }
  const hazards = h.hazards === undefined || h.hazards === 'none' ? [] : h.hazards.split(',').map((x) => x.trim());
  return {
    version: h.version ?? null, created: h.created ?? null, label: h.label ?? null,
    baseline: h.baseline ?? null, target: h.target ?? null, hazards,
  };
};

/** Section markers and consent lines: whole-line `--` comments as the SQL scanner sees them (never inside quotes). */
const directives = (path: string, src: string, starts: readonly number[]) => {
  let comments;
  try {
    comments = scanComments(src);
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    const at = locate(starts, e.offset ?? 0);
    throw new MigrationFileError(path, at.line, `syntax error: ${e.message}`, at.column);
  }
  const lineStart = new Set(starts);
  const marks: { phase: Phase; start: number; line: number }[] = [];
  const allow: { types: HazardType[] | 'all'; line: number }[] = [];
  for (const c of comments) {
    if (!lineStart.has(c.start)) continue;
    const text = c.text.replace(/\r$/, '').trimEnd();
    const line = locate(starts, c.start).line;
    const phase = PHASES.find((p) => MARKERS[p] === text);
    if (phase !== undefined) { marks.push({ phase, start: c.start, line }); continue; }
    if (text === ALLOW || text.startsWith(`${ALLOW} `)) {
      const names = text.slice(ALLOW.length).split(',').map((x) => x.trim().toUpperCase()).filter(Boolean);
      if (names.includes('ALL')) { allow.push({ types: 'all', line }); continue; }
      const bad = names.filter((n) => !isHazardType(n));
      if (names.length === 0 || bad.length)
        throw new MigrationFileError(path, line, `${ALLOW} takes a comma-separated list of hazard types (${HAZARD_TYPES.join(', ')}) or all${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`);
      allow.push({ types: names as HazardType[], line });
    }
  }
  const allowHazards: readonly HazardType[] | 'all' = allow.some((a) => a.types === 'all')
    ? 'all' : [...new Set(allow.flatMap((a) => a.types as HazardType[]))].sort();
  return { marks, allowHazards };
};

export const parseMigrationFile = (path: string, text: string): MigrationFile => {
  // A BOM becomes a space so offsets (and so line numbers) stay those of the file.
  const src = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  const starts = lineStartsOf(src);
  const lines = src.split('\n').map((l) => l.replace(/\r$/, ''));
  const header = parseHeader(path, lines);
  const found = directives(path, src, starts);

  // Section boundaries: [phase, first offset, end offset]. The prelude (header) is phase null.
  const marks: { phase: Phase | null; start: number; line: number }[] = [{ phase: null, start: 0, line: 1 }];
  for (const m of found.marks) {
    const prev = marks.find((x) => x.phase === m.phase);
    if (prev) throw new MigrationFileError(path, m.line, `duplicate section marker "${MARKERS[m.phase]}" (first on line ${prev.line})`);
    const last = marks[marks.length - 1]!.phase;
    if (last !== null && PHASES.indexOf(last) > PHASES.indexOf(m.phase))
      throw new MigrationFileError(path, m.line, `section "${MARKERS[m.phase]}" must come before "${MARKERS[last]}"`);
    marks.push(m);
  }
  if (marks.length > 1 && !marks.some((m) => m.phase === 'main'))
    throw new MigrationFileError(path, marks[1]!.line, `missing the "${MARKERS.main}" section`);
  if (marks.length === 1) marks[0]!.phase = 'main'; // no markers: the whole file is one transaction

  const sections: Record<Phase, MigrationStatement[]> = { before: [], main: [], after: [] };
  marks.forEach((mark, k) => {
    const end = marks[k + 1]?.start ?? src.length;
    const chunk = src.slice(mark.start, end);
    if (chunk.trim() === '') return; // the parser rejects an empty text outright
    let split: readonly RawStatement[];
    try {
      split = parseStatements(chunk);
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) throw e;
      const at = locate(starts, mark.start + (e.offset ?? 0));
      throw new MigrationFileError(path, at.line, `syntax error: ${e.message}`, at.column);
    }
    for (const s of split) {
      const at = locate(starts, mark.start + s.offset);
      if (mark.phase === null)
        throw new MigrationFileError(path, at.line, `statement before the first section marker; put it under "${MARKERS.main}"`);
      const control = transactionControl(s.node);
      if (control !== null)
        throw new MigrationFileError(path, at.line, `${control} is not allowed in a migration file; remove it: pg-flux wraps each file in a transaction`);
      const why = mark.phase === 'main' ? nonTransactional(s.node) : null;
      if (why !== null)
        throw new MigrationFileError(path, at.line,
          `${why} cannot run inside a transaction; move it into a "${MARKERS.after}" section at the end of the file`);
      sections[mark.phase].push({ sql: s.text, line: at.line, column: at.column, node: s.node });
    }
  });
  return { path, name: basename(path), header, allowHazards: found.allowHazards, sections };
};

/**
 * The migration files of a directory: `*.sql` (not recursive), sorted by name in code-unit
 * order. `<name>_undo.sql` beside `<name>.sql` is that file's undo (migrate generate
 * --generate-undo), never applied as a migration.
 */
export const listMigrationFiles = async (dir: string): Promise<{ name: string; path: string; bytes: Buffer }[]> => {
  // No directory yet means no migrations yet (generate creates it).
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const names: string[] = [];
  for (const e of entries) {
    if (!e.name.endsWith('.sql')) continue;
    if (e.isFile() || (e.isSymbolicLink() && (await stat(join(dir, e.name))).isFile())) names.push(e.name);
  }
  // `<name>_undo.sql` is an undo only beside its `<name>.sql`: a migration labelled `no_undo` is a migration.
  const all = new Set(names);
  names.splice(0, names.length, ...names.filter((n) => !(n.endsWith('_undo.sql') && all.has(n.replace(/_undo\.sql$/, '.sql')))));
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(names.map(async (name) => ({ name, path: join(dir, name), bytes: await readFile(join(dir, name)) })));
};
