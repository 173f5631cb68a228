/** migrate apply: run pending files, refusing when the live schema drifted from a file's baseline. */
import { applyMigrations, type ApplyReport } from '../runner/apply.js';
import type { MigrationFile } from '../runner/migration-file.js';
import { schemaHash } from '../../core/model/compare.js';
import { toolVersion } from '../version.js';
import { inspectLive, migrationsPath } from './compute-plan.js';
import type { Project } from './project.js';

export class BaselineDriftError extends Error {}

export interface ApplyOperationOptions {
  readonly dryRun?: boolean | undefined;
  readonly forceAfterDrift?: boolean | undefined;
  readonly lockTimeoutMs?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export const applyOperation = async (project: Project, opts: ApplyOperationOptions): Promise<ApplyReport> => {
  const db = await project.database();
  const checkBaseline = async (file: MigrationFile): Promise<void> => {
    const expected = file.header?.baseline;
    if (!expected) return; // hand-written file: nothing to compare with
    const live = schemaHash((await inspectLive(project)).schema);
    if (live === expected) return;
    const msg = `refusing to apply ${file.name}: the live schema changed since this migration was generated `
      + `(baseline ${expected.slice(0, 12)}…, live ${live.slice(0, 12)}…). Run pg-flux drift to see what changed, `
      + 'then regenerate the migration, or pass --force-after-drift to apply it anyway';
    if (!opts.forceAfterDrift) throw new BaselineDriftError(msg);
    opts.log?.(`warning: ${msg.replace(/^refusing to apply/, 'applying')}`);
  };
  return applyMigrations({
    url: db.url,
    migrationsDir: migrationsPath(project),
    trackingSchema: project.trackingSchema,
    toolVersion: toolVersion(),
    beforeFirstPending: checkBaseline,
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.lockTimeoutMs !== undefined ? { lockTimeoutMs: opts.lockTimeoutMs } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
};
