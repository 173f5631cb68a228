/** migrate apply: run pending files, refusing when the live schema drifted from a file's baseline. */
import { hostname } from 'node:os';
import { applyMigrations, type ApplyReport } from '../runner/apply.js';
import type { MigrationFile } from '../runner/migration-file.js';
import { applicationName } from '../runner/advisory-lock.js';
import { baselineRefusal } from '../runner/baseline-guidance.js';
import { validateMigrationsDir } from '../runner/migrations-dir.js';
import { schemaHash } from '../../core/model/compare.js';
import { toolVersion } from '../version.js';
import { inspectLive } from './compute-plan.js';
import type { Project } from './project.js';

export { BaselineDriftError } from '../runner/baseline-guidance.js';

export interface ApplyOperationOptions {
  readonly dryRun?: boolean | undefined;
  readonly forceAfterDrift?: boolean | undefined;
  /** Milliseconds to wait for the migration lock (default: migrate.lock_wait, else 30 s). */
  readonly lockWaitMs?: number | undefined;
  /** Out-of-order pending files are an error (default: migrate.strict_order, else false). */
  readonly strictOrder?: boolean | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export const applyOperation = async (project: Project, opts: ApplyOperationOptions): Promise<ApplyReport> => {
  // A broken file stops the run before a database is opened (or the embedded one created).
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const db = await project.database();
  const log = opts.log ?? (() => undefined);
  const checkBaseline = async (file: MigrationFile, previous: MigrationFile | null): Promise<void> => {
    const expected = file.header?.baseline;
    if (!expected) return; // hand-written file: nothing to compare with
    // Generated on top of the file before it in this run: nothing else can have run in between
    // (the lock is held), and in a dry run that file has not really run yet.
    if (previous?.header?.target === expected) return;
    const live = schemaHash((await inspectLive(project)).schema);
    if (live === expected) return;
    const refusal = await baselineRefusal({
      url: db.url, trackingSchema: project.trackingSchema, migrationsDir: project.migrationsPath, file: file.name, expected, live,
    });
    if (!opts.forceAfterDrift) throw refusal;
    log(`warning: applying ${file.name} although the live schema has drifted since it was generated (--force-after-drift; expected baseline=${expected.slice(0, 12)}…, live=${live.slice(0, 12)}…)`);
  };
  const lockWaitMs = opts.lockWaitMs ?? (project.setting('migrate.lock_wait') as number | null) ?? undefined;
  const strictOrder = opts.strictOrder ?? (project.setting('migrate.strict_order') as boolean | null) ?? false;
  return applyMigrations({
    url: db.url,
    migrationsDir: project.migrationsPath,
    trackingSchema: project.trackingSchema,
    toolVersion: toolVersion(),
    beforePending: checkBaseline,
    strictOrder,
    applicationName: applicationName('migrate apply', process.pid, hostname()),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(lockWaitMs !== undefined ? { lockWaitMs } : {}),
    log,
  });
};
