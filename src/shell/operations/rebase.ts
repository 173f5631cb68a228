/**
 * migrate rebase: after a teammate's migration was merged (and applied to staging), regenerate
 * this branch's migration(s) on top of it — same label, a new timestamp that sorts after
 * everything there, the old file(s) removed — so the history stays linear.
 *
 * Whose file is whose comes from git (which migration files the main branch has; `--onto REF`
 * names another ref): theirs are never rewritten. To regenerate on top of theirs this database
 * must have theirs applied, so rebase first undoes this branch's files if they are applied here
 * (with their undo), applies theirs, then writes the new file. Without git it can only rebase
 * pending files that no longer apply, and says so when it cannot tell theirs from mine.
 *
 * A file edited by hand since it was generated is refused unless --force: regenerating it would
 * lose the edit.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationStatus, type MigrationStatusEntry } from '../runner/status.js';
import { bodyState } from '../runner/generated-body.js';
import { parseForward, splitCombined } from '../runner/combined-format.js';
import { undoFileName } from '../runner/undo.js';
import { validateMigrationsDir } from '../runner/migrations-dir.js';
import { mainBranchFiles } from '../git/main-branch-files.js';
import { loadParser } from '../../core/parse/pg-query.js';
import { migrationFileName, type MigrationFile } from '../runner/migration-file.js';
import { computePlan, requireCoverage } from './compute-plan.js';
import { checkHazards, type AllowedHazards } from './hazards.js';
import { migrationText, undoChoice, writeMigration, type MigrationFormat } from './generate.js';
import { proveNewMigration } from './shadow-proof.js';
import { applyOperation } from './apply.js';
import { rollbackOperation } from './rollback.js';
import type { Project } from './project.js';

export class RebaseError extends Error {
  constructor(message: string) { super(message); this.name = 'RebaseError'; }
}

export interface RebaseOptions {
  readonly force?: boolean | undefined;
  /** Hazards allowed in the regenerated migration and in undoing this branch's applied files. */
  readonly allowHazards: AllowedHazards;
  /** The git ref whose migrations are "theirs" (default: origin's default branch, origin/main, main). */
  readonly onto?: string | undefined;
  readonly now?: (() => Date) | undefined;
  /** Prove the regenerated file on a copy of the target (default: migrate.prove, else true). */
  readonly prove?: boolean | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface RebaseReport {
  /** Files regenerated (removed), in order. */
  readonly from: readonly string[];
  /** The new file (relative to the project), or null when there was nothing to rebase. */
  readonly to: string | null;
  readonly undo: string | null;
  /** This branch's files undone here first, and the teammates' files applied. */
  readonly rolledBack: readonly string[];
  readonly applied: readonly string[];
  /** Why nothing was done, when nothing was. */
  readonly nothing: string | null;
  readonly warnings: readonly string[];
}

const exists = (p: string): Promise<boolean> => readFile(p).then(() => true, () => false);
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `20260101_120000_add_users.sql` → `add_users` (when the header has no label). */
const labelFromName = (name: string): string | null => /^\d{8}_\d{6}(?:_\d{3})?_(.+)\.sql$/.exec(name)?.[1] ?? null;

interface Parsed { readonly name: string; readonly text: string; readonly file: MigrationFile }

/** Without git: pending files at the head of the queue that apply cleanly are theirs, the rest mine. */
const classifyWithoutGit = (pending: readonly MigrationStatusEntry[], parsed: ReadonlyMap<string, Parsed>, liveHash: string): { mine: string[]; ambiguous: string | null } => {
  const baselines = new Map<string, string[]>();
  for (const e of pending) {
    const b = parsed.get(e.file)!.file.header?.baseline;
    if (b) baselines.set(b, [...(baselines.get(b) ?? []), e.file]);
  }
  const twins = [...baselines.values()].find((f) => f.length > 1);
  if (twins) return { mine: [], ambiguous: twins.join(', ') };
  let fine = 0;
  let expect = liveHash;
  while (fine < pending.length && !pending[fine]!.outOfOrder && parsed.get(pending[fine]!.file)!.file.header?.baseline === expect) {
    expect = parsed.get(pending[fine]!.file)!.file.header?.target ?? '';
    fine++;
  }
  return { mine: pending.slice(fine).map((e) => e.file), ambiguous: null };
};

