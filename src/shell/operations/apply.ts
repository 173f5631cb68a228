/** migrate apply: run pending files, refusing when the live schema drifted from a file's baseline. */
import { hostname } from 'node:os';
import { applyMigrations, type ApplyReport } from '../runner/apply.js';
import type { MigrationFile } from '../runner/migration-file.js';
import type { BeforeProgress } from '../runner/before-progress.js';
import type { EventSink } from '../runner/events.js';
import type { AllowedHazards } from '../../core/model/hazard.js';
import { hazardSettingsOf } from './hazards.js';
import { provePending, ShadowProofError } from './shadow-proof.js';
import { applicationName } from '../runner/advisory-lock.js';
import { baselineRefusal, siblingsRefusal } from '../runner/baseline-guidance.js';
import { migrationStatus } from '../runner/status.js';
import { readMigrationsDir } from '../runner/migrations-dir.js';
import { parseForward } from '../runner/combined-format.js';
import { validateMigrationsDir } from '../runner/migrations-dir.js';
import { schemaHash } from '../../core/model/compare.js';
import { toolVersion } from '../version.js';
import { inspectLive, requireCoverage } from './compute-plan.js';
import { strictCoverage } from './coverage.js';
import type { Project } from './project.js';

export { BaselineDriftError } from '../runner/baseline-guidance.js';

