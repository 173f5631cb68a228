import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, str, UsageError, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { rollbackOperation } from '../../shell/operations/rollback.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'force-after-drift': { type: 'boolean' },
  'allow-hazards': { type: 'string' },
  'lock-wait': { type: 'string' },
  ...STRICT_COVERAGE_OPTIONS,
} as const satisfies Options;

export const runRollback = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS, { max: 1 });
  const n = p.positionals[0] ?? '1';
  if (!/^[1-9]\d*$/.test(n)) throw new UsageError(`N must be a positive whole number (how many migrations to roll back), got "${n}"`);
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const dryRun = flag(p, 'dry-run');
    const r = await rollbackOperation(project, { count: Number(n), dryRun, forceAfterDrift: flag(p, 'force-after-drift'), allowHazards, log: (l) => io.err(l) });
    for (const x of r.rolledBack) {
      if (dryRun) { io.out(`-- would roll back ${x.file}`); if (x.sql) io.out(x.sql); }
      else io.out(`rolled back ${x.file} (${x.durationMs} ms)`);
    }
    if (r.refused) { io.err(`error: ${r.refused.message}`); return EXIT.HAZARDS; }
    return EXIT.OK;
  });
};
