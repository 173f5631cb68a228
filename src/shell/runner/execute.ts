/**
 * Running statements: each one watched by the monitor (lock waits, progress), and each unit of
 * work — a transaction, or one statement that cannot run in one — retried a bounded number of
 * times with backoff when it gave up waiting for a lock (lock_timeout, SQLSTATE 55P03). A
 * waiting DDL statement queues every later reader and writer of its table behind it, so it must
 * give up quickly and try again rather than wait.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { exec, DbError, type Client } from '../db/connect.js';
import type { EventSink, StatementRef } from './events.js';
import { LOCK_NOT_AVAILABLE } from './failure.js';
import type { Monitor } from './monitor.js';
import { formatDuration } from '../config/duration.js';

export interface Executor {
  readonly client: Client;
  readonly monitor: Monitor | null;
  readonly sink: EventSink;
  /** Retries after a lock timeout (attempts = retries + 1). */
  readonly lockRetries: number;
  /** First backoff; doubled each retry, with jitter. */
  readonly backoffMs: number;
  /** The signal name once the run was interrupted. */
  readonly interrupted: () => string | null;
  readonly beforeStatement?: (s: StatementRef) => Promise<void>;
}

/** A statement of a unit failed; the unit was rolled back (or was one autocommit statement). */
export class UnitFailure<S> extends Error {
  constructor(readonly stmt: S | null, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'UnitFailure';
  }
}

export class Interrupted extends Error {
  constructor(readonly signal: string) { super(`interrupted by ${signal}`); this.name = 'Interrupted'; }
}

export const checkInterrupted = (ex: Executor): void => {
  const s = ex.interrupted();
  if (s) throw new Interrupted(s);
};

/** Run one statement with the monitor watching it. */
export const runWatched = async (ex: Executor, ref: StatementRef, sql: string): Promise<void> => {
  checkInterrupted(ex);
  await ex.beforeStatement?.(ref);
  ex.sink({ event: 'statement_start', statement: ref });
  const stop = ex.monitor?.watch(ref, ex.sink);
  const t0 = performance.now();
  try {
    const r = await exec(ex.client, sql);
    ex.sink({ event: 'statement_end', statement: ref, durationMs: Math.round(performance.now() - t0), rows: typeof r.rowCount === 'number' ? r.rowCount : null });
  } finally {
    await stop?.();
  }
};

const isLockTimeout = (e: unknown): boolean =>
  e instanceof UnitFailure && e.cause instanceof DbError && e.cause.code === LOCK_NOT_AVAILABLE;

/**
 * Run `unit` (which throws UnitFailure naming the failing statement), retrying on lock timeout.
 * `ref` turns the failing statement into a reference for the retry event.
 */
export const withLockRetries = async <S, T>(
  ex: Executor, ref: (s: S | null) => StatementRef, unit: (attempt: number) => Promise<T>,
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unit(attempt);
    } catch (e) {
      if (!isLockTimeout(e) || attempt > ex.lockRetries || ex.interrupted()) throw e;
      const delayMs = Math.round(ex.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
      const f = e as UnitFailure<S>;
      const who = ex.monitor?.lastBlockers()?.blockers.map((b) => `pid ${b.pid} (${b.applicationName || 'no application_name'})`).join(', ');
      ex.sink({ event: 'retry', statement: ref(f.stmt), attempt: attempt + 1, of: ex.lockRetries + 1, delayMs,
        reason: `lock timeout${who ? ` behind ${who}` : ''}; trying again in ${formatDuration(delayMs)}` });
      await sleep(delayMs);
      checkInterrupted(ex);
    }
  }
};
