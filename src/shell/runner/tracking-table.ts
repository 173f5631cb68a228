/**
 * The tracking table `<schema>.migrations`: one row per applied file. Its row is inserted in
 * the same transaction as the file's transactional statements, so "recorded" and "applied"
 * cannot disagree; `pending_after` counts the after-transaction statements still to run, which
 * is what lets an interrupted run resume instead of repeating committed work.
 * `statements_checksum` fingerprints what the file does (its parsed statements, without comments
 * or layout), so `migrate repair` can tell a cosmetic edit from one that changes the file's
 * effect; `baselined` marks rows recorded by `migrate baseline` without running the file.
 */
import { exec, type Client } from '../db/connect.js';
import { quoteIdent, quoteLiteral } from '../../core/emit/sql/quote.js';

export const DEFAULT_TRACKING_SCHEMA = '_pgflux';

export interface TrackingRow {
  readonly filename: string;
  readonly checksum: string;
  /** ISO-8601 timestamp. */
  readonly appliedAt: string;
  readonly durationMs: number;
  readonly baseline: string | null;
  readonly target: string | null;
  readonly toolVersion: string;
  readonly pendingAfter: number;
  /** Fingerprint of the file's statements (null for rows written before it was recorded). */
  readonly statementsChecksum?: string | null;
  /** Recorded by `migrate baseline`: marked as applied, never run by pg-flux. */
  readonly baselined?: boolean;
}

export class TrackingTableError extends Error {
  constructor(message: string) { super(message); this.name = 'TrackingTableError'; }
}

const table = (schema: string): string => `${quoteIdent(schema)}.migrations`;

const REQUIRED = ['filename', 'checksum', 'applied_at', 'duration_ms', 'baseline', 'target', 'tool_version', 'pending_after'];
/** Columns added after the first layout: added in place to tables created by earlier versions. */
const ADDED: readonly [string, string][] = [['statements_checksum', 'text'], ['baselined', 'boolean NOT NULL DEFAULT false']];

const TABLE_EXISTS = `SELECT EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = 'migrations' AND c.relkind IN ('r', 'p')) AS ok`;

/** Whether the tracking table exists (read-only; used by dry-run and status). */
export const trackingTableExists = async (client: Client, schema: string): Promise<boolean> => {
  const r = await exec<{ ok: boolean }>(client, TABLE_EXISTS, [schema]);
  return r.rows[0]?.ok === true;
};

/**
 * Create the schema and table when missing (no `IF NOT EXISTS` NOTICE on every run: it is looked
 * up first), add columns of newer layouts, and refuse a same-named table of another shape.
 * Call under the migration lock.
 */
export const ensureTrackingTable = async (client: Client, schema: string): Promise<void> => {
  if (!(await trackingTableExists(client, schema))) {
    const ns = await exec<{ ok: boolean }>(client, 'SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $1) AS ok', [schema]);
    if (ns.rows[0]?.ok !== true) await exec(client, `CREATE SCHEMA ${quoteIdent(schema)}`);
    await exec(client, `CREATE TABLE ${table(schema)} (
  filename text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  baseline text,
  target text,
  tool_version text NOT NULL,
  pending_after integer NOT NULL DEFAULT 0,
  statements_checksum text,
  baselined boolean NOT NULL DEFAULT false
)`);
    await exec(client, `COMMENT ON TABLE ${table(schema)} IS ${quoteLiteral('pg-flux: migrations applied to this database (one row per file)')}`);
    return;
  }
  // A table left by another tool (or an older layout) would fail later on INSERT with a
  // confusing message; say what is wrong up front instead.
  const r = await exec<{ attname: string }>(client,
    `SELECT a.attname FROM pg_catalog.pg_attribute a
      WHERE a.attrelid = (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = $1 AND c.relname = 'migrations')
        AND a.attnum > 0 AND NOT a.attisdropped`, [schema]);
  const have = new Set(r.rows.map((x) => x.attname));
  const missing = REQUIRED.filter((c) => !have.has(c));
  if (missing.length > 0)
    throw new TrackingTableError(`the tracking table ${table(schema)} exists but lacks column(s) ${missing.join(', ')}; ` +
      'it was not created by pg-flux (use another --tracking-schema, or move that table away)');
  for (const [name, type] of ADDED) if (!have.has(name)) await exec(client, `ALTER TABLE ${table(schema)} ADD COLUMN ${name} ${type}`);
};

interface RawRow {
  filename: string; checksum: string; applied_at: string; duration_ms: number; baseline: string | null;
  target: string | null; tool_version: string; pending_after: number; statements_checksum?: string | null; baselined?: boolean;
}

/**
 * All rows, ordered by filename (code-point order, independent of the database collation).
 * Read as JSON so that a table of an earlier layout (without the newer columns) reads too:
 * status and dry runs never alter the table.
 */
export const readTrackingRows = async (client: Client, schema: string): Promise<TrackingRow[]> => {
  const r = await exec<{ r: RawRow }>(client, `SELECT to_jsonb(m) AS r FROM ${table(schema)} m ORDER BY m.filename COLLATE "C"`);
  return r.rows.map(({ r: x }) => ({
    filename: x.filename,
    checksum: x.checksum,
    appliedAt: new Date(x.applied_at).toISOString(),
    durationMs: x.duration_ms,
    baseline: x.baseline,
    target: x.target,
    toolVersion: x.tool_version,
    pendingAfter: x.pending_after,
    statementsChecksum: x.statements_checksum ?? null,
    baselined: x.baselined ?? false,
  }));
};

/** Record an applied file. Call inside the file's transaction. */
export const insertTrackingRow = async (
  client: Client, schema: string, row: Omit<TrackingRow, 'appliedAt'>,
): Promise<void> => {
  await exec(client,
    `INSERT INTO ${table(schema)} (filename, checksum, duration_ms, baseline, target, tool_version, pending_after, statements_checksum, baselined)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [row.filename, row.checksum, Math.round(row.durationMs), row.baseline, row.target, row.toolVersion, row.pendingAfter,
      row.statementsChecksum ?? null, row.baselined ?? false]);
};

/** Record progress through the after-transaction statements (0 = the file is complete). */
export const setPendingAfter = async (client: Client, schema: string, filename: string, pendingAfter: number): Promise<void> => {
  await exec(client, `UPDATE ${table(schema)} SET pending_after = $2 WHERE filename = $1`, [filename, pendingAfter]);
};

/** Accept an edited file: new checksums for a row (`migrate repair`). */
export const updateChecksums = async (client: Client, schema: string, filename: string, checksum: string, statementsChecksum: string): Promise<void> => {
  await exec(client, `UPDATE ${table(schema)} SET checksum = $2, statements_checksum = $3 WHERE filename = $1`, [filename, checksum, statementsChecksum]);
};

/** Forget a file (its undo ran: `migrate rollback`). Call inside the undo's transaction. */
export const deleteTrackingRow = async (client: Client, schema: string, filename: string): Promise<void> => {
  await exec(client, `DELETE FROM ${table(schema)} WHERE filename = $1`, [filename]);
};
