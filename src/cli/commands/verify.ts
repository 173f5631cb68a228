import { flag, parseCommandArgs, STRICT_COVERAGE_OPTIONS } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { verifyOperation } from '../../shell/operations/verify.js';
import { countedObjects, verifyJson, verifyNotes, verifyText } from '../../core/emit/report/verify-report.js';

export const runVerify = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { strict: { type: 'boolean' }, ...STRICT_COVERAGE_OPTIONS, json: { type: 'boolean' } });
  return withProject(p, io, async (project) => {
    const r = await verifyOperation(project);
    for (const w of r.sourceWarnings) io.err(`note: ${w}`);
    if (flag(p, 'json')) io.out(JSON.stringify(verifyJson(r.findings), null, 2));
    else {
      for (const line of verifyText(r.findings)) io.out(line);
      for (const note of verifyNotes(r.findings)) io.err(note);
    }
    // Strict coverage counts unmanaged objects as undeclared, so it fails verify as --strict does.
    const failing = countedObjects(r.findings) > 0 && (flag(p, 'strict') || r.findings.countUnmanaged);
    return failing ? EXIT.UNDECLARED : EXIT.OK;
  });
};
