/**
 * `migrate apply`: run pending migration files in order under the migration lock.
 *
 * Per file: `before` statements autocommit one by one (they are idempotent, so a failure later
 * is safe to retry); then one transaction holding the `main` statements AND the tracking row, so
 * a file is recorded exactly when its transactional part committed; then the `after` statements
 * one by one, counting `pending_after` down so an interrupted run resumes where it stopped.
 */
import { performance } from 'node:perf_hooks';
import { loadParser, parseStatements } from '../../core/parse/pg-query.js';
import type { Phase } from '../../core/model/plan.js';
import { connect, exec, DbError, type Client } from '../db/connect.js';
import { acquire, release } from './advisory-lock.js';
import { PHASES, checksum, listMigrationFiles, positionInFile, type MigrationFile, type MigrationStatement } from './migration-file.js';
import { parseForward } from './combined-format.js';
import { checkHistory } from './history.js';
import { statementsChecksum } from './fingerprint.js';
import { classifyMigrations } from './status.js';
import { DEFAULT_TRACKING_SCHEMA, ensureTrackingTable, insertTrackingRow, readTrackingRows, setPendingAfter, trackingTableExists } from './tracking-table.js';

export interface ApplyOptions {
  url: string;
  migrationsDir: string;
  trackingSchema?: string;
  dryRun?: boolean;
  toolVersion: string;
  /** How long to wait for another run's migration lock (default 30 s). */
  lockWaitMs?: number | undefined;
  /** A pending file that sorts before the newest applied one is an error, not a warning. */
  strictOrder?: boolean | undefined;
  /** Shown in pg_stat_activity (and so to a run waiting for the lock). */
  applicationName?: string | undefined;
  /** `SET LOCAL lock_timeout` for each file's transaction, e.g. '5s'. Unset: server default. */
  lockTimeout?: string;
  /** `SET LOCAL statement_timeout` for each file's transaction. Unset: server default. */
  statementTimeout?: string;
  /** Called before each pending file runs, with the pending file before it in this run (the caller checks baseline hashes). */
  beforePending?: (file: MigrationFile, previous: MigrationFile | null) => Promise<void>;
  log?: (line: string) => void;
}

export interface ApplyReport {
  /** Files applied (or, in a dry run, that would be), in order; `resumed` = only after-statements ran; `sql` = what a dry run would run. */
  readonly applied: readonly { file: string; durationMs: number; resumed: boolean; sql?: string }[];
  /** Files already applied and complete. */
  readonly skipped: readonly string[];
  readonly warnings: readonly string[];
  readonly dryRun: boolean;
}

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

const AFTER_NOTE = 'it will be resumed by the next migrate apply';
const CONSEQUENCE: Record<Phase, string> = {
  before: 'Nothing after this statement ran; the before-transaction statements that already ran are committed (they are idempotent, so re-running is safe).',
  main: "The file's transaction was rolled back: nothing from this file was applied.",
  after: `The file's transaction was committed; this and the remaining after-transaction statements did not run, and ${AFTER_NOTE}.`,
};

const firstLine = (sql: string): string => {
  const l = sql.split('\n')[0]!.trim();
  return l.length > 120 ? `${l.slice(0, 117)}...` : l;
};

const OUT_OF_SHARED_MEMORY = '53200';

/**
 * A file's transaction keeps a lock on every object it creates or alters until COMMIT, and the
 * server's shared lock table has room for about max_locks_per_transaction × (max_connections +
 * max_prepared_transactions) of them: a first migration of thousands of tables can exceed it.
 */
const lockTableNote = (file: MigrationFile): string =>
  `  why: this file runs ${file.sections.main.length} statements in one transaction, which holds a lock on every object it touches ` +
  'until COMMIT, more than the server\'s lock table has room for. Raise max_locks_per_transaction on the server (a restart is needed; ' +
  'e.g. 1024 for ~10,000 tables), or reach the schema in several smaller migrations (generate from part of the source, apply, repeat).';

