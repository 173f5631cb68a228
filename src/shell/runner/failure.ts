/** A statement that failed while applying, as one printable message: where, what, why, and what state the file is in. */
import type { Phase } from '../../core/model/plan.js';
import { DbError } from '../db/connect.js';
import { positionInFile, type MigrationFile, type MigrationStatement } from './migration-file.js';
import type { WaitInfo } from './monitor.js';

/** A statement failed while applying. The message is printable as is. */
export class MigrationApplyError extends Error {
  readonly file: string;
  readonly line: number | null;
  /** SQLSTATE when the server rejected the statement. */
  readonly sqlstate: string | null;
  constructor(message: string, fields: { file: string; line: number | null; sqlstate: string | null }) {
    super(message);
    this.name = 'MigrationApplyError';
    this.file = fields.file;
    this.line = fields.line;
    this.sqlstate = fields.sqlstate;
  }
}

export const LOCK_NOT_AVAILABLE = '55P03';
export const QUERY_CANCELED = '57014';
const OUT_OF_SHARED_MEMORY = '53200';

export const firstLine = (sql: string): string => {
  const l = sql.split('\n')[0]!.trim();
  return l.length > 120 ? `${l.slice(0, 117)}...` : l;
};

/**
 * A file's transaction keeps a lock on every object it creates or alters until COMMIT, and the
 * server's shared lock table has room for about max_locks_per_transaction × (max_connections +
 * max_prepared_transactions) of them: a first migration of thousands of tables can exceed it.
 */
const lockTableNote = (file: MigrationFile): string =>
  `  why: this file runs ${file.sections.main.length} statements in one transaction, which holds a lock on every object it touches ` +
  'until COMMIT, more than the server\'s lock table has room for. Raise max_locks_per_transaction on the server (a restart is needed; ' +
  'e.g. 1024 for ~10,000 tables), or reach the schema in several smaller migrations (generate from part of the source, apply, repeat).';

/** Who held the lock a statement gave up waiting for. */
export const blockersNote = (w: WaitInfo | null): string[] => {
  if (!w || w.blockers.length === 0) return ['  blocked by: a session that had released its lock by the time pg-flux looked (see pg_stat_activity)'];
  return [
    ...(w.wants ? [`  it waited for: ${w.wants}`] : []),
    ...w.blockers.map((b) => `  blocked by: pid ${b.pid} (application_name ${JSON.stringify(b.applicationName)}, ${b.state ?? 'unknown state'}` +
      `${b.queryStart ? `, query started ${b.queryStart}` : ''})${b.holds ? ` holding ${b.holds}` : ''}${b.query ? `; query: ${b.query}` : ''}`),
    `  to end it after checking what it does: SELECT pg_terminate_backend(${w.blockers[0]!.pid});`,
  ];
};

/** What a failure in each section leaves behind, when the caller has nothing more precise to say. */
const CONSEQUENCE: Record<Phase, string> = {
  before: 'Nothing after this statement ran; the before-transaction statements that already ran are committed (they are idempotent, so re-running is safe).',
  main: "The file's transaction was rolled back: nothing from this file was applied.",
  after: "The file's transaction was committed; this and the remaining after-transaction statements did not run, and it will be resumed by the next migrate apply.",
};

/** `file:line[:col]: message (SQLSTATE x)` plus the statement, detail, hint and what happened. */
export const failure = (
  file: MigrationFile, stmt: MigrationStatement | null, phase: Phase, e: unknown, consequence: string = CONSEQUENCE[phase], extra: readonly string[] = [],
): MigrationApplyError => {
  const db = e instanceof DbError ? e : null;
  let where = file.path;
  if (stmt) {
    const at = db?.position ? positionInFile(stmt, db.position) : null;
    where += at ? `:${at.line}:${at.column}` : `:${stmt.line}`;
  }
  const msg = [`${where}: ${e instanceof Error ? e.message : String(e)}${db ? ` (SQLSTATE ${db.code})` : ''}`];
  msg.push(stmt ? `  statement (line ${stmt.line}): ${firstLine(stmt.sql)}` : '  while committing the transaction');
  if (db?.detail) msg.push(`  detail: ${db.detail}`);
  if (db?.hint) msg.push(`  hint: ${db.hint}`);
  if (db?.code === OUT_OF_SHARED_MEMORY && phase === 'main') msg.push(lockTableNote(file));
  msg.push(...extra);
  msg.push(`  ${consequence}`);
  return new MigrationApplyError(msg.join('\n'), { file: file.name, line: stmt?.line ?? null, sqlstate: db?.code ?? null });
};
