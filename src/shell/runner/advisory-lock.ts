/**
 * The migration lock: a session-level advisory lock, so two `migrate apply` (or `rollback`,
 * `baseline`, `repair`) runs against the same database cannot interleave. Session-level (not
 * transaction-level) because one run spans many transactions plus autocommit statements.
 *
 * Which database: advisory locks live in the server's lock table tagged with the database they
 * were taken in, so the lock is per server (host, port) and database by construction; the key
 * adds the tracking schema. The key is deliberately computed from what the server says
 * (`current_database()`), never from how the client spelled the host: `localhost` and
 * `127.0.0.1` (or a socket) reach the same database and must take the same lock.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec, type Client } from '../db/connect.js';
import { formatDuration } from '../config/duration.js';
import { DEFAULT_TRACKING_SCHEMA } from './tracking-table.js';

/** How long a run waits for the lock when not told otherwise (the seeds: 30 seconds). */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

/** The signed 64-bit key (decimal text) for a database and tracking schema. */
export const migrationLockKey = (database: string, trackingSchema: string): string =>
  createHash('sha256').update(`pg-flux:${database}:${trackingSchema}`).digest().readBigInt64BE(0).toString();

export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly clientAddr: string | null;
  readonly backendStart: string | null;
  readonly state: string | null;
  readonly stateChange: string | null;
}

/** `pid 123 (application "pg-flux migrate apply pid 77 on ci-1", client 10.0.0.5, connected since ..., idle since ...)`. */
export const describeHolder = (h: LockHolder): string => {
  const parts = [
    `application ${h.applicationName ? JSON.stringify(h.applicationName) : 'unnamed'}`,
    `client ${h.clientAddr ?? 'local socket'}`,
    `connected since ${h.backendStart ?? 'unknown'}`,
  ];
  if (h.state) parts.push(`${h.state}${h.stateChange ? ` since ${h.stateChange}` : ''}`);
  return `pid ${h.pid} (${parts.join(', ')})`;
};

export class LockTimeoutError extends Error {
  readonly key: string;
  readonly holder: LockHolder | null;
  constructor(key: string, waitMs: number, holder: LockHolder | null) {
    const who = holder === null
      ? 'by a session that could not be identified (it may have just released it)'
      : `by ${describeHolder(holder)}`;
    const fix = holder === null
      ? `Find it with: SELECT pid, application_name, client_addr, backend_start FROM pg_stat_activity WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory');`
      : `If that session is stuck, check it first: SELECT pid, application_name, client_addr, state, query_start, query FROM pg_stat_activity WHERE pid = ${holder.pid}; ` +
        `then end it with: SELECT pg_terminate_backend(${holder.pid}); (its open transaction rolls back and the lock is released)`;
    super(`could not acquire the pg-flux migration lock within ${formatDuration(waitMs)}: it is held ${who}. ` +
      `Another migrate apply is probably running against this database; wait for it, or raise --lock-wait. ${fix}`);
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
  const r = await exec<{ pid: number; application_name: string | null; client_addr: string | null; backend_start: Date | null; state: string | null; state_change: Date | null }>(client,
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state, a.state_change
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
    state: row.state,
    stateChange: row.state_change ? row.state_change.toISOString() : null,
  };
};

/**
 * Take the migration lock, polling `pg_try_advisory_lock` (not the blocking form, so the wait is
 * bounded and the holder can be named when we give up). Says once that it is waiting, and on
 * whom. Returns the key.
 */
export const acquire = async (
  client: Client,
  opts: { trackingSchema?: string; waitMs?: number | undefined; pollMs?: number; log?: (line: string) => void } = {},
): Promise<string> => {
  const { trackingSchema = DEFAULT_TRACKING_SCHEMA, pollMs = 200 } = opts;
  const waitMs = opts.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const db = await exec<{ db: string }>(client, 'SELECT current_database() AS db');
  const key = migrationLockKey(db.rows[0]!.db, trackingSchema);
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    const r = await exec<{ ok: boolean }>(client, 'SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
    if (r.rows[0]?.ok === true) {
      held.set(client, key);
      return key;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(key, waitMs, await findHolder(client, key));
    if (!announced) {
      announced = true;
      const h = await findHolder(client, key);
      opts.log?.(`waiting up to ${formatDuration(waitMs)} for the migration lock, held by ${h ? describeHolder(h) : 'another session'}`);
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

/** `pg-flux migrate apply pid 4242 on build-7`: what the lock holder shows in pg_stat_activity. */
export const applicationName = (command: string, pid: number, host: string): string =>
  `pg-flux ${command} pid ${pid} on ${host}`.slice(0, 63);