/** `file:line[:col]: message (SQLSTATE x)` plus the statement, detail, hint and what happened. */
export const failure = (file: MigrationFile, stmt: MigrationStatement | null, phase: Phase, e: unknown): MigrationApplyError => {
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
  msg.push(`  ${CONSEQUENCE[phase]}`);
  return new MigrationApplyError(msg.join('\n'), { file: file.name, line: stmt?.line ?? null, sqlstate: db?.code ?? null });
};

/**
 * Before re-running an interrupted `CREATE INDEX CONCURRENTLY`: a failed build leaves an INVALID
 * index that would make a retry fail ("already exists") or, with IF NOT EXISTS, silently keep
 * the broken index; drop it. A VALID index of that name means the build finished before the
 * interruption: return false to skip the statement.
 */
const prepareIndexRetry = async (client: Client, stmt: MigrationStatement, log: (l: string) => void): Promise<boolean> => {
  const idx = parseStatements(stmt.sql)[0]?.node['IndexStmt'];
  if (!idx?.concurrent || !idx.idxname) return true;
  const schema: string | null = idx.relation?.schemaname ?? null;
  // Indexes live in their table's schema; names from the parse tree are raw (never spliced).
  const r = await exec<{ idx: string; valid: boolean }>(client,
    `SELECT i.indexrelid::regclass::text AS idx, i.indisvalid AS valid
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      WHERE c.relname = $1 AND t.relname = $2 AND ($3::text IS NULL OR n.nspname = $3)
        AND ($3::text IS NOT NULL OR pg_catalog.pg_table_is_visible(t.oid))`,
    [idx.idxname, idx.relation.relname, schema]).catch(() => null);
  const row = r?.rows[0];
  if (!row) return true;
  if (row.valid) {
    log(`  index ${row.idx} already exists and is valid; its interrupted CREATE INDEX CONCURRENTLY is treated as done`);
    return false;
  }
  log(`  dropping INVALID index ${row.idx} left by an interrupted CREATE INDEX CONCURRENTLY`);
  // The name is the server's own regclass output, already quoted by PostgreSQL.
  await exec(client, `DROP INDEX CONCURRENTLY IF EXISTS ${row.idx}`);
  return true;
};