export const rebaseOperation = async (project: Project, opts: RebaseOptions): Promise<RebaseReport> => {
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const log = opts.log ?? (() => undefined);
  const db = await project.database();
  await requireCoverage(project);
  const status = () => migrationStatus({ url: db.url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema });
  let entries = await status();
  const blocking = entries.filter((e) => e.state === 'modified' || e.state === 'incomplete');
  if (blocking.length > 0) {
    throw new RebaseError(blocking.map((e) => e.state === 'modified'
      ? `${e.file} was edited after it was applied: restore it (or accept the edit with pg-flux migrate repair) before rebasing`
      : `${e.file} is incomplete: finish it with pg-flux migrate apply before rebasing`).join('\n'));
  }
  await loadParser();
  const read = async (name: string): Promise<Parsed> => {
    const text = await readFile(join(project.migrationsPath, name), 'utf8');
    return { name, text, file: parseForward(join(project.migrationsPath, name), text) };
  };
  const parsed = new Map<string, Parsed>();
  for (const e of entries) if (e.state !== 'missing') parsed.set(e.file, await read(e.file));

  const main = await mainBranchFiles(project.migrationsPath, opts.onto);
  if (opts.onto !== undefined && main === null) throw new RebaseError(`git ref ${opts.onto} does not exist here (or this is not a git checkout)`);
  const pending = entries.filter((e) => e.state === 'pending');
  const rolledBack: string[] = [];
  const applied: string[] = [];
  let mine: string[];
  if (main !== null) {
    const theirsPending = pending.filter((e) => main.files.has(e.file)).map((e) => e.file);
    const appliedRows = entries.filter((e) => e.state === 'applied').sort((a, b) => (a.appliedAt! < b.appliedAt! ? -1 : a.appliedAt! > b.appliedAt! ? 1 : byName(a.file, b.file)));
    const firstMine = appliedRows.findIndex((e) => !main.files.has(e.file));
    const mineApplied = firstMine < 0 ? [] : appliedRows.slice(firstMine);
    mine = pending.filter((e) => !main.files.has(e.file)).map((e) => e.file);
    if (theirsPending.length > 0 && mineApplied.length > 0) {
      const notMine = mineApplied.filter((e) => main.files.has(e.file));
      if (notMine.length > 0)
        throw new RebaseError(`${notMine.map((e) => e.file).join(', ')} (on ${main.ref}) ${notMine.length === 1 ? 'was' : 'were'} applied here after ${mineApplied[0]!.file} (not on ${main.ref}): ` +
          'pg-flux cannot take yours off underneath theirs; recreate this database from the migrations instead');
      log(`undoing ${mineApplied.map((e) => e.file).join(', ')} (not on ${main.ref}) so that ${theirsPending.join(', ')} can be applied first`);
      const r = await rollbackOperation(project, { count: mineApplied.length, allowHazards: opts.allowHazards, log });
      rolledBack.push(...r.rolledBack.map((x) => x.file));
      mine = [...mine, ...rolledBack];
    }
    if (theirsPending.length > 0) {
      // Their files alone do not give schema/ (yours are left out on purpose): no shadow proof.
      const r = await applyOperation(project, { skip: new Set(mine), prove: false, log });
      applied.push(...r.applied.map((a) => a.file));
    }
    entries = await status();
    if (mine.length === 0) {
      return { from: [], to: null, undo: null, rolledBack, applied, warnings: [],
        nothing: `every pending file is on ${main.ref} (theirs, never rewritten)${applied.length ? '; applied them' : ''}` };
    }
  } else {
    const live = (await computePlan(project)).plan.fromHash;
    const c = classifyWithoutGit(pending, parsed, live);
    if (c.ambiguous !== null)
      throw new RebaseError(`${c.ambiguous} were generated from the same schema on parallel branches, and without git pg-flux cannot tell which is your teammate's: ` +
        'run rebase in the git checkout (after git pull origin main), pass --onto REF (a ref that has their migrations), or apply theirs first');
    mine = c.mine;
    if (mine.length === 0) {
      return { from: [], to: null, undo: null, rolledBack, applied, warnings: [],
        nothing: pending.length === 0 ? 'no pending migration files' : `${pending.map((e) => e.file).join(', ')} apply on top of the live schema already (pg-flux migrate apply applies them)` };
    }
    const head = pending.findIndex((e) => e.file === mine[0]);
    if (head > 0)
      throw new RebaseError(`${pending.slice(0, head).map((e) => e.file).join(', ')} apply cleanly on the live schema (probably a teammate's): ` +
        `run pg-flux migrate apply first, then pg-flux migrate rebase regenerates ${mine.join(', ')}`);
  }

  mine.sort(byName);
  const files = mine.map((n) => parsed.get(n)!);
  const warnings: string[] = [];
  const refuse: string[] = [];
  for (const p of files) {
    const state = bodyState(p.text);
    if (state === 'edited') refuse.push(`${p.name} was edited by hand since it was generated: rebasing regenerates it from schema/ and would lose the edit`);
    else if (state === 'unknown') refuse.push(`${p.name} ${p.file.header ? 'has no "-- body:" line' : 'is hand-written (no pg-flux header)'}, so pg-flux cannot tell whether it was edited: rebasing regenerates it from schema/`);
  }
  if (refuse.length > 0 && !opts.force)
    throw new RebaseError([...refuse, 'Re-apply your edit to the regenerated file afterwards and pass --force, or rename the file by hand so it sorts last.'].join('\n'));
  warnings.push(...refuse.map((r) => `${r} (--force)`));

  const result = await computePlan(project);
  // Mine may already sit on top of the live schema (nothing of theirs came in between).
  let expect = result.plan.fromHash;
  const stale = files.some((p) => {
    const e = entries.find((x) => x.file === p.name);
    const chained = e?.state === 'pending' && !e.outOfOrder && p.file.header?.baseline === expect;
    expect = p.file.header?.target ?? '';
    return !chained;
  });
  if (!stale && rolledBack.length === 0) {
    return { from: [], to: null, undo: null, rolledBack, applied, warnings,
      nothing: `${mine.join(', ')} ${mine.length === 1 ? 'was' : 'were'} generated on top of the live schema already (pg-flux migrate apply applies ${mine.length === 1 ? 'it' : 'them'})` };
  }
  if (result.plan.steps.length === 0) {
    throw new RebaseError(`the database already matches ${project.schemaDir}/: ${mine.join(', ')} would change nothing. ` +
      'If their changes were applied some other way, delete the file(s) (or record them with pg-flux migrate baseline FILE --force)');
  }
  checkHazards(result.plan, opts.allowHazards);
  const first = files[0]!;
  const label = first.file.header?.label ?? labelFromName(first.name);
  const combined = files.some((p) => splitCombined(p.text)?.down != null);
  const hadUndo = combined || (await Promise.all(files.map((p) => exists(join(project.migrationsPath, undoFileName(p.name)))))).some(Boolean);
  const choice = undoChoice(project, {});
  const format: MigrationFormat = combined ? 'combined' : choice.format;
  const created = (opts.now ?? (() => new Date()))();
  // A regenerated migration is a new one: proven like those of migrate generate.
  const prove = opts.prove ?? (project.setting('migrate.prove') as boolean | null) ?? true;
  const proof = prove
    ? await proveNewMigration(project, { name: migrationFileName(created, label), text: migrationText(result, created, label) }, result.desired)
    : null;
  const w = await writeMigration(project, result, { created, label, undo: hadUndo || choice.undo, format, proof });
  for (const p of files) {
    await unlink(join(project.migrationsPath, p.name));
    await unlink(join(project.migrationsPath, undoFileName(p.name))).catch(() => undefined);
  }
  return { from: files.map((p) => p.name), to: w.path, undo: w.undoPath, rolledBack, applied, nothing: null, warnings };
};
