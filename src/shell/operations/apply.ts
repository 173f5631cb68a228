/** migrate apply: run pending files, refusing when the live schema drifted from a file's baseline. */
import { applyMigrations, type ApplyReport } from '../runner/apply.js';
import type { MigrationFile } from '../runner/migration-file.js';
import type { BeforeProgress } from '../runner/before-progress.js';
import type { EventSink } from '../runner/events.js';
import type { AllowedHazards } from '../../core/model/hazard.js';
import { schemaHash } from '../../core/model/compare.js';
import { toolVersion } from '../version.js';
import { inspectLive, migrationsPath } from './compute-plan.js';
import type { Project } from './project.js';

export class BaselineDriftError extends Error {}

export interface ApplyOperationOptions {
  readonly dryRun?: boolean | undefined;
  readonly forceAfterDrift?: boolean | undefined;
  /** Wait for another apply's migration lock (default 30 s). */
  readonly lockWaitMs?: number | undefined;
  /** PostgreSQL lock_timeout of every statement (default 5 s), retries after it (default 3). */
  readonly lockTimeoutMs?: number | undefined;
  readonly lockRetries?: number | undefined;
  readonly statementTimeoutMs?: number | undefined;
  readonly allowHazards?: AllowedHazards | undefined;
  readonly preflight?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: EventSink | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

const short = (h: string): string => `${h.slice(0, 12)}…`;

export const applyOperation = async (project: Project, opts: ApplyOperationOptions): Promise<ApplyReport> => {
  const db = await project.database();
  const say = (text: string): void => {
    if (opts.onEvent) opts.onEvent({ event: 'message', level: 'warning', text });
    else opts.log?.(`warning: ${text}`);
  };
  const liveHash = async (): Promise<string> => schemaHash((await inspectLive(project)).schema);
  const checkBaseline = async (file: MigrationFile, progress: BeforeProgress | null): Promise<void> => {
    const expected = file.header?.baseline;
    if (!expected) return; // hand-written file: nothing to compare with
    const live = await liveHash();
    // A before-transaction section that committed in an earlier run changed the schema on purpose.
    if (live === expected || (progress?.liveHash && live === progress.liveHash)) return;
    const resumed = progress
      ? ` Its before-transaction section had committed ${progress.done} statement(s) in an earlier run${progress.liveHash ? `, and the live schema also differs from the state recorded after them (${short(progress.liveHash)})` : ''}.`
      : '';
    const msg = `refusing to apply ${file.name}: live database state has drifted since this migration was generated `
      + `(expected baseline=${short(expected)}, live=${short(live)}). Re-run \`pg-flux migrate generate\` to rebase the migration, `
      + `or pass --force-after-drift to apply anyway.${resumed}`;
    if (!opts.forceAfterDrift) throw new BaselineDriftError(msg);
    say(msg.replace(/^refusing to apply/, 'applying anyway (--force-after-drift)'));
  };
  return applyMigrations({
    url: db.url,
    migrationsDir: migrationsPath(project),
    trackingSchema: project.trackingSchema,
    toolVersion: toolVersion(),
    beforeFirstPending: checkBaseline,
    afterBeforeSection: async () => liveHash(),
    live: async () => {
      const l = await inspectLive(project, { facts: true });
      return { schema: l.schema, facts: l.facts! };
    },
    hazardSettings: project.hazardSettings,
    allowHazards: opts.allowHazards ?? new Set(),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.lockWaitMs !== undefined ? { lockTimeoutMs: opts.lockWaitMs } : {}),
    ...(opts.lockTimeoutMs !== undefined ? { ddlLockTimeoutMs: opts.lockTimeoutMs } : {}),
    ...(opts.lockRetries !== undefined ? { lockRetries: opts.lockRetries } : {}),
    ...(opts.statementTimeoutMs !== undefined ? { statementTimeoutMs: opts.statementTimeoutMs } : {}),
    ...(opts.preflight === false ? { preflight: false } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
};
