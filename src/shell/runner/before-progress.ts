/**
 * Progress through a file's before-transaction section, kept until its transaction commits.
 * Those statements commit one by one before the transaction (an enum value a later statement
 * uses), so a crash or a failure in the transaction leaves them applied while the file is not:
 * the row says how many ran and the live schema hash right after them, so the next run resumes
 * after them (instead of mistaking their effect for drift) and messages say what was committed.
 * A table of its own (created when missing), so the tracking table keeps meaning "committed".
 */
import { exec, type Client } from '../db/connect.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';

export interface BeforeProgress {
  readonly checksum: string;
  /** Before-transaction statements committed. */
  readonly done: number;
  /** Schema hash of the live database once they had committed (null until the section finished). */
  readonly liveHash: string | null;
}

const table = (schema: string): string => `${quoteIdent(schema)}.before_progress`;

export const ensureBeforeProgress = async (client: Client, schema: string): Promise<void> => {
  // Checked first: CREATE TABLE IF NOT EXISTS would print a notice on every run.
  const exists = await exec<{ ok: boolean }>(client, 'SELECT to_regclass($1) IS NOT NULL AS ok', [table(schema)]);
  if (exists.rows[0]?.ok) return;
  await exec(client, `CREATE TABLE IF NOT EXISTS ${table(schema)} (
  filename text PRIMARY KEY,
  checksum text NOT NULL,
  done integer NOT NULL,
  live_hash text,
  updated_at timestamptz NOT NULL DEFAULT now()
)`);
};

export const readBeforeProgress = async (client: Client, schema: string): Promise<Map<string, BeforeProgress>> => {
  const exists = await exec<{ ok: boolean }>(client, 'SELECT to_regclass($1) IS NOT NULL AS ok', [table(schema)]);
  if (!exists.rows[0]?.ok) return new Map();
  const r = await exec<{ filename: string; checksum: string; done: number; live_hash: string | null }>(client,
    `SELECT filename, checksum, done, live_hash FROM ${table(schema)}`);
  return new Map(r.rows.map((x) => [x.filename, { checksum: x.checksum, done: x.done, liveHash: x.live_hash }]));
};

/** Record `done` statements committed (run in the statement's own transaction when it can). */
export const setBeforeDone = async (client: Client, schema: string, filename: string, checksum: string, done: number): Promise<void> => {
  await exec(client, `INSERT INTO ${table(schema)} (filename, checksum, done) VALUES ($1, $2, $3)
    ON CONFLICT (filename) DO UPDATE SET checksum = excluded.checksum, done = excluded.done, live_hash = NULL, updated_at = now()`,
  [filename, checksum, done]);
};

export const setBeforeHash = async (client: Client, schema: string, filename: string, hash: string): Promise<void> => {
  await exec(client, `UPDATE ${table(schema)} SET live_hash = $2, updated_at = now() WHERE filename = $1`, [filename, hash]);
};

/** Forget the progress (inside the file's transaction, so it goes exactly when the file is recorded). */
export const clearBeforeProgress = async (client: Client, schema: string, filename: string): Promise<void> => {
  await exec(client, `DELETE FROM ${table(schema)} WHERE filename = $1`, [filename]);
};
