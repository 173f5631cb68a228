/** migrate generate: write the plan as a new, hash-stamped migration file (or say there is nothing to do). */
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planHazardTypes, planStatements } from '../../core/emit/plan-statements.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { schemaHashIgnoringColumnOrder } from '../../core/model/compare.js';
import { migrationFileName, renderMigrationFile } from '../runner/migration-file.js';
import { migrationStatus } from '../runner/status.js';
import { combine } from '../runner/combined-format.js';
import { stampBody } from '../runner/generated-body.js';
import { renderUndo, undoFileName } from '../runner/undo.js';
import { toolVersion } from '../version.js';
import { managedLive, computePlan, type PlanResult } from './compute-plan.js';
import { checkHazards, type AllowedHazards } from './hazards.js';
import type { Project } from './project.js';
import type { HazardType } from '../../core/model/hazard.js';
import { proveNewMigration } from './shadow-proof.js';

export type MigrationFormat = 'separate' | 'combined';

export interface GenerateOptions {
  readonly label?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly allowHazards: AllowedHazards;
  /** Also write the exact undo (default: `migrate.generate_undo` of the project). */
  readonly generateUndo?: boolean | undefined;
  /** Default: `migrate.format` of the project, else separate. */
  readonly format?: MigrationFormat | undefined;
  /** NOT VALID + VALIDATE and staged SET NOT NULL (default: the auto_not_valid setting, else true). */
  readonly autoNotValid?: boolean | undefined;
  /** Prove the file on a copy of the target before writing it (default: migrate.prove, else true). */
  readonly prove?: boolean | undefined;
  /** Injected clock, for reproducible file names in tests. */
  readonly now?: (() => Date) | undefined;
  /** Told the plan's warnings as soon as they are known (before a hazard refusal). */
  readonly warn?: ((line: string) => void) | undefined;
}

export interface GenerateResult {
  /** Path written (relative to the project), or null when there was nothing to do or on dry run. */
  readonly path: string | null;
  /** The undo file written beside it (separate format with undo), else null. */
  readonly undoPath: string | null;
  readonly text: string | null;
  /** The undo text (also inside `text` for the combined format), or null. */
  readonly undoText: string | null;
  readonly result: PlanResult;
}

export class PendingMigrationsError extends Error {
  constructor(message: string) { super(message); this.name = 'PendingMigrationsError'; }
}

/**
 * The migration text a plan gives (shared by plan and generate, so both print the same SQL).
 * The hazards consented to are written into the file as `-- pg-flux:allow-hazards`, so the
 * consent is reviewed with the file and `migrate apply` honours it.
 */
export const migrationText = (r: PlanResult, created: Date, label: string | null, allowed: AllowedHazards = new Set(), proof: string | null = null): string => {
  const present = planHazardTypes(r.plan);
  return renderMigrationFile({
    version: toolVersion(), created, label, baseline: r.plan.fromHash, target: r.plan.toHash,
    hazards: present, statements: planStatements(r.plan),
    allowHazards: present.filter((h) => allowed === 'all' || allowed.has(h as HazardType)), proof,
  });
};

export interface MigrationTexts {
  /** The file to write as the migration (forward, with the Down part when combined). */
  readonly text: string;
  /** `<name>_undo.sql` contents (separate format with undo), or null. */
  readonly undoFile: string | null;
  /** The undo, however it is stored. */
  readonly undo: string | null;
}

/** Forward text, and the undo when asked: the plan from the desired model back to the live one. */
export const migrationTexts = (r: PlanResult, opts: { created: Date; label: string | null; name: string; undo: boolean; format: MigrationFormat; allowed?: AllowedHazards; proof?: string | null }): MigrationTexts => {
  const forward = migrationText(r, opts.created, opts.label, opts.allowed, opts.proof ?? null);
  if (!opts.undo && opts.format === 'separate') return { text: stampBody(forward), undoFile: null, undo: null };
  // Back to the live schema as far as the source manages it: owners and grants it leaves alone stay as they are.
  const back = computeChanges(r.desired, managedLive(r), { serverVersionNum: r.serverVersionNum });
  const undo = renderUndo({
    version: toolVersion(), created: opts.created, label: opts.label, forwardName: opts.name, undo: back, forward: r.plan,
    expects: schemaHashIgnoringColumnOrder(r.desired),
  });
  if (opts.format === 'combined') return { text: stampBody(combine(forward, undo)), undoFile: null, undo };
  return { text: stampBody(forward), undoFile: stampBody(undo), undo };
};

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The UTC time in a `YYYYMMDD_HHMMSS...` file name (milliseconds), or null. */
export const stampOf = (name: string): number | null => {
  const m = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
};

