import { flag, parseCommandArgs, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { computePlan } from '../../shell/operations/compute-plan.js';
import { changeObject } from '../../core/emit/describe.js';
import { quoteQualified } from '../../core/emit/sql/quote.js';

export const OPTIONS = { strict: { type: 'boolean' }, json: { type: 'boolean' } } as const satisfies Options;

export const runDrift = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  return withProject(p, io, async (project) => {
    const r = await computePlan(project);
    for (const w of r.warnings) io.err(`note: ${w}`);
    const diffs = r.plan.steps.map((s) => ({ kind: s.change.kind, object: changeObject(s.change), sql: s.statements.map((x) => x.sql) }));
    const invalid = Object.values(r.live.indexes).filter((i) => i.invalid === true).map((i) => quoteQualified(i.name));
    if (flag(p, 'json')) io.out(JSON.stringify({ drift: diffs.length > 0, differences: diffs, invalidIndexes: invalid }, null, 2));
    else if (diffs.length === 0) io.out('No drift: the database matches the schema source');
    else {
      io.out(`-- drift: ${diffs.length} difference(s) between ${project.schemaDir}/ and the database; each fix:`);
      for (const i of invalid) io.out(`-- index ${i} is INVALID (a CREATE INDEX CONCURRENTLY failed or was interrupted): queries cannot use it; it is rebuilt below`);
      for (const d of diffs) for (const s of d.sql) io.out(`${s};`);
    }
    if (diffs.length === 0) return EXIT.OK;
    return flag(p, 'strict') ? EXIT.DRIFT_STRICT : EXIT.ERROR;
  });
};
