/**
 * `migrate apply`: run pending migration files in order under the migration lock.
 *
 * Before the first statement: every statement that will run is classified for hazards and
 * refused unless consented (hazard-gate.ts), and checked against the existing rows
 * (preflight.ts). Per file: `before` statements commit one by one, each with its progress
 * (before-progress.ts); then one transaction holding the `main` statements AND the tracking
 * row, so a file is recorded exactly when its transactional part committed; then the `after`
 * statements one by one, each in its own transaction with its progress where PostgreSQL
 * allows, so an interrupted run resumes where it stopped. Every statement runs under a lock
 * timeout and is retried with backoff (execute.ts), watched from a second session that names
 * blockers, shows progress and cancels the statement on Ctrl-C / SIGTERM (monitor.ts).
 */
import { performance } from 'node:perf_hooks';
import { loadParser } from '../../core/parse/pg-query.js';
import type { Phase } from '../../core/model/plan.js';
import type { AllowedHazards } from '../../core/model/hazard.js';
import type { Schema } from '../../core/model/schema.js';
import { DEFAULT_HAZARD_SETTINGS, type HazardSettings, type LiveFacts } from '../../core/hazards/context.js';
import { connect, exec, type Client } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import { readLiveFacts } from '../db/live-facts.js';
import { acquire, release } from './advisory-lock.js';
import { PHASES, canRunInTransaction, checksum, listMigrationFiles, type MigrationFile, type MigrationStatement } from './migration-file.js';
import { parseForward } from './combined-format.js';
import { checkHistory } from './history.js';
import { statementsChecksum } from './fingerprint.js';
import { classifyMigrations, type MigrationStatusEntry } from './status.js';
import { DEFAULT_TRACKING_SCHEMA, ensureTrackingTable, insertTrackingRow, readTrackingRows, setPendingAfter, trackingTableExists } from './tracking-table.js';
import { clearBeforeProgress, ensureBeforeProgress, readBeforeProgress, setBeforeDone, setBeforeHash, type BeforeProgress } from './before-progress.js';
import { ApplyHazardError, classifyRun } from './hazard-gate.js';
import { PreflightError, runPreflight } from './preflight.js';
import { Monitor } from './monitor.js';
import { Interrupted, UnitFailure, checkInterrupted, runWatched, withLockRetries, type Executor } from './execute.js';
import { LOCK_NOT_AVAILABLE, QUERY_CANCELED, blockersNote, failure, firstLine } from './failure.js';
import { prepareIndexRetry } from './index-retry.js';
import { pgDuration } from './pg-settings.js';
import { humanSink } from './human-log.js';
import type { EventSink, StatementRef } from './events.js';
import { DbError } from '../db/connect.js';

export { MigrationApplyError } from './failure.js';
export { failure } from './failure.js';

/** Applied to every statement unless `--lock-timeout` says otherwise (documented in README). */
export const DEFAULT_LOCK_TIMEOUT_MS = 5000;
export const DEFAULT_LOCK_RETRIES = 3;
export const DEFAULT_PREFLIGHT_TIMEOUT_MS = 60_000;

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
  /** PostgreSQL lock_timeout for every statement (default 5 s; 0 waits forever). */
  ddlLockTimeoutMs?: number;
  /** Retries of a unit that hit the lock timeout (default 3), first backoff (default 1 s, doubling). */
  lockRetries?: number;
  retryBackoffMs?: number;
  /** PostgreSQL statement_timeout for every statement (default: the server's). */
  statementTimeoutMs?: number;
  /** Hazard types consented to (`--allow-hazards`); files add theirs. Default: none. */
  allowHazards?: AllowedHazards;
  hazardSettings?: HazardSettings;
  /** The live schema and facts for hazards and pre-flight (default: inspected here, every schema). */
  live?: () => Promise<{ schema: Schema; facts: LiveFacts }>;
  /** Data pre-flight checks (default on), each bounded by `preflightTimeoutMs` (default 60 s). */
  preflight?: boolean;
  preflightTimeoutMs?: number;
  /**
   * Called before each pending file runs, with the pending file before it in this run and the
   * progress of its before-transaction section from an earlier run (the caller checks baseline hashes).
   */
  beforePending?: (file: MigrationFile, previous: MigrationFile | null, progress: BeforeProgress | null) => Promise<void>;
  /** After a file's before-transaction section committed: the live schema hash to record (for resuming). */
  afterBeforeSection?: (file: MigrationFile) => Promise<string | null>;
  /** Aborting cancels the running statement on the server and stops the run (Ctrl-C, SIGTERM). */
  signal?: AbortSignal;
  /** Awaited before each statement is sent (an extension point: tests pause here to watch locks). */
  beforeStatement?: (s: StatementRef) => Promise<void>;
  /** Structured events; without it, human lines go to `log`. */
  onEvent?: EventSink;
  /** Pending files to leave alone in this run (migrate rebase applies a teammate's files, not its own). */
  skip?: ReadonlySet<string> | undefined;
  log?: (line: string) => void;
}