/**
 * The time a new migration is named from: `created`, or a second after the last file's when that
 * is not earlier, so the new file sorts after every file already there even when this clock is
 * behind the one that named the last file (history stays linear). Names keep whole seconds: a
 * file named in the same second as the last one would sort by its label, possibly before it.
 */
export const firstStamp = (last: string | undefined, created: Date): number => {
  const lastStamp = last === undefined ? null : stampOf(last);
  const second = Math.floor(created.getTime() / 1000) * 1000;
  return lastStamp !== null && lastStamp >= second ? lastStamp + 1000 : created.getTime();
};

/**
 * Write a new migration named from `created` (moved to a later second when that name is taken or
 * would not sort after every file already there), with its undo file. Never overwrites.
 */
export const writeMigration = async (
  project: Project, r: PlanResult, opts: { created: Date; label: string | null; undo: boolean; format: MigrationFormat; allowed?: AllowedHazards; proof?: string | null },
): Promise<{ path: string; undoPath: string | null; texts: MigrationTexts }> => {
  const dir = project.migrationsPath;
  await mkdir(dir, { recursive: true });
  const last = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort(byName).at(-1);
  const start = firstStamp(last, opts.created);
  for (let bump = 0; ; bump++) {
    const created = new Date(start + bump * 1000);
    const name = migrationFileName(created, opts.label);
    const texts = migrationTexts(r, { ...opts, created, name });
    try {
      await writeFile(join(dir, name), texts.text, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || bump > 60) throw e;
      continue;
    }
    let undoPath: string | null = null;
    if (texts.undoFile !== null) {
      try {
        await writeFile(join(dir, undoFileName(name)), texts.undoFile, { flag: 'wx' });
      } catch (e) {
        await unlink(join(dir, name)).catch(() => undefined); // nothing half-written
        throw e;
      }
      undoPath = join(project.migrationsDir, undoFileName(name));
    }
    return { path: join(project.migrationsDir, name), undoPath, texts };
  }
};

/** The project's choices, overridden by explicit options. */
export const undoChoice = (project: Project, opts: { generateUndo?: boolean | undefined; format?: MigrationFormat | undefined }): { undo: boolean; format: MigrationFormat } => ({
  undo: opts.generateUndo ?? (project.setting('migrate.generate_undo') as boolean | null) ?? false,
  format: opts.format ?? (project.setting('migrate.format') as MigrationFormat | null) ?? 'separate',
});

export const generateMigration = async (project: Project, opts: GenerateOptions): Promise<GenerateResult> => {
  const choice = undoChoice(project, opts);
  const result = await computePlan(project, { hazards: true, autoNotValid: opts.autoNotValid });
  for (const w of result.warnings) opts.warn?.(w);
  const db = await project.database();
  const pending = (await migrationStatus({ url: db.url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema }))
    .filter((m) => m.state === 'pending' || m.state === 'incomplete');
  if (pending.length) {
    // Generating on top of unapplied files would repeat their statements.
    throw new PendingMigrationsError(`${pending.length} migration(s) not applied yet (${pending.map((p) => p.file).join(', ')}): ` +
      'run pg-flux migrate apply first (or pg-flux migrate rebase to regenerate them on top of the database)');
  }
  if (result.plan.steps.length === 0) return { path: null, undoPath: null, text: null, undoText: null, result };
  checkHazards(result.plan, opts.allowHazards);
  const created = (opts.now ?? (() => new Date()))();
  const label = opts.label ?? null;
  // The proof runs the statements as migrate apply will (the header does not change them).
  const prove = opts.prove ?? (project.setting('migrate.prove') as boolean | null) ?? true;
  const proof = prove
    ? await proveNewMigration(project, { name: migrationFileName(created, label), text: migrationText(result, created, label, opts.allowHazards) }, result.desired)
    : null;
  if (opts.dryRun) {
    const texts = migrationTexts(result, { created, label, name: migrationFileName(created, label), ...choice, allowed: opts.allowHazards, proof });
    return { path: null, undoPath: null, text: texts.text, undoText: texts.undoFile, result };
  }
  const w = await writeMigration(project, result, { created, label, ...choice, allowed: opts.allowHazards, proof });
  return { path: w.path, undoPath: w.undoPath, text: w.texts.text, undoText: w.texts.undo, result };
};
