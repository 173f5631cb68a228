import { maybeFlag, flag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { applyOperation } from '../../shell/operations/apply.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'force-after-drift': { type: 'boolean' },
  'lock-wait': { type: 'string' },
  'strict-order': { type: 'boolean' },
  'allow-hazards': { type: 'string' },
} as const satisfies Options;

export const runApply = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const dryRun = flag(p, 'dry-run');
    const r = await applyOperation(project, {
      dryRun, forceAfterDrift: flag(p, 'force-after-drift'), strictOrder: maybeFlag(p, 'strict-order'), log: (l) => io.err(l),
    });
    for (const a of r.applied) {
      if (dryRun) {
        io.out(`-- would ${a.resumed ? 'resume' : 'apply'} ${a.file}`);
        if (a.sql) io.out(a.sql);
      } else io.out(`applied ${a.file} (${a.durationMs} ms)${a.resumed ? ' (resumed)' : ''}`);
    }
    if (r.applied.length === 0) io.out('No pending migrations');
    return EXIT.OK;
  });
};
