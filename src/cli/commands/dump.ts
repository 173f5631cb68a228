import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, str, UsageError } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { dumpOperation } from '../../shell/operations/dump.js';
import { DUMP_LAYOUTS, type DumpLayout } from '../../core/emit/dump/layout.js';

const layoutOption = (v: string | undefined): DumpLayout => {
  if (v === undefined) return 'by-object';
  if ((DUMP_LAYOUTS as readonly string[]).includes(v)) return v as DumpLayout;
  throw new UsageError(`--layout must be one of ${DUMP_LAYOUTS.join(', ')} (got "${v}")`);
};

export const runDump = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { out: { type: 'string' }, layout: { type: 'string' }, force: { type: 'boolean' }, ...STRICT_COVERAGE_OPTIONS });
  const layout = layoutOption(str(p, 'layout'));
  return withProject(p, io, async (project) => {
    const r = await dumpOperation(project, { out: str(p, 'out'), layout, force: flag(p, 'force') });
    io.out(`Wrote ${r.objects} object(s) in ${r.files.length} file(s) to ${r.dir}`);
    // Unmanaged objects (not in the dump) were reported when the database was read.
    return EXIT.OK;
  });
};
