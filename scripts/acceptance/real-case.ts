/**
 * A real-world schema: it must load (else not_loadable), pg-flux must read it, migrating an
 * empty database to it must converge to a direct load with an empty second plan, and parsing
 * it must give the same model as inspecting the loaded database (symmetry).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { desiredModel } from './desired-model.js';
import type { RealCase } from './corpora.js';
import { substitutePsqlVars, withoutRailsBookkeeping } from './corpora.js';
import type { CaseContext } from './context.js';
import { stripMetaCommands } from './db.js';
import { CaseFailure, clip } from './classify.js';
import { comparableModel, firstDifference } from './compare.js';
import { failed, notLoadable, passed, type Result } from './result.js';
import { inScope } from './scope.js';

/** Source file names in schema/: one file keeps its name; several get their load order as prefix. */
const sourceName = (spec: RealCase, i: number): string =>
  spec.files.length === 1 ? spec.files[i]! : `${String(i + 1).padStart(2, '0')}_${spec.files[i]!}`;

export const runRealCase = async (spec: RealCase, ctx: CaseContext, emit: (r: Result) => void): Promise<void> => {
  const started = Date.now();
  const ref = await ctx.database('ref');
  // psql variables (postgrest) are substituted in what is loaded and in what pg-flux reads alike.
  const texts = spec.files.map((f) => withoutRailsBookkeeping(substitutePsqlVars(readFileSync(join(spec.dir, f), 'utf8'), ref)));
  try {
    for (const t of texts) await ctx.load(ref, stripMetaCommands(t));
  } catch (e) {
    emit(notLoadable(spec.corpus, spec.name, 'from-empty', `does not load: ${(e as Error).message}`, Date.now() - started));
    return;
  }
  const scope = await inScope([texts.map((text, i) => ({ path: `schema/${sourceName(spec, i)}`, text }))]);
  try {
    const work = await ctx.database('work');
    const project = await ctx.project(texts.map((text, i) => ({ name: sourceName(spec, i), text })));
    await ctx.converge(project, work, ref);
    await symmetry(spec, texts, ctx, ref);
    emit({ ...passed(spec.corpus, spec.name, 'from-empty', Date.now() - started), inScope: scope });
  } catch (e) {
    if (ctx.signal.aborted) return;
    emit({ ...failed(spec.corpus, spec.name, 'from-empty', e, Date.now() - started), inScope: scope });
  }
};

/** parse(source) must equal inspect(load(source)) exactly (column order included), as a plan compares them. */
const symmetry = async (spec: RealCase, texts: readonly string[], ctx: CaseContext, ref: string): Promise<void> => {
  const live = await ctx.shared.cluster.inspect(ref);
  let models;
  try {
    models = await desiredModel(texts.map((text, i) => ({ path: `schema/${sourceName(spec, i)}`, text })), ctx.shared.cluster, live);
  } catch (e) {
    // The CLI parsed the same text a moment ago; a difference here is worth seeing in full.
    throw new CaseFailure('symmetry', `in-process parse failed: ${(e as Error).message}`, [], clip((e as Error).message));
  }
  const diff = firstDifference(comparableModel(models.desired, false), comparableModel(models.managedLive, false));
  if (diff !== null) throw new CaseFailure('symmetry', `parse vs inspect: ${diff}`);
};
