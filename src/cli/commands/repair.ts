import { flag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { repairOperation } from '../../shell/operations/repair.js';

export const OPTIONS = {
  file: { type: 'string' },
  force: { type: 'boolean' },
  'lock-wait': { type: 'string' },
} as const satisfies Options;

export const runRepair = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  return withProject(p, io, async (project) => {
    const r = await repairOperation(project, { file: str(p, 'file'), force: flag(p, 'force'), log: (l) => io.err(l) });
    if (r.length === 0) io.out('No edited migrations: every applied file matches its recorded checksum');
    for (const x of r) {
      io.out(`Repaired ${x.file}: checksum ${x.from} → ${x.to} (${x.cosmetic ? 'comments or layout changed; the statements are the same' : 'statements changed; accepted with --force'})`);
    }
    return EXIT.OK;
  });
};