export interface ApplyReport {
  /** Files applied (or, in a dry run, that would be), in order; `resumed` = only the rest of an interrupted file ran; `sql` = what a dry run would run. */
  readonly applied: readonly { file: string; durationMs: number; resumed: boolean; sql?: string }[];
  /** Files already applied and complete. */
  readonly skipped: readonly string[];
  readonly warnings: readonly string[];
  readonly dryRun: boolean;
}

/** The run was interrupted; the message says what state each file is in. */
export class ApplyInterruptedError extends Error {
  constructor(readonly signal: string, readonly files: readonly { file: string; state: string }[]) {
    super([`interrupted by ${signal}: the running statement was cancelled and rolled back, and the migration lock released. State of each file:`,
      ...files.map((f) => `  ${f.file}: ${f.state}`), 'Run pg-flux migrate apply again to continue.'].join('\n'));
    this.name = 'ApplyInterruptedError';
  }
}

interface Work {
  readonly entry: MigrationStatusEntry;
  readonly file: MigrationFile;
  /** Before-transaction statements already committed by an earlier run. */
  readonly beforeDone: number;
  readonly progress: BeforeProgress | null;
  /** For an incomplete file: after-transaction statements still to run. */
  readonly resumeAfter: number | null;
}

const statementsToRun = (w: Work): MigrationStatement[] =>
  w.resumeAfter !== null
    ? w.file.sections.after.slice(w.file.sections.after.length - w.resumeAfter)
    : [...w.file.sections.before.slice(w.beforeDone), ...w.file.sections.main, ...w.file.sections.after];

const refOf = (file: MigrationFile, s: MigrationStatement, phase: Phase): StatementRef => ({ file: file.name, line: s.line, phase, sql: firstLine(s.sql) });

