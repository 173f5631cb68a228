import { flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { initProject } from '../../shell/operations/init.js';

export const runInit = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { force: { type: 'boolean' } });
  const r = await initProject(io.cwd, { force: flag(p, 'force') });
  for (const c of r.created) io.out(`created ${c}`);
  for (const s of r.skipped) io.out(`kept    ${s} (exists; --force to overwrite files)`);
  io.out('next: write your tables in schema/*.sql, then run: pg-flux migrate generate && pg-flux migrate apply');
  return EXIT.OK;
};