export interface ApplyOperationOptions {
  readonly dryRun?: boolean | undefined;
  readonly forceAfterDrift?: boolean | undefined;
  /** Milliseconds to wait for the migration lock (default: migrate.lock_wait, else 30 s). */
  readonly lockWaitMs?: number | undefined;
  /** Out-of-order pending files are an error (default: migrate.strict_order, else false). */
  readonly strictOrder?: boolean | undefined;
  /** Hazard types consented to (--allow-hazards); each file's allow-hazards line adds its own. */
  readonly allowHazards?: AllowedHazards | undefined;
  /** Prove the pending files on the shadow server first, when one is set (default: migrate.prove, else true). */
  readonly prove?: boolean | undefined;
  /** Data pre-flight checks (default on; --no-preflight). */
  readonly preflight?: boolean | undefined;
  /** Ctrl-C / SIGTERM: cancels the running statement, rolls back, releases the lock. */
  readonly signal?: AbortSignal | undefined;
  /** Structured events (--log-format=json); without them, human lines go to `log`. */
  readonly onEvent?: EventSink | undefined;
  /** Pending files not to apply in this run (see ApplyOptions.skip). */
  readonly skip?: ReadonlySet<string> | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * Two pending files generated from the same schema (parallel branches, both merged into this
 * checkout, neither rebased): applied one after the other, the second runs against a schema it
 * was not generated for. Refuse before running either.
 */
const refuseParallelSiblings = async (project: Project, url: string, skip: ReadonlySet<string> | undefined): Promise<void> => {
  const entries = await migrationStatus({ url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema });
  const pending = new Set(entries.filter((e) => e.state === 'pending' && !skip?.has(e.file)).map((e) => e.file));
  if (pending.size < 2) return;
  const byBaseline = new Map<string, string[]>();
  for (const f of await readMigrationsDir(project.migrationsPath, project.migrationsDir)) {
    if (!pending.has(f.name)) continue;
    const baseline = parseForward(f.path, f.bytes.toString('utf8')).header?.baseline;
    if (baseline) byBaseline.set(baseline, [...(byBaseline.get(baseline) ?? []), f.name]);
  }
  for (const [baseline, files] of byBaseline) if (files.length > 1) throw siblingsRefusal(files, baseline);
};

/** The first pending file of this run, parsed (null: none; an interrupted file resumes instead). */
const firstPendingFile = async (project: Project, url: string, skip: ReadonlySet<string> | undefined): Promise<MigrationFile | null> => {
  const entries = await migrationStatus({ url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema });
  if (entries.some((e) => e.state === 'incomplete')) return null;
  const name = entries.find((e) => e.state === 'pending' && !skip?.has(e.file))?.file;
  if (name === undefined) return null;
  const f = (await readMigrationsDir(project.migrationsPath, project.migrationsDir)).find((x) => x.name === name);
  return f ? parseForward(f.path, f.bytes.toString('utf8')) : null;
};

const hasPending = async (project: Project, url: string, skip: ReadonlySet<string> | undefined): Promise<boolean> =>
  (await migrationStatus({ url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema }))
    .some((e) => (e.state === 'pending' || e.state === 'incomplete') && !skip?.has(e.file));

export const applyOperation = async (project: Project, opts: ApplyOperationOptions): Promise<ApplyReport> => {
  // A broken file stops the run before a database is opened (or the embedded one created).
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const db = await project.database();
  const log = opts.log ?? (opts.onEvent
    ? (l: string) => opts.onEvent!({ event: 'message', level: l.startsWith('warning: ') ? 'warning' : 'info', text: l.replace(/^warning: /, '') })
    : () => undefined);
  if (!opts.forceAfterDrift) await refuseParallelSiblings(project, db.url, opts.skip);
  // Strict coverage: refused before the first statement, when there is something to run.
  if (strictCoverage(project) && (await hasPending(project, db.url, opts.skip))) await requireCoverage(project);
  const liveHash = async (): Promise<string> => schemaHash((await inspectLive(project)).schema);
  const checkBaseline = async (file: MigrationFile, previous: MigrationFile | null, progress: BeforeProgress | null): Promise<void> => {
    const expected = file.header?.baseline;
    if (!expected) return; // hand-written file: nothing to compare with
    // Generated on top of the file before it in this run: nothing else can have run in between
    // (the lock is held), and in a dry run that file has not really run yet.
    if (previous?.header?.target === expected) return;
    // In a dry run the files before this one have not run: only the first can be compared with
    // the live schema (its successors are checked when they really run).
    if (opts.dryRun && previous !== null) return;
    const live = await liveHash();
    // Its before-transaction section committed in an earlier run: the schema changed on purpose.
    if (live === expected || (progress?.liveHash && live === progress.liveHash)) return;
    const refusal = await baselineRefusal({
      url: db.url, trackingSchema: project.trackingSchema, migrationsDir: project.migrationsPath, file: file.name, expected, live,
    });
    if (!opts.forceAfterDrift) throw refusal;
    log(`warning: applying ${file.name} although the live schema has drifted since it was generated (--force-after-drift; expected baseline=${expected.slice(0, 12)}…, live=${live.slice(0, 12)}…)`);
  };
  const lockWaitMs = opts.lockWaitMs ?? (project.setting('migrate.lock_wait') as number | null) ?? undefined;
  const lockTimeoutMs = project.setting('migrate.lock_timeout') as number | null;
  const lockRetries = project.setting('migrate.lock_retries') as number | null;
  const statementTimeoutMs = project.setting('migrate.statement_timeout') as number | null;
  // With a shadow server configured, the pending files are proven on a copy of the target first
  // (nothing pending: nothing to prove, and no copy is made).
  const prove = opts.prove ?? (project.setting('migrate.prove') as boolean | null) ?? true;
  if (prove && project.shadowDsn && (await hasPending(project, db.url, opts.skip))) {
    // A drifted target gets the baseline refusal and its guidance, not a failed proof: the first
    // pending file's baseline is checked before the copy is made (one whose before-section
    // committed in an earlier run is left to the runner, which knows that progress).
    const first = await firstPendingFile(project, db.url, opts.skip);
    if (first !== null && first.sections.before.length === 0) await checkBaseline(first, null, null);
    try {
      const proof = await provePending(project, { skip: opts.skip, statementTimeoutMs: statementTimeoutMs ?? undefined, log });
      opts.onEvent?.({ event: 'shadow_proof', ok: true, server: proof.server, files: proof.files, detail: null });
    } catch (e) {
      if (e instanceof ShadowProofError) opts.onEvent?.({ event: 'shadow_proof', ok: false, server: e.server, files: [], detail: e.message });
      throw e;
    }
  }
  const strictOrder = opts.strictOrder ?? (project.setting('migrate.strict_order') as boolean | null) ?? false;
  return applyMigrations({
    url: db.url,
    migrationsDir: project.migrationsPath,
    trackingSchema: project.trackingSchema,
    toolVersion: toolVersion(),
    beforePending: checkBaseline,
    afterBeforeSection: liveHash,
    live: async () => {
      const l = await inspectLive(project, { facts: true });
      return { schema: l.schema, facts: l.facts! };
    },
    hazardSettings: hazardSettingsOf(project),
    allowHazards: opts.allowHazards ?? new Set(),
    strictOrder,
    applicationName: applicationName('migrate apply', process.pid, hostname()),
    ...(opts.skip ? { skip: opts.skip } : {}),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(lockWaitMs !== undefined ? { lockWaitMs } : {}),
    ...(lockTimeoutMs !== null ? { ddlLockTimeoutMs: lockTimeoutMs } : {}),
    ...(lockRetries !== null ? { lockRetries } : {}),
    ...(statementTimeoutMs !== null ? { statementTimeoutMs } : {}),
    ...(opts.preflight === false ? { preflight: false } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    log,
  });
};
