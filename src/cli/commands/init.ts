import { flag, parseCommandArgs, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { initProject } from '../../shell/operations/init.js';

export const OPTIONS = { force: { type: 'boolean' } } as const satisfies Options;

export const runInit = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const r = await initProject(io.cwd, { force: flag(p, 'force') });
  for (const c of r.created) io.out(`created     ${c}`);
  for (const c of r.overwritten) io.out(`overwrote   ${c} (--force; the previous content is gone)`);
  for (const s of r.skipped) io.out(`kept        ${s} (exists${p.values['force'] === true || s.endsWith('/') || s === '.gitignore' ? '' : '; --force to overwrite it'})`);
  io.out('next: write your tables in schema/*.sql, then run: pg-flux migrate generate && pg-flux migrate apply');
  return EXIT.OK;
};
