import { AUTO_NOT_VALID_OPTIONS, STRICT_COVERAGE_OPTIONS, autoNotValid, maybeFlag, flag, parseCommandArgs, str, UsageError, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { generateMigration } from '../../shell/operations/generate.js';
import { parseAllowedHazards } from '../../shell/operations/hazards.js';

export const OPTIONS = {
  label: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-hazards': { type: 'string' },
  'generate-undo': { type: 'boolean' },
  format: { type: 'string' },
  ...AUTO_NOT_VALID_OPTIONS,
  prove: { type: 'boolean' },
  'no-prove': { type: 'boolean' },
  ...STRICT_COVERAGE_OPTIONS,
} as const satisfies Options;

export const runGenerate = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const allowHazards = parseAllowedHazards(str(p, 'allow-hazards'));
  const format = str(p, 'format');
  if (format !== undefined && format !== 'separate' && format !== 'combined') throw new UsageError(`--format takes separate or combined, got "${format}"`);
  return withProject(p, io, async (project) => {
    const r = await generateMigration(project, {
      label: str(p, 'label'), dryRun: flag(p, 'dry-run'), allowHazards,
      generateUndo: maybeFlag(p, 'generate-undo'), format, autoNotValid: autoNotValid(p), warn: (w) => io.err(`note: ${w}`),
      prove: flag(p, 'no-prove') ? false : maybeFlag(p, 'prove'),
    });
    if (r.text === null) io.out('No changes');
    else if (r.path === null) {
      io.out(r.text);
      if (r.undoText) io.out(`-- undo (written to <name>_undo.sql):\n${r.undoText}`);
    } else {
      io.out(r.path);
      if (r.undoPath) io.err(`undo: ${r.undoPath}`);
    }
    return EXIT.OK;
  });
};
