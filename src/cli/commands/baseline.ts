import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, str, UsageError, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { baselineOperation } from '../../shell/operations/baseline.js';

export const OPTIONS = {
  'up-to': { type: 'string' },
  force: { type: 'boolean' },
  'lock-wait': { type: 'string' },
  ...STRICT_COVERAGE_OPTIONS,
} as const satisfies Options;

export const runBaseline = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS, { max: 1 });
  const file = p.positionals[0];
  const upTo = str(p, 'up-to');
  if (file !== undefined && upTo !== undefined) throw new UsageError('give either FILE or --up-to FILE, not both');
  if (file === undefined && upTo === undefined) throw new UsageError('name the file to mark: pg-flux migrate baseline FILE, or --up-to FILE');
  return withProject(p, io, async (project) => {
    const r = await baselineOperation(project, { file, upTo, force: flag(p, 'force'), log: (l) => io.err(l) });
    for (const m of r.marked) io.out(`Marked ${m} as applied (checksum recorded)`);
    return EXIT.OK;
  });
};
