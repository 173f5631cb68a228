import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { pullOperation } from '../../shell/operations/pull.js';

export const runPull = async (argv: readonly string[], io: Io): Promise<number> => {
  // `--dry-run=false` (the seeds' CI page writes it) is read by the argument parser.
  const p = parseCommandArgs(argv, { 'dry-run': { type: 'boolean' }, ...STRICT_COVERAGE_OPTIONS });
  const dryRun = flag(p, 'dry-run');
  return withProject(p, io, async (project) => {
    const r = await pullOperation(project, { dryRun });
    for (const w of r.warnings) io.err(`note: ${w}`);
    if (r.text === null) {
      io.out('pull: nothing to capture — every live object is declared in source, as the source declares it.');
      return EXIT.OK;
    }
    if (dryRun) {
      io.out(r.text.trimEnd());
      io.err(`dry run: nothing written (${r.objects} object(s) would be captured under ${project.schemaDir.replace(/\/+$/, '')}/_pulled/)`);
      return EXIT.OK;
    }
    io.out(`Wrote ${r.objects} object(s) to ${r.path}`);
    if (r.differing > 0) io.out(`(with the live definitions of ${r.differing} object(s) that differ from source, as comments)`);
    return EXIT.OK;
  });
};
