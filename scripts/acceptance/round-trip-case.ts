/**
 * `--round-trip`: a real-world schema, loaded as is, must dump to a source tree (the CLI's
 * `dump`) that round-trips:
 *  1. `migrate generate` against the same database says No changes;
 *  2. an empty database migrated from the dump with pg-flux (generate + apply) equals the
 *     original: the inspector's model of both, exactly (column order included), and normalised
 *     `pg_dump --schema-only` of both where a pg_dump of the server's major is installed.
 * A schema holding objects of kinds pg-flux does not manage yet cannot round-trip whole: its row
 * is `blocked`, names those kinds with their counts, and says how far the managed part got.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RealCase } from './corpora.js';
import { substitutePsqlVars } from './corpora.js';
import type { CaseContext } from './context.js';
import { stripMetaCommands } from './db.js';
import { CaseFailure, applyFailure, clip, generateFailure, oneLine } from './classify.js';
import { comparableModel, dumpDifference, firstDifference, normaliseDump, pgDump } from './compare.js';
import { failed, notLoadable, passed, type Result } from './result.js';
import type { UnmanagedObject } from '../../src/core/model/objects.js';

export const ROUND_TRIP = 'round-trip' as const;

/** `function 297, trigger 345` (most frequent first). */
export const blockingKinds = (unmanaged: readonly UnmanagedObject[]): string => {
  const counts = new Map<string, number>();
  for (const u of unmanaged) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
};

/** The checks; throws CaseFailure at the first that fails. `withPgDump` is off for blocked schemas (their unmanaged objects are missing by design). */
const checks = async (ctx: CaseContext, ref: string, withPgDump: boolean): Promise<void> => {
  const project = await ctx.project([]);
  const onRef = ['--db', ctx.url(ref)];
  const dump = await ctx.cli(project, ['dump', ...onRef]);
  if (dump.code !== 0) throw new CaseFailure('crash', `dump (exit ${dump.code}): ${oneLine(dump.stderr || dump.stdout)}`, [], clip(dump.stderr));
  const same = await ctx.cli(project, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', ...onRef]);
  if (same.code !== 0) throw generateFailure('migrate generate against the dumped database', same, ctx.signal.aborted);
  if (!/^No changes$/m.test(same.stdout)) {
    const files = await project.migrationFiles();
    const text = files[0] ? await project.readMigration(files[0]) : same.stdout;
    const stmts = text.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
    throw new CaseFailure('second_plan_not_empty', `dump then generate: ${stmts[0]?.trim().slice(0, 250) ?? same.stdout.trim()}`, [], clip(stmts.slice(0, 20).join('\n')));
  }
  const work = await ctx.database('rt_work');
  const onWork = ['--db', ctx.url(work)];
  const gen = await ctx.cli(project, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'from_dump', ...onWork]);
  if (gen.code !== 0) throw generateFailure('migrate generate from the dump', gen, ctx.signal.aborted);
  const apply = await ctx.cli(project, ['migrate', 'apply', '--no-prove', ...onWork]);
  if (apply.code !== 0) throw applyFailure(apply, ctx.signal.aborted);
  const [got, want] = await Promise.all([ctx.shared.cluster.inspect(work), ctx.shared.cluster.inspect(ref)]);
  const diff = firstDifference(comparableModel(got.schema, false), comparableModel(want.schema, false));
  if (diff !== null) throw new CaseFailure('not_converged', `migrated from the dump: ${diff}`);
  if (withPgDump && ctx.shared.pgDump !== null) {
    const [a, b] = await Promise.all([pgDump(ctx.shared.pgDump, ctx.url(work), ctx.signal), pgDump(ctx.shared.pgDump, ctx.url(ref), ctx.signal)]);
    const d = dumpDifference(normaliseDump(a), normaliseDump(b));
    if (d !== null) throw new CaseFailure('not_converged', `migrated from the dump: ${d}`);
  }
};

export const runRoundTripCase = async (spec: RealCase, ctx: CaseContext, emit: (r: Result) => void): Promise<void> => {
  const started = Date.now();
  const ref = await ctx.database('rt_ref');
  const texts = spec.files.map((f) => substitutePsqlVars(readFileSync(join(spec.dir, f), 'utf8'), ref));
  try {
    for (const t of texts) await ctx.load(ref, stripMetaCommands(t));
  } catch (e) {
    emit(notLoadable(spec.corpus, spec.name, ROUND_TRIP, `does not load: ${(e as Error).message}`, Date.now() - started));
    return;
  }
  const unmanaged = (await ctx.shared.cluster.inspect(ref)).schema.unmanaged;
  const blocked = unmanaged.length > 0;
  let failure: unknown = null;
  try {
    await checks(ctx, ref, !blocked);
  } catch (e) {
    if (ctx.signal.aborted) return;
    failure = e;
  }
  const ms = Date.now() - started;
  // In scope: nothing in the database is of a kind pg-flux does not manage.
  if (!blocked) {
    emit({ ...(failure === null ? passed(spec.corpus, spec.name, ROUND_TRIP, ms) : failed(spec.corpus, spec.name, ROUND_TRIP, failure, ms)), inScope: true });
    return;
  }
  const managedPart = failure === null
    ? 'the managed part round-trips'
    : `managed part: ${failure instanceof CaseFailure ? `${failure.category}: ${failure.message}` : failure instanceof Error ? failure.message : JSON.stringify(failure)}`;
  const r = failed(spec.corpus, spec.name, ROUND_TRIP, new CaseFailure('blocked', `blocked by kinds pg-flux does not manage yet: ${blockingKinds(unmanaged)}; ${managedPart}`), ms);
  emit({ ...r, inScope: false });
};
