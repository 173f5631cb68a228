import { flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { computePlan } from '../../shell/operations/compute-plan.js';
import { driftEntries, driftSql, driftText } from '../../core/emit/report/drift-report.js';

export const runDrift = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { strict: { type: 'boolean' }, json: { type: 'boolean' }, sql: { type: 'boolean' } });
  return withProject(p, io, async (project) => {
    const r = await computePlan(project);
    for (const w of r.warnings) io.err(`note: ${w}`);
    const schemaDir = project.schemaDir.replace(/\/+$/, '');
    const entries = driftEntries(r.plan, r.live, r.desired);
    if (flag(p, 'json')) io.out(JSON.stringify({ drift: entries.length > 0, differences: entries }, null, 2));
    else if (flag(p, 'sql')) for (const line of driftSql(r.plan, schemaDir)) io.out(line);
    else for (const line of driftText(entries, schemaDir)) io.out(line);
    if (entries.length === 0) return EXIT.OK;
    return flag(p, 'strict') ? EXIT.DRIFT_STRICT : EXIT.ERROR;
  });
};
