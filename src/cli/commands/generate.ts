import { AUTO_NOT_VALID_OPTIONS, autoNotValid, flag, parseCommandArgs, str } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { generateMigration } from '../../shell/operations/generate.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const runGenerate = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { label: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'allow-hazards': { type: 'string' }, ...AUTO_NOT_VALID_OPTIONS });
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const r = await generateMigration(project, { label: str(p, 'label'), dryRun: flag(p, 'dry-run'), allowHazards, autoNotValid: autoNotValid(p) });
    for (const w of r.result.warnings) io.err(`note: ${w}`);
    if (r.text === null) io.out('No changes');
    else if (r.path === null) io.out(r.text);
    else io.out(r.path);
    return EXIT.OK;
  });
};
