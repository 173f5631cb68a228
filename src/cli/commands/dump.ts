import { flag, parseCommandArgs, str, UsageError } from '../args.js';
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
  const p = parseCommandArgs(argv, { out: { type: 'string' }, layout: { type: 'string' }, force: { type: 'boolean' } });
  const layout = layoutOption(str(p, 'layout'));
  return withProject(p, io, async (project) => {
    const r = await dumpOperation(project, { out: str(p, 'out'), layout, force: flag(p, 'force') });
    io.out(`Wrote ${r.objects} object(s) in ${r.files.length} file(s) to ${r.dir}`);
    if (r.unmanaged.length > 0) {
      const kinds = [...new Set(r.unmanaged.map((u) => u.kind))].sort();
      io.err(`note: ${r.unmanaged.length} live object(s) of kinds pg-flux does not manage yet are not in the dump (${kinds.join(', ')}); pg-flux inspect --summary counts them`);
    }
    return EXIT.OK;
  });
};
