import { flag, parseCommandArgs } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { verifyOperation } from '../../shell/operations/verify.js';
import { countedObjects, verifyJson, verifyNotes, verifyText } from '../../core/emit/report/verify-report.js';

export const runVerify = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, { strict: { type: 'boolean' }, 'strict-coverage': { type: 'boolean' }, json: { type: 'boolean' } });
  const strictCoverage = flag(p, 'strict-coverage');
  return withProject(p, io, async (project) => {
    const r = await verifyOperation(project, { countUnmanaged: strictCoverage });
    for (const w of r.sourceWarnings) io.err(`note: ${w}`);
    if (flag(p, 'json')) io.out(JSON.stringify(verifyJson(r.findings), null, 2));
    else {
      for (const line of verifyText(r.findings)) io.out(line);
      for (const note of verifyNotes(r.findings)) io.err(note);
    }
    const failing = countedObjects(r.findings) > 0 && (flag(p, 'strict') || strictCoverage);
    return failing ? EXIT.UNDECLARED : EXIT.OK;
  });
};
