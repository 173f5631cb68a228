/**
 * migrate rebase: after a teammate's migration was merged and applied, regenerate this branch's
 * unapplied migration(s) on top of the live schema — same label, a new timestamp that sorts after
 * everything there, the old file(s) removed — so history stays linear. A file edited by hand
 * since it was generated is refused unless --force: regenerating it would lose the edit.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationStatus } from '../runner/status.js';
import { bodyState } from '../runner/generated-body.js';
import { splitCombined } from '../runner/combined-format.js';
import { undoFileName } from '../runner/undo.js';
import { parseForward } from '../runner/combined-format.js';
import { validateMigrationsDir } from '../runner/migrations-dir.js';
import { loadParser } from '../../core/parse/pg-query.js';
import { computePlan } from './compute-plan.js';
import { checkHazards, type AllowedHazards } from './hazards.js';
import { undoChoice, writeMigration, type MigrationFormat } from './generate.js';
import type { Project } from './project.js';

export class RebaseError extends Error {
  constructor(message: string) { super(message); this.name = 'RebaseError'; }
}

export interface RebaseOptions {
  readonly force?: boolean | undefined;
  readonly allowHazards: AllowedHazards;
  readonly now?: (() => Date) | undefined;
}

export interface RebaseReport {
  /** Files regenerated (removed), in order. */
  readonly from: readonly string[];
  /** The new file (relative to the project), or null when there was nothing to rebase. */
  readonly to: string | null;
  readonly undo: string | null;
  /** Why nothing was done, when nothing was. */
  readonly nothing: string | null;
  readonly warnings: readonly string[];
}

const exists = (p: string): Promise<boolean> => readFile(p).then(() => true, () => false);

/** `20260101_120000_add_users.sql` → `add_users` (when the header has no label). */
const labelFromName = (name: string): string | null => /^\d{8}_\d{6}(?:_\d{3})?_(.+)\.sql$/.exec(name)?.[1] ?? null;

export const rebaseOperation = async (project: Project, opts: RebaseOptions): Promise<RebaseReport> => {
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const db = await project.database();
  const entries = await migrationStatus({ url: db.url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema });
  const blocking = entries.filter((e) => e.state === 'modified' || e.state === 'incomplete');
  if (blocking.length > 0) {
    throw new RebaseError(blocking.map((e) => e.state === 'modified'
      ? `${e.file} was edited after it was applied: restore it (or accept the edit with pg-flux migrate repair) before rebasing`
      : `${e.file} is incomplete: finish it with pg-flux migrate apply before rebasing`).join('\n'));
  }
  const pending = entries.filter((e) => e.state === 'pending');
  if (pending.length === 0) return { from: [], to: null, undo: null, nothing: 'no pending migration files: nothing to rebase', warnings: [] };

  await loadParser();
  const texts = await Promise.all(pending.map(async (e) => ({ name: e.file, text: await readFile(join(project.migrationsPath, e.file), 'utf8') })));
  const parsed = texts.map((t) => ({ ...t, file: parseForward(join(project.migrationsPath, t.name), t.text) }));
  const warnings: string[] = [];
  const refuse: string[] = [];
  for (const p of parsed) {
    const state = bodyState(p.text);
    if (state === 'edited') refuse.push(`${p.name} was edited by hand since it was generated: rebasing regenerates it from schema/ and would lose the edit`);
    else if (state === 'unknown') refuse.push(`${p.name} ${p.file.header ? 'has no "-- body:" line' : 'is hand-written (no pg-flux header)'}, so pg-flux cannot tell whether it was edited: rebasing regenerates it from schema/`);
  }
  if (refuse.length > 0 && !opts.force)
    throw new RebaseError([...refuse, 'Re-apply your edit to the regenerated file afterwards and pass --force, or rename the file by hand so it sorts last.'].join('\n'));
  if (refuse.length > 0) warnings.push(...refuse.map((r) => `${r} (--force)`));

  const result = await computePlan(project);
  // Files at the head of the queue that apply cleanly (generated on the live schema, each on the
  // one before) are not stale: usually a teammate's, pulled but not applied yet.
  let fine = 0;
  let expect = result.plan.fromHash;
  while (fine < parsed.length && !pending[fine]!.outOfOrder && parsed[fine]!.file.header?.baseline === expect) {
    expect = parsed[fine]!.file.header?.target ?? '';
    fine++;
  }
  if (fine === parsed.length) {
    return { from: [], to: null, undo: null, warnings,
      nothing: `${parsed.map((p) => p.name).join(', ')} ${parsed.length === 1 ? 'was' : 'were'} generated on top of the live schema already: nothing to rebase (pg-flux migrate apply applies ${parsed.length === 1 ? 'it' : 'them'})` };
  }
  if (fine > 0) {
    throw new RebaseError(`${parsed.slice(0, fine).map((p) => p.name).join(', ')} ${fine === 1 ? 'applies' : 'apply'} cleanly on the live schema ` +
      `(probably a teammate's migration): run pg-flux migrate apply first, then pg-flux migrate rebase regenerates ${parsed.slice(fine).map((p) => p.name).join(', ')}`);
  }
  const first = parsed[0]!;
  if (result.plan.steps.length === 0) {
    throw new RebaseError(`the database already matches ${project.schemaDir}/: ${pending.map((e) => e.file).join(', ')} would change nothing. ` +
      'If their changes were applied some other way, delete the file(s) (or record them with pg-flux migrate baseline FILE --force)');
  }
  checkHazards(result.plan, opts.allowHazards);

  const label = first.file.header?.label ?? labelFromName(first.name);
  const combined = parsed.some((p) => splitCombined(p.text)?.down != null);
  const hadUndo = combined || (await Promise.all(parsed.map((p) => exists(join(project.migrationsPath, undoFileName(p.name)))))).some(Boolean);
  const choice = undoChoice(project, {});
  const format: MigrationFormat = combined ? 'combined' : choice.format;
  const w = await writeMigration(project, result, { created: (opts.now ?? (() => new Date()))(), label, undo: hadUndo || choice.undo, format });
  for (const p of parsed) {
    await unlink(join(project.migrationsPath, p.name));
    await unlink(join(project.migrationsPath, undoFileName(p.name))).catch(() => undefined);
  }
  return { from: parsed.map((p) => p.name), to: w.path, undo: w.undoPath, nothing: null, warnings };
};
