/**
 * The tracking table `<schema>.migrations`: one row per applied file. Its row is inserted in
 * the same transaction as the file's transactional statements, so "recorded" and "applied"
 * cannot disagree; `pending_after` counts the after-transaction statements still to run, which
 * is what lets an interrupted run resume instead of repeating committed work.
 */
import { exec, type Client } from '../db/connect.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';

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
}

const table = (schema: string): string => `${quoteIdent(schema)}.migrations`;

const COLUMNS = ['filename', 'checksum', 'applied_at', 'duration_ms', 'baseline', 'target', 'tool_version', 'pending_after'];

/** Whether the tracking table exists (read-only; used by dry-run and status). */
export const trackingTableExists = async (client: Client, schema: string): Promise<boolean> => {
  const r = await exec<{ ok: boolean }>(client,
    `SELECT EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = 'migrations' AND c.relkind IN ('r', 'p')) AS ok`, [schema]);
  return r.rows[0]?.ok === true;
};

/** Create the schema and table when missing; refuse a same-named table of another shape. */
export const ensureTrackingTable = async (client: Client, schema: string): Promise<void> => {
  await exec(client, `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await exec(client, `CREATE TABLE IF NOT EXISTS ${table(schema)} (
  filename text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  baseline text,
  target text,
  tool_version text NOT NULL,
  pending_after integer NOT NULL DEFAULT 0
)`);
  // A table left by another tool (or an older layout) would fail later on INSERT with a
  // confusing message; say what is wrong up front instead.
  const r = await exec<{ attname: string }>(client,
    `SELECT a.attname FROM pg_catalog.pg_attribute a
      WHERE a.attrelid = (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = $1 AND c.relname = 'migrations')
        AND a.attnum > 0 AND NOT a.attisdropped`, [schema]);
  const have = new Set(r.rows.map((x) => x.attname));
  const missing = COLUMNS.filter((c) => !have.has(c));
  if (missing.length > 0)
    throw new Error(`the tracking table ${table(schema)} exists but lacks column(s) ${missing.join(', ')}; ` +
      'it was not created by this version of pg-flux (use another --tracking-schema, or migrate that table by hand)');
};

interface RawRow {
  filename: string; checksum: string; applied_at: Date; duration_ms: number; baseline: string | null;
  target: string | null; tool_version: string; pending_after: number;
}

/** All rows, ordered by filename (code-point order, independent of the database collation). */
export const readTrackingRows = async (client: Client, schema: string): Promise<TrackingRow[]> => {
  const r = await exec<RawRow>(client,
    `SELECT ${COLUMNS.join(', ')} FROM ${table(schema)} ORDER BY filename COLLATE "C"`);
  return r.rows.map((x) => ({
    filename: x.filename,
    checksum: x.checksum,
    appliedAt: x.applied_at.toISOString(),
    durationMs: x.duration_ms,
    baseline: x.baseline,
    target: x.target,
    toolVersion: x.tool_version,
    pendingAfter: x.pending_after,
  }));
};

/** Record an applied file. Call inside the file's transaction. */
export const insertTrackingRow = async (
  client: Client, schema: string, row: Omit<TrackingRow, 'appliedAt'>,
): Promise<void> => {
  await exec(client,
    `INSERT INTO ${table(schema)} (filename, checksum, duration_ms, baseline, target, tool_version, pending_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.filename, row.checksum, Math.round(row.durationMs), row.baseline, row.target, row.toolVersion, row.pendingAfter]);
};

/** Record progress through the after-transaction statements (0 = the file is complete). */
export const setPendingAfter = async (client: Client, schema: string, filename: string, pendingAfter: number): Promise<void> => {
  await exec(client, `UPDATE ${table(schema)} SET pending_after = $2 WHERE filename = $1`, [filename, pendingAfter]);
};
