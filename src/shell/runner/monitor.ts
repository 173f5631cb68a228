/**
 * A second session beside the one that runs the migration: it sees what the first cannot while
 * a statement runs — who blocks it (pg_blocking_pids, pg_locks, pg_stat_activity), how far an
 * index build is (pg_stat_progress_create_index) — and cancels it (pg_cancel_backend) on
 * Ctrl-C or SIGTERM, which the running session itself cannot do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, exec, type Client } from '../db/connect.js';
import type { Blocker, EventSink, StatementRef } from './events.js';

const BLOCKERS_SQL = `
WITH w AS (
  SELECT l.locktype, l.relation, l.mode FROM pg_catalog.pg_locks l WHERE l.pid = $1 AND NOT l.granted
)
SELECT a.pid, coalesce(a.application_name, '') AS application_name, a.state, a.query_start,
       left(regexp_replace(a.query, '\\s+', ' ', 'g'), 200) AS query,
       (SELECT string_agg(DISTINCT l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype), ', ')
          FROM pg_catalog.pg_locks l
         WHERE l.pid = a.pid AND l.granted
           AND (l.relation IN (SELECT relation FROM w WHERE relation IS NOT NULL) OR l.locktype IN (SELECT locktype FROM w WHERE relation IS NULL))) AS holds,
       (SELECT string_agg(w.mode || ' on ' || coalesce(w.relation::regclass::text, w.locktype), ', ') FROM w) AS wants
  FROM pg_catalog.pg_stat_activity a
 WHERE a.pid = ANY (pg_catalog.pg_blocking_pids($1))
 ORDER BY a.pid`;

const PROGRESS_SQL = `
SELECT p.phase,
       coalesce(nullif(p.blocks_total, 0), p.tuples_total, 0)::float8 AS total,
       (CASE WHEN p.blocks_total > 0 THEN p.blocks_done ELSE p.tuples_done END)::float8 AS done
  FROM pg_catalog.pg_stat_progress_create_index p WHERE p.pid = $1`;

export interface WaitInfo {
  readonly blockers: readonly Blocker[];
  readonly wants: string | null;
}

export class Monitor {
  private lastWait: WaitInfo | null = null;
  private constructor(private readonly client: Client, readonly targetPid: number) {}

  static async open(url: string, targetPid: number): Promise<Monitor> {
    return new Monitor(await connect(url, { applicationName: 'pg-flux monitor' }), targetPid);
  }

  /** Who blocks the target right now (empty when it waits for nothing). */
  async blockers(): Promise<WaitInfo> {
    const r = await exec<{ pid: number; application_name: string; state: string | null; query_start: Date | null; query: string | null; holds: string | null; wants: string | null }>(
      this.client, BLOCKERS_SQL, [this.targetPid]);
    return {
      wants: r.rows[0]?.wants ?? null,
      blockers: r.rows.map((x) => ({
        pid: x.pid, applicationName: x.application_name, state: x.state, queryStart: x.query_start?.toISOString() ?? null, query: x.query, holds: x.holds,
      })),
    };
  }

  /** The blockers seen most recently while watching (kept after the wait ended, for the error message). */
  lastBlockers(): WaitInfo | null { return this.lastWait; }

  /** Ask the server to cancel the target's running statement. */
  async cancel(): Promise<boolean> {
    const r = await exec<{ ok: boolean }>(this.client, 'SELECT pg_catalog.pg_cancel_backend($1) AS ok', [this.targetPid]);
    return r.rows[0]?.ok === true;
  }

  /**
   * Poll while `stmt` runs: report lock waits (with their blockers) and index-build progress.
   * Returns a function that stops polling and resolves once the last poll finished.
   */
  watch(stmt: StatementRef, sink: EventSink, opts: { pollMs?: number; progressAfterMs?: number } = {}): () => Promise<void> {
    const pollMs = opts.pollMs ?? 200;
    const progressAfter = opts.progressAfterMs ?? 2000;
    const t0 = Date.now();
    let stopped = false;
    // Stopping must not wait for a poll interval to pass: the next statement waits for it.
    const wake = new AbortController();
    let waitingSince: number | null = null;
    let reportedWait = 0;
    let reportedProgress = 0;
    this.lastWait = null;
    const loop = (async () => {
      while (!stopped) {
        await sleep(pollMs, undefined, { signal: wake.signal }).catch(() => undefined);
        if (stopped) break;
        try {
          const w = await this.blockers();
          if (w.blockers.length) {
            this.lastWait = w;
            waitingSince ??= Date.now();
            if (Date.now() - reportedWait >= 1000) {
              reportedWait = Date.now();
              sink({ event: 'lock_wait', statement: stmt, waitedMs: Date.now() - waitingSince, wants: w.wants, blockers: w.blockers });
            }
          } else waitingSince = null;
          if (Date.now() - t0 >= progressAfter && Date.now() - reportedProgress >= 1000) {
            const p = (await exec<{ phase: string; total: number; done: number }>(this.client, PROGRESS_SQL, [this.targetPid])).rows[0];
            reportedProgress = Date.now();
            if (p) sink({ event: 'progress', statement: stmt, phase: p.phase, done: p.done, total: p.total, elapsedMs: Date.now() - t0 });
            else if (!w.blockers.length) sink({ event: 'progress', statement: stmt, phase: 'running', done: 0, total: 0, elapsedMs: Date.now() - t0 });
          }
        } catch {
          // The monitor is best effort: a failed poll never fails the migration.
        }
      }
    })();
    return async () => { stopped = true; wake.abort(); await loop; };
  }

  async close(): Promise<void> { await this.client.end().catch(() => undefined); }
}
