/**
 * A before/after case in both directions. Each side is loaded once into a reference database;
 * each direction migrates a copy of its source reference (CREATE DATABASE … TEMPLATE, cheaper
 * than loading the SQL again) and compares it with the other reference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutRoleSetupBlocks, type DiffCase } from './corpora.js';
import type { CaseContext } from './context.js';
import { stripMetaCommands } from './db.js';
import { failed, notLoadable, passed, type Direction, type Result } from './result.js';
import { inScope } from './scope.js';

const read = (dir: string, file: string): string | null => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null);

export const DIFF_DIRECTIONS: readonly Direction[] = ['forward', 'reverse'];

/**
 * Owners and privileges are managed when the target source declares them (`manage: auto`). A case
 * whose other side declares them is about them: going to a side without any, the user who wants
 * the plain load's owners and grants back sets `manage.owners` / `manage.privileges: always` (README,
 * configuration), and so does the harness. sqldef's `managed_roles` means the same for privileges.
 */
const OWNER_STATEMENT = /\bOWNER\s+TO\b/i;
const GRANT_STATEMENT = /\b(GRANT|REVOKE)\b/i;

const manageConfig = (spec: DiffCase, sides: { before: string; after: string }): string | null => {
  const either = (re: RegExp): boolean => re.test(sides.before) || re.test(sides.after);
  const lines = [
    ...(either(OWNER_STATEMENT) ? ['  owners: always'] : []),
    ...(spec.managesPrivileges || either(GRANT_STATEMENT) ? ['  privileges: always'] : []),
  ];
  return lines.length === 0 ? null : `version: 1\nmanage:\n${lines.join('\n')}\n`;
};

export const runDiffCase = async (spec: DiffCase, ctx: CaseContext, emit: (r: Result) => void): Promise<void> => {
  const setup = read(spec.dir, 'setup.sql');
  const sides = { before: read(spec.dir, 'before.sql') ?? '', after: read(spec.dir, 'after.sql') ?? '' };
  // What the schema source holds: the case without its role-creating DO blocks (cluster setup).
  const source = { before: withoutRoleSetupBlocks(sides.before), after: withoutRoleSetupBlocks(sides.after) };
  const setupSource = setup === null ? null : withoutRoleSetupBlocks(setup);
  const started = Date.now();

  // Load both sides first: a case that does not load on this major is counted, not run.
  const refs: Record<'before' | 'after', string> = { before: '', after: '' };
  for (const side of ['before', 'after'] as const) {
    const db = await ctx.database(`${side}`);
    try {
      if (setup !== null) await ctx.load(db, stripMetaCommands(setup));
      await ctx.load(db, stripMetaCommands(sides[side]));
    } catch (e) {
      const ms = Date.now() - started;
      const msg = `${side}.sql does not load: ${(e as Error).message}`;
      for (const d of DIFF_DIRECTIONS) emit(notLoadable(spec.corpus, spec.name, d, msg, Math.round(ms / 2)));
      return;
    }
    refs[side] = db;
  }
  const setupFile = setupSource !== null ? [{ path: 'schema/00_setup.sql', text: setupSource }] : [];
  const scope = await inScope([[...setupFile, { path: 'schema/10_schema.sql', text: source.before }], [...setupFile, { path: 'schema/10_schema.sql', text: source.after }]]);
  const loadShare = Math.round((Date.now() - started) / 2);

  for (const direction of DIFF_DIRECTIONS) {
    const [from, to] = direction === 'forward' ? (['before', 'after'] as const) : (['after', 'before'] as const);
    const t0 = Date.now();
    try {
      const work = await ctx.database(`work_${from}`, refs[from]);
      const files = [...(setupSource !== null ? [{ name: '00_setup.sql', text: setupSource }] : []), { name: '10_schema.sql', text: source[to] }];
      const project = await ctx.project(files, manageConfig(spec, sides));
      await ctx.converge(project, work, refs[to]);
      emit({ ...passed(spec.corpus, spec.name, direction, loadShare + Date.now() - t0), inScope: scope });
    } catch (e) {
      if (ctx.signal.aborted) return; // the pool records the timeout
      emit({ ...failed(spec.corpus, spec.name, direction, e, loadShare + Date.now() - t0), inScope: scope });
    }
  }
};