export const applyMigrations = async (opts: ApplyOptions): Promise<ApplyReport> => {
  const log = opts.log ?? (() => undefined);
  const schema = opts.trackingSchema ?? DEFAULT_TRACKING_SCHEMA;
  const dryRun = opts.dryRun ?? false;
  const onDisk = await listMigrationFiles(opts.migrationsDir);
  const bytesByName = new Map(onDisk.map((f) => [f.name, f]));
  await loadParser();
  const client = await connect(opts.url, opts.applicationName === undefined ? {} : { applicationName: opts.applicationName });
  client.on('notice', (n) => log(`  ${n.severity ?? 'NOTICE'}: ${n.message}`));
  try {
    await acquire(client, { trackingSchema: schema, waitMs: opts.lockWaitMs, log });
    if (!dryRun) await ensureTrackingTable(client, schema);
    const rows = dryRun && !(await trackingTableExists(client, schema)) ? [] : await readTrackingRows(client, schema);
    const entries = classifyMigrations(onDisk.map((f) => ({ name: f.name, checksum: checksum(f.bytes) })), rows);

    // Refuse before running anything when applied files were edited; warn about out-of-order
    // files (refuse under strictOrder) and about tracked files this checkout lacks.
    const { warnings } = checkHistory(entries, { strictOrder: opts.strictOrder ?? false, migrationsDir: opts.migrationsDir });
    warnings.forEach((w) => log(`warning: ${w}`));

    // Parse everything that will run first, so a broken file stops the run before any change.
    const parse = (name: string): MigrationFile => {
      const f = bytesByName.get(name)!;
      return parseForward(f.path, f.bytes.toString('utf8'));
    };
    const resumes = entries.filter((e) => e.state === 'incomplete').map((e) => ({ entry: e, file: parse(e.file) }));
    const pending = entries.filter((e) => e.state === 'pending').map((e) => ({ entry: e, file: parse(e.file) }));
    const applied: { file: string; durationMs: number; resumed: boolean; sql?: string }[] = [];

    const runStatement = async (file: MigrationFile, stmt: MigrationStatement, phase: Phase): Promise<void> => {
      try {
        await exec(client, stmt.sql);
      } catch (e) {
        throw failure(file, stmt, phase, e);
      }
    };
    /** Run the last `remaining` after-statements, recording progress after each one. */
    const runAfter = async (file: MigrationFile, remaining: number, resuming: boolean): Promise<void> => {
      const after = file.sections.after;
      for (let k = after.length - remaining; k < after.length; k++) {
        const stmt = after[k]!;
        // Only the first remaining statement can have been started by the interrupted run.
        const run = !(resuming && k === after.length - remaining) || (await prepareIndexRetry(client, stmt, log));
        if (run) await runStatement(file, stmt, 'after');
        await setPendingAfter(client, schema, file.name, after.length - k - 1);
      }
    };

    for (const { entry, file } of resumes) {
      log(`${dryRun ? 'would resume' : 'resuming'} ${file.name}: ${entry.pendingAfter} after-transaction statement(s) left`);
      if (dryRun) {
        applied.push({ file: file.name, durationMs: 0, resumed: true, sql: file.sections.after.slice(-entry.pendingAfter).map((s) => `${s.sql};`).join('\n') });
        continue;
      }
      const t0 = performance.now();
      await runAfter(file, Math.min(entry.pendingAfter, file.sections.after.length), true);
      applied.push({ file: file.name, durationMs: Math.round(performance.now() - t0), resumed: true });
    }

    let previous: MigrationFile | null = null;
    for (const { entry, file } of pending) {
      if (opts.beforePending) await opts.beforePending(file, previous);
      previous = file;
      if (dryRun) {
        const sql = PHASES.filter((phase) => file.sections[phase].length > 0)
          .map((phase) => [`-- ${phase === 'main' ? 'transaction' : `${phase}-transaction`}`, ...file.sections[phase].map((s) => `${s.sql};`)].join('\n'));
        applied.push({ file: file.name, durationMs: 0, resumed: false, sql: sql.join('\n') });
        continue;
      }
      const t0 = performance.now();
      for (const stmt of file.sections.before) await runStatement(file, stmt, 'before');
      await exec(client, 'BEGIN');
      try {
        if (opts.lockTimeout !== undefined) await exec(client, "SELECT set_config('lock_timeout', $1, true)", [opts.lockTimeout]);
        if (opts.statementTimeout !== undefined) await exec(client, "SELECT set_config('statement_timeout', $1, true)", [opts.statementTimeout]);
        for (const stmt of file.sections.main) await runStatement(file, stmt, 'main');
        await insertTrackingRow(client, schema, {
          filename: file.name, checksum: entry.checksum!, durationMs: performance.now() - t0,
          baseline: file.header?.baseline ?? null, target: file.header?.target ?? null,
          toolVersion: opts.toolVersion, pendingAfter: file.sections.after.length, statementsChecksum: statementsChecksum(file),
        });
        try {
          await exec(client, 'COMMIT');
        } catch (e) {
          throw failure(file, null, 'main', e); // e.g. a deferred constraint checked at commit
        }
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
      await runAfter(file, file.sections.after.length, false);
      const durationMs = Math.round(performance.now() - t0);
      applied.push({ file: file.name, durationMs, resumed: false });
    }
    const skipped = entries.filter((e) => e.state === 'applied').map((e) => e.file);
    return { applied, skipped, warnings, dryRun };
  } finally {
    await release(client);
    await client.end().catch(() => undefined);
  }
};
