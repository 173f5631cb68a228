/**
 * The migration lock: a session-level advisory lock, so two `migrate apply` runs against the same
 * database and tracking schema cannot interleave. Session-level (not transaction-level) because
 * one run spans many transactions plus autocommit statements. The key is derived from the
 * database name and tracking schema, so runs against different databases on one server, or
 * with different tracking schemas, do not block each other.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec, type Client } from '../db/connect.js';
import { DEFAULT_TRACKING_SCHEMA } from './tracking-table.js';

/** The signed 64-bit key (decimal text) for a database and tracking schema. */
export const migrationLockKey = (database: string, trackingSchema: string): string =>
  createHash('sha256').update(`pg-flux:${database}:${trackingSchema}`).digest().readBigInt64BE(0).toString();

export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly clientAddr: string | null;
  readonly backendStart: string | null;
}

export class LockTimeoutError extends Error {
  readonly key: string;
  readonly holder: LockHolder | null;
  constructor(key: string, timeoutMs: number, holder: LockHolder | null) {
    const waited = `${Math.round(timeoutMs / 100) / 10}s`;
    const who = holder === null
      ? 'by a session that could not be identified (it may have just released it)'
      : `by pid ${holder.pid} (application_name ${JSON.stringify(holder.applicationName ?? '')}, ` +
        `client ${holder.clientAddr ?? 'local socket'}, connected since ${holder.backendStart ?? 'unknown'})`;
    const fix = holder === null
      ? `If it is stuck, find it with: SELECT * FROM pg_locks WHERE locktype = 'advisory';`
      : `If that session is stuck, release the lock from it with: SELECT pg_advisory_unlock(${key}); ` +
        `or end the session with: SELECT pg_terminate_backend(${holder.pid});`;
    super(`could not acquire the pg-flux migration lock within ${waited}: it is held ${who}. ` +
      `Another migrate apply is probably running; wait for it. ${fix}`);
    this.name = 'LockTimeoutError';
    this.key = key;
    this.holder = holder;
  }
}

/** Keys held per client, so `release(client)` needs nothing but the client. */
const held = new WeakMap<Client, string>();

/**
 * Who holds the advisory lock `key` in this database. A bigint advisory key shows in pg_locks
 * as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
 */
const findHolder = async (client: Client, key: string): Promise<LockHolder | null> => {
  const r = await exec<{ pid: number; application_name: string | null; client_addr: string | null; backend_start: Date | null }>(client,
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start
       FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
        AND l.classid::bigint = (($1::bigint >> 32) & 4294967295)
        AND l.objid::bigint = ($1::bigint & 4294967295)
        AND l.pid <> pg_backend_pid()
      LIMIT 1`, [key]);
  const row = r.rows[0];
  if (!row) return null;
  return {
    pid: row.pid,
    applicationName: row.application_name,
    clientAddr: row.client_addr,
    backendStart: row.backend_start ? row.backend_start.toISOString() : null,
  };
};

/**
 * Take the migration lock, polling `pg_try_advisory_lock` (not the blocking form, so the wait is
 * bounded and the holder can be named when we give up). Returns the key.
 */
export const acquire = async (
  client: Client,
  opts: { trackingSchema?: string; timeoutMs?: number; pollMs?: number; log?: (line: string) => void } = {},
): Promise<string> => {
  const { trackingSchema = DEFAULT_TRACKING_SCHEMA, timeoutMs = 30_000, pollMs = 250 } = opts;
  const db = await exec<{ db: string }>(client, 'SELECT current_database() AS db');
  const key = migrationLockKey(db.rows[0]!.db, trackingSchema);
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const r = await exec<{ ok: boolean }>(client, 'SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
    if (r.rows[0]?.ok === true) {
      held.set(client, key);
      return key;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(key, timeoutMs, await findHolder(client, key));
    if (!announced && opts.log) {
      const h = await findHolder(client, key);
      opts.log(`waiting for the migration lock${h ? ` held by pid ${h.pid} (${h.applicationName ?? 'unknown application'})` : ''}...`);
      announced = true;
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
};

/**
 * Release the lock taken on this client. Never throws: a session-level lock also ends with its
 * session, and the caller is usually in a `finally` where a new error would hide the real one.
 */
export const release = async (client: Client): Promise<boolean> => {
  const key = held.get(client);
  if (key === undefined) return false;
  held.delete(client);
  try {
    const r = await exec<{ ok: boolean }>(client, 'SELECT pg_advisory_unlock($1::bigint) AS ok', [key]);
    return r.rows[0]?.ok === true;
  } catch {
    return false;
  }
};
