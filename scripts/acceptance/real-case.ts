/**
 * A real-world schema: it must load (else not_loadable), pg-flux must read it, migrating an
 * empty database to it must converge to a direct load with an empty second plan, and parsing
 * it must give the same model as inspecting the loaded database (symmetry).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import type { RealCase } from './corpora.js';
import { substitutePsqlVars } from './corpora.js';
import type { CaseContext } from './context.js';
import { stripMetaCommands } from './db.js';
import { CaseFailure, clip } from './classify.js';
import { comparableModel, firstDifference } from './compare.js';
import { failed, notLoadable, passed, type Result } from './result.js';
import { inScope } from './scope.js';
import { canonicalise } from '../../src/shell/canonicalise/canonicalise.js';
import { openScratchServer } from '../../src/shell/canonicalise/scratch-server.js';
import { resolveAuthz } from '../../src/core/authz/resolve.js';
import { alignManagement } from '../../src/core/plan/management.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

/** Source file names in schema/: one file keeps its name; several get their load order as prefix. */
const sourceName = (spec: RealCase, i: number): string =>
  spec.files.length === 1 ? spec.files[i]! : `${String(i + 1).padStart(2, '0')}_${spec.files[i]!}`;

export const runRealCase = async (spec: RealCase, ctx: CaseContext, emit: (r: Result) => void): Promise<void> => {
  const started = Date.now();
  const ref = await ctx.database('ref');
  // psql variables (postgrest) are substituted in what is loaded and in what pg-flux reads alike.
  const texts = spec.files.map((f) => substitutePsqlVars(readFileSync(join(spec.dir, f), 'utf8'), ref));
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

/**
 * parse(source) must equal inspect(load(source)) exactly (column order included). The desired
 * side is built as the CLI builds it: parse, canonicalise (views, functions, triggers, ... take
 * their stored form from a scratch database on the same server) and resolve comments, owners and
 * privileges for the role the run connects as.
 */
const symmetry = async (spec: RealCase, texts: readonly string[], ctx: CaseContext, ref: string): Promise<void> => {
  await loadParser();
  const live = await ctx.shared.cluster.inspect(ref);
  const major = Math.floor(live.serverVersionNum / 10000);
  let parsed;
  try {
    const result = parseSchema(texts.map((text, i) => ({ path: `schema/${sourceName(spec, i)}`, text })));
    const canonical = await canonicalise(result, {
      major, cacheDir: null, toolVersion: 'acceptance',
      server: () => openScratchServer({ major, shadowDsn: ctx.url('postgres'), projectDir: '.' }),
    });
    const role = decodeURIComponent(new URL(ctx.url('postgres')).username) || 'postgres';
    const r = resolveAuthz(canonical, result.authz, result.bodies, { currentUser: role, major, manage: { owners: 'auto', privileges: 'auto' } });
    if (r.diagnostics.length) throw new DiagnosticError(r.diagnostics);
    parsed = r.schema;
  } catch (e) {
    // The CLI parsed the same text a moment ago; a difference here is worth seeing in full.
    throw new CaseFailure('symmetry', `in-process parse failed: ${(e as Error).message}`, [], clip((e as Error).message));
  }
  const diff = firstDifference(comparableModel(parsed, false), comparableModel(alignManagement(live.schema, parsed), false));
  if (diff !== null) throw new CaseFailure('symmetry', `parse vs inspect: ${diff}`);
};