export const applyMigrations = async (opts: ApplyOptions): Promise<ApplyReport> => {
  const sink: EventSink = opts.onEvent ?? humanSink(opts.log ?? (() => undefined));
  const say = (text: string, level: 'info' | 'warning' = 'info') => sink({ event: 'message', level, text });
  const schema = opts.trackingSchema ?? DEFAULT_TRACKING_SCHEMA;
  const dryRun = opts.dryRun ?? false;
  const t0 = performance.now();
  const onDisk = await listMigrationFiles(opts.migrationsDir);
  const bytesByName = new Map(onDisk.map((f) => [f.name, f]));
  await loadParser();
  const client = await connect(opts.url, opts.applicationName === undefined ? {} : { applicationName: opts.applicationName });
  client.on('notice', (n) => say(`  ${n.severity ?? 'NOTICE'}: ${n.message}`));
  let monitor: Monitor | null = null;
  let interruptedBy: string | null = null;
  const states = new Map<string, string>();
  const onAbort = (): void => {
    interruptedBy ??= String(opts.signal?.reason ?? 'signal');
    void monitor?.cancel().catch(() => undefined);
  };
  opts.signal?.addEventListener('abort', onAbort);
  try {
    await acquire(client, { trackingSchema: schema, waitMs: opts.lockWaitMs, log: (l) => say(l) });
    const lockTimeoutMs = opts.ddlLockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    await exec(client, `SET lock_timeout = '${pgDuration(lockTimeoutMs)}'`);
    if (opts.statementTimeoutMs !== undefined) await exec(client, `SET statement_timeout = '${pgDuration(opts.statementTimeoutMs)}'`);
    // If this process dies, the server notices within a second and stops the running statement
    // (releasing its locks and the migration lock) instead of finishing it for nobody.
    await exec(client, "SET client_connection_check_interval = '1s'").catch(() => undefined);
    if (!dryRun) { await ensureTrackingTable(client, schema); await ensureBeforeProgress(client, schema); }
    const rows = dryRun && !(await trackingTableExists(client, schema)) ? [] : await readTrackingRows(client, schema);
    const entries = classifyMigrations(onDisk.map((f) => ({ name: f.name, checksum: checksum(f.bytes) })), rows);

    // Refuse before running anything when applied files were edited; warn about out-of-order
    // files (refuse under strictOrder) and about tracked files this checkout lacks.
    const { warnings } = checkHistory(entries, { strictOrder: opts.strictOrder ?? false, migrationsDir: opts.migrationsDir });
    warnings.forEach((w) => say(w, 'warning'));

    // Parse everything that will run first, so a broken file stops the run before any change.
    const parse = (name: string): MigrationFile => {
      const f = bytesByName.get(name)!;
      return parseForward(f.path, f.bytes.toString('utf8'));
    };
    const progress = await readBeforeProgress(client, schema);
    const work: Work[] = [
      ...entries.filter((e) => e.state === 'incomplete').map((entry) => {
        const file = parse(entry.file);
        return { entry, file, beforeDone: 0, progress: null, resumeAfter: Math.min(entry.pendingAfter, file.sections.after.length) };
      }),
      ...entries.filter((e) => e.state === 'pending' && !opts.skip?.has(e.file)).map((entry) => {
        const file = parse(entry.file);
        const p = progress.get(entry.file);
        const kept = p && p.checksum === entry.checksum ? p : null;
        return { entry, file, beforeDone: kept ? Math.min(kept.done, file.sections.before.length) : 0, progress: kept, resumeAfter: null };
      }),
    ];
    sink({ event: 'apply_start', pending: work.filter((w) => w.resumeAfter === null).length, resuming: work.filter((w) => w.resumeAfter !== null).length, dryRun });
    for (const w of work) states.set(w.file.name, w.beforeDone > 0 ? `before-transaction section: ${w.beforeDone} of ${w.file.sections.before.length} statement(s) committed earlier; not continued yet` : 'not started');

    const toRun = work.map((w) => ({ file: w.file, statements: statementsToRun(w) }));
    const checks = opts.allowHazards !== 'all' || (opts.preflight ?? true);
    if (checks && toRun.some((g) => g.statements.length > 0)) {
      const live = opts.live ? await opts.live() : await inspectOwn(client, schema);
      const gate = classifyRun(toRun, live.schema, live.facts, opts.hazardSettings ?? DEFAULT_HAZARD_SETTINGS, opts.allowHazards ?? new Set());
      if (gate.blocked.length) {
        sink({ event: 'hazard_refusal', hazards: gate.blocked });
        throw new ApplyHazardError(gate.blocked);
      }
      if (opts.preflight ?? true) {
        const pf = await runPreflight(client, live.schema, toRun, { timeoutMs: opts.preflightTimeoutMs ?? DEFAULT_PREFLIGHT_TIMEOUT_MS, lockTimeoutMs, sink });
        pf.notes.forEach((n) => say(n, 'warning'));
        if (pf.failures.length) throw new PreflightError(pf.failures);
      }
    }

    const applied: { file: string; durationMs: number; resumed: boolean; sql?: string }[] = [];
    if (dryRun) {
      let previous: MigrationFile | null = null;
      for (const w of work) {
        if (w.resumeAfter === null && opts.beforePending) await opts.beforePending(w.file, previous, w.progress);
        if (w.resumeAfter === null) previous = w.file;
        const sql = PHASES.map((phase) => {
          const stmts = w.resumeAfter !== null ? (phase === 'after' ? statementsToRun(w) : []) : phase === 'before' ? w.file.sections.before.slice(w.beforeDone) : w.file.sections[phase];
          if (stmts.length === 0) return null;
          const head = w.resumeAfter === null ? [`-- ${phase === 'main' ? 'transaction' : `${phase}-transaction`}`] : [];
          return [...head, ...stmts.map((s) => `${s.sql};`)].join('\n');
        }).filter((x): x is string => x !== null);
        applied.push({ file: w.file.name, durationMs: 0, resumed: w.resumeAfter !== null, sql: sql.join('\n') });
      }
      return { applied, skipped: entries.filter((e) => e.state === 'applied').map((e) => e.file), warnings, dryRun };
    }

    monitor = await Monitor.open(opts.url, (await exec<{ pid: number }>(client, 'SELECT pg_backend_pid() AS pid')).rows[0]!.pid).catch(() => null);
    if (interruptedBy) onAbort();
    const ex: Executor = {
      client, monitor, sink, lockRetries: opts.lockRetries ?? DEFAULT_LOCK_RETRIES, backoffMs: opts.retryBackoffMs ?? 1000,
      interrupted: () => interruptedBy, ...(opts.beforeStatement ? { beforeStatement: opts.beforeStatement } : {}),
    };
    const runner = new FileRunner(ex, schema, opts, states);
    let previous: MigrationFile | null = null;
    for (const w of work) {
      const started = performance.now();
      if (w.resumeAfter !== null) {
        sink({ event: 'file_start', file: w.file.name, resumed: true });
        await runner.after(w.file, w.resumeAfter, true);
      } else {
        if (opts.beforePending) await opts.beforePending(w.file, previous, w.progress);
        previous = w.file;
        sink({ event: 'file_start', file: w.file.name, resumed: w.beforeDone > 0 });
        await runner.file(w);
      }
      const durationMs = Math.round(performance.now() - started);
      states.set(w.file.name, 'applied');
      sink({ event: 'file_end', file: w.file.name, durationMs, resumed: w.resumeAfter !== null });
      applied.push({ file: w.file.name, durationMs, resumed: w.resumeAfter !== null });
    }
    sink({ event: 'apply_end', applied: applied.length, skipped: entries.filter((e) => e.state === 'applied').length, durationMs: Math.round(performance.now() - t0) });
    return { applied, skipped: entries.filter((e) => e.state === 'applied').map((e) => e.file), warnings, dryRun };
  } catch (e) {
    if (interruptedBy) {
      const files = [...states].map(([file, state]) => ({ file, state }));
      sink({ event: 'interrupted', signal: interruptedBy, files });
      throw new ApplyInterruptedError(interruptedBy, files);
    }
    sink({ event: 'error', message: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await monitor?.close();
    await release(client);
    await client.end().catch(() => undefined);
  }
};

const inspectOwn = async (client: Client, trackingSchema: string): Promise<{ schema: Schema; facts: LiveFacts }> => {
  const r = await inspectDatabase(client, { trackingSchema });
  return { schema: r.schema, facts: await readLiveFacts(client, { trackingSchema }) };
};

/** Runs the sections of one file; keeps `states` saying what is committed. */
class FileRunner {
  constructor(private readonly ex: Executor, private readonly schema: string, private readonly opts: ApplyOptions, private readonly states: Map<string, string>) {}

  private fail(file: MigrationFile, phase: Phase, e: unknown, consequence: string): never {
    if (e instanceof Interrupted) throw e;
    const f = e instanceof UnitFailure ? (e as UnitFailure<MigrationStatement>) : null;
    const cause = f ? f.cause : e;
    if (this.ex.interrupted() && cause instanceof DbError && cause.code === QUERY_CANCELED) throw new Interrupted(this.ex.interrupted()!);
    const extra = cause instanceof DbError && cause.code === LOCK_NOT_AVAILABLE
      ? [`  gave up after ${this.ex.lockRetries + 1} attempts, each waiting up to the lock timeout`, ...blockersNote(this.ex.monitor?.lastBlockers() ?? null)]
      : [];
    throw failure(file, f?.stmt ?? null, phase, cause, consequence, extra);
  }

  /** One statement in its own transaction together with its progress record, or alone when PostgreSQL forbids that. */
  private async single(file: MigrationFile, s: MigrationStatement, phase: Phase, record: () => Promise<void>, beforeRetry?: (attempt: number) => Promise<boolean>): Promise<void> {
    const { ex } = this;
    await withLockRetries(ex, (x: MigrationStatement | null) => refOf(file, x ?? s, phase), async (attempt) => {
      checkInterrupted(ex);
      if (beforeRetry && !(await beforeRetry(attempt))) { await record(); return; }
      if (!canRunInTransaction(s.node)) {
        try { await runWatched(ex, refOf(file, s, phase), s.sql); } catch (e) { throw new UnitFailure(s, e); }
        await record();
        return;
      }
      await exec(ex.client, 'BEGIN');
      try {
        await runWatched(ex, refOf(file, s, phase), s.sql);
        await record();
        await exec(ex.client, 'COMMIT');
      } catch (e) {
        await ex.client.query('ROLLBACK').catch(() => undefined);
        throw e instanceof UnitFailure ? e : new UnitFailure(s, e);
      }
    });
  }

  async file(w: Work): Promise<void> {
    const { file } = w;
    const before = file.sections.before;
    const checksum = w.entry.checksum!;
    for (let k = w.beforeDone; k < before.length; k++) {
      try {
        await this.single(file, before[k]!, 'before', () => setBeforeDone(this.ex.client, this.schema, file.name, checksum, k + 1));
      } catch (e) {
        this.fail(file, 'before', e, k === 0 ? 'Nothing from this file was applied.'
          : `The first ${k} before-transaction statement(s) committed and stay (they are idempotent); nothing else from this file was applied. The next migrate apply continues from this statement.`);
      }
      this.states.set(file.name, `before-transaction section: ${k + 1} of ${before.length} statement(s) committed; transaction not run`);
    }
    if (before.length > 0 && (w.beforeDone < before.length || !w.progress?.liveHash)) {
      const hash = await this.opts.afterBeforeSection?.(file);
      if (hash) await setBeforeHash(this.ex.client, this.schema, file.name, hash);
    }
    const t0 = performance.now();
    const { ex } = this;
    try {
      await withLockRetries(ex, (x: MigrationStatement | null) => refOf(file, x ?? file.sections.main[0] ?? before[0]!, 'main'), async () => {
        checkInterrupted(ex);
        await exec(ex.client, 'BEGIN');
        try {
          for (const s of file.sections.main) {
            try { await runWatched(ex, refOf(file, s, 'main'), s.sql); } catch (e) { throw new UnitFailure(s, e); }
          }
          await insertTrackingRow(ex.client, this.schema, {
            filename: file.name, checksum, durationMs: performance.now() - t0,
            baseline: file.header?.baseline ?? null, target: file.header?.target ?? null,
            toolVersion: this.opts.toolVersion, pendingAfter: file.sections.after.length, statementsChecksum: statementsChecksum(file),
          });
          if (before.length > 0) await clearBeforeProgress(ex.client, this.schema, file.name);
          try { await exec(ex.client, 'COMMIT'); } catch (e) { throw new UnitFailure(null, e); } // e.g. a deferred constraint checked at commit
        } catch (e) {
          await ex.client.query('ROLLBACK').catch(() => undefined);
          throw e instanceof UnitFailure ? e : new UnitFailure(null, e);
        }
      });
    } catch (e) {
      const kept = before.length > 0
        ? ` Its before-transaction section (${before.length} statement(s): ${before.map((s) => firstLine(s.sql)).join('; ')}) had committed and stays; the next migrate apply continues after it.`
        : '';
      this.fail(file, 'main', e, `The file's transaction was rolled back: nothing from its transaction section was applied.${kept}`);
    }
    ex.sink({ event: 'commit', file: file.name, phase: 'main', durationMs: Math.round(performance.now() - t0) });
    this.states.set(file.name, `transaction committed; ${file.sections.after.length} after-transaction statement(s) left (the next migrate apply resumes them)`);
    await this.after(file, file.sections.after.length, false);
  }

  /** Run the last `remaining` after-statements, recording progress with each one. */
  async after(file: MigrationFile, remaining: number, resuming: boolean): Promise<void> {
    const after = file.sections.after;
    const log = (l: string) => this.ex.sink({ event: 'message', level: 'info', text: `  ${l}` });
    for (let k = after.length - remaining; k < after.length; k++) {
      const s = after[k]!;
      // A concurrent build that an earlier run or attempt started may have left an index behind.
      const mayHaveRun = (attempt: number) => (resuming && k === after.length - remaining) || attempt > 1;
      try {
        await this.single(file, s, 'after', () => setPendingAfter(this.ex.client, this.schema, file.name, after.length - k - 1),
          async (attempt) => !mayHaveRun(attempt) || (await prepareIndexRetry(this.ex.client, s.node, log)) === 'run');
      } catch (e) {
        this.fail(file, 'after', e, 'The file\'s transaction was committed; this and the remaining after-transaction statements did not run, and it will be resumed by the next migrate apply.');
      }
      this.states.set(file.name, `transaction committed; ${after.length - k - 1} after-transaction statement(s) left (the next migrate apply resumes them)`);
    }
  }
}
