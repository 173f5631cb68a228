import { flag, parseCommandArgs, str, UsageError } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { applyOperation } from '../../shell/operations/apply.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const runApply = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, {
    'dry-run': { type: 'boolean' }, 'force-after-drift': { type: 'boolean' }, 'lock-timeout': { type: 'string' }, 'allow-hazards': { type: 'string' },
  });
  parseAllowedHazards(str(p, 'allow-hazards'));
  const lt = str(p, 'lock-timeout');
  if (lt !== undefined && !/^\d+(\.\d+)?$/.test(lt)) throw new UsageError(`--lock-timeout takes seconds, got "${lt}"`);
  return withProject(p, io, async (project) => {
    const r = await applyOperation(project, {
      dryRun: flag(p, 'dry-run'), forceAfterDrift: flag(p, 'force-after-drift'),
      lockTimeoutMs: lt === undefined ? undefined : Number(lt) * 1000, log: (l) => io.err(l),
    });
    for (const w of r.warnings) io.err(`warning: ${w}`);
    const verb = r.dryRun ? 'would apply' : 'applied';
    for (const a of r.applied) io.out(`${verb} ${a.file}${r.dryRun ? '' : ` (${a.durationMs} ms)`}${a.resumed ? ' (resumed)' : ''}`);
    if (r.applied.length === 0) io.out('No pending migrations');
    return EXIT.OK;
  });
};
