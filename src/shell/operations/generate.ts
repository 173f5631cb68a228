/** migrate generate: write the plan as a new, hash-stamped migration file (or say there is nothing to do). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planHazardTypes, planStatements } from '../../core/emit/plan-statements.js';
import { migrationFileName, renderMigrationFile } from '../runner/migration-file.js';
import { migrationStatus } from '../runner/status.js';
import { toolVersion } from '../version.js';
import { computePlan, migrationsPath, type PlanResult } from './compute-plan.js';
import { checkHazards, type AllowedHazards } from './hazards.js';
import type { Project } from './project.js';
import type { HazardType } from '../../core/model/hazard.js';

export interface GenerateOptions {
  readonly label?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly allowHazards: AllowedHazards;
  /** NOT VALID + VALIDATE and staged SET NOT NULL (default true). */
  readonly autoNotValid?: boolean | undefined;
  /** Injected clock, for reproducible file names in tests. */
  readonly now?: (() => Date) | undefined;
}

export interface GenerateResult {
  /** Path written (relative to the project), or null when there was nothing to do or on dry run. */
  readonly path: string | null;
  readonly text: string | null;
  readonly result: PlanResult;
}

export class PendingMigrationsError extends Error {}

/**
 * The migration text a plan gives (shared by plan and generate, so both print the same SQL).
 * The hazards consented to are written into the file as `-- pg-flux:allow-hazards`, so the
 * consent is reviewed with the file and `migrate apply` honours it.
 */
export const migrationText = (r: PlanResult, created: Date, label: string | null, allowed: AllowedHazards = new Set()): string => {
  const present = planHazardTypes(r.plan);
  return renderMigrationFile({
    version: toolVersion(), created, label, baseline: r.plan.fromHash, target: r.plan.toHash,
    hazards: present, statements: planStatements(r.plan),
    allowHazards: present.filter((h) => allowed === 'all' || allowed.has(h as HazardType)),
  });
};

export const generateMigration = async (project: Project, opts: GenerateOptions): Promise<GenerateResult> => {
  const db = await project.database();
  const pending = (await migrationStatus({ url: db.url, migrationsDir: migrationsPath(project), trackingSchema: project.trackingSchema }))
    .filter((m) => m.state === 'pending' || m.state === 'incomplete');
  if (pending.length) {
    // Generating on top of unapplied files would repeat their statements.
    throw new PendingMigrationsError(`${pending.length} migration(s) not applied yet (${pending.map((p) => p.file).join(', ')}): run pg-flux migrate apply first`);
  }
  const result = await computePlan(project, { hazards: true, autoNotValid: opts.autoNotValid ?? true });
  if (result.plan.steps.length === 0) return { path: null, text: null, result };
  checkHazards(result.plan, opts.allowHazards);
  const created = (opts.now ?? (() => new Date()))();
  const label = opts.label ?? null;
  const text = migrationText(result, created, label, opts.allowHazards);
  if (opts.dryRun) return { path: null, text, result };
  const dir = migrationsPath(project);
  await mkdir(dir, { recursive: true });
  // Two runs in the same second would collide: move to the next free second rather than overwrite.
  for (let bump = 0; ; bump++) {
    const name = migrationFileName(new Date(created.getTime() + bump * 1000), label);
    try {
      await writeFile(join(dir, name), text, { flag: 'wx' });
      return { path: join(project.migrationsDir, name), text, result };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || bump > 60) throw e;
    }
  }
};
