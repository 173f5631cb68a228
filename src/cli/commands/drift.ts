import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, type Options } from '../args.js';
import { unmanagedJson } from '../../core/coverage/unmanaged-report.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { computePlan } from '../../shell/operations/compute-plan.js';
import { driftEntries, driftSql, driftText } from '../../core/emit/report/drift-report.js';
import { quoteQualified } from '../../core/emit/sql/quote.js';

export const OPTIONS = { strict: { type: 'boolean' }, json: { type: 'boolean' }, sql: { type: 'boolean' }, ...STRICT_COVERAGE_OPTIONS } as const satisfies Options;

export const runDrift = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  return withProject(p, io, async (project) => {
    const r = await computePlan(project);
    for (const w of r.warnings) io.err(`note: ${w}`);
    const schemaDir = project.schemaDir.replace(/\/+$/, '');
    const entries = driftEntries(r.plan, r.live, r.desired);
    const invalid = Object.values(r.live.indexes).filter((i) => i.invalid === true).map((i) => quoteQualified(i.name));
    if (flag(p, 'json')) io.out(JSON.stringify({ drift: entries.length > 0, differences: entries, invalidIndexes: invalid, unmanaged: unmanagedJson(r.live.unmanaged) }, null, 2));
    else {
      for (const i of invalid) io.err(`note: index ${i} is INVALID (a CREATE INDEX CONCURRENTLY failed or was interrupted): queries cannot use it; the fix rebuilds it`);
      if (flag(p, 'sql')) for (const line of driftSql(r.plan, schemaDir)) io.out(line);
      else for (const line of driftText(entries, schemaDir)) io.out(line);
    }
    if (entries.length === 0) return EXIT.OK;
    return flag(p, 'strict') ? EXIT.DRIFT_STRICT : EXIT.ERROR;
  });
};
