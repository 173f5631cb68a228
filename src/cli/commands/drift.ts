import { flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { computePlan } from '../../shell/operations/compute-plan.js';
import { changeObject } from '../../core/emit/describe.js';

export const runDrift = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { strict: { type: 'boolean' }, json: { type: 'boolean' } });
  return withProject(p, io, async (project) => {
    const r = await computePlan(project);
    for (const w of r.warnings) io.err(`note: ${w}`);
    const diffs = r.plan.steps.map((s) => ({ kind: s.change.kind, object: changeObject(s.change), sql: s.statements.map((x) => x.sql) }));
    if (flag(p, 'json')) io.out(JSON.stringify({ drift: diffs.length > 0, differences: diffs }, null, 2));
    else if (diffs.length === 0) io.out('No drift: the database matches the schema source');
    else {
      io.out(`-- drift: ${diffs.length} difference(s) between ${project.schemaDir}/ and the database; each fix:`);
      for (const d of diffs) for (const s of d.sql) io.out(`${s};`);
    }
    if (diffs.length === 0) return EXIT.OK;
    return flag(p, 'strict') ? EXIT.DRIFT_STRICT : EXIT.ERROR;
  });
};
