import { STRICT_COVERAGE_OPTIONS, flag, maybeFlag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { rebaseOperation } from '../../shell/operations/rebase.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const OPTIONS = {
  force: { type: 'boolean' },
  'allow-hazards': { type: 'string' },
  onto: { type: 'string' },
  prove: { type: 'boolean' },
  'no-prove': { type: 'boolean' },
  ...STRICT_COVERAGE_OPTIONS,
} as const satisfies Options;

export const runRebase = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const r = await rebaseOperation(project, { force: flag(p, 'force'), allowHazards, onto: str(p, 'onto'),
      prove: flag(p, 'no-prove') ? false : maybeFlag(p, 'prove'), log: (l) => io.err(l) });
    for (const w of r.warnings) io.err(`warning: ${w}`);
    for (const f of r.rolledBack) io.out(`rolled back ${f} (yours, to apply theirs first)`);
    for (const f of r.applied) io.out(`applied ${f} (theirs)`);
    if (r.nothing !== null) { io.out(`Nothing to rebase: ${r.nothing}`); return EXIT.OK; }
    io.out(`Rebased ${r.from.join(', ')} → ${r.to} (regenerated on top of the live schema; the old file${r.from.length > 1 ? 's were' : ' was'} removed)`);
    if (r.undo) io.out(`Undo: ${r.undo}`);
    io.out('next: review it, git add migrations/ && git commit, then pg-flux migrate apply');
    return EXIT.OK;
  });
};
