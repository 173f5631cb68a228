import { STRICT_COVERAGE_OPTIONS, flag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { resolveOutputs, runGen } from '../../shell/operations/gen.js';
import { OPTION_SPECS } from '../../core/emit/codegen/option-spec.js';

const OPTIONS: Options = {
  lang: { type: 'string' },
  check: { type: 'boolean' },
  'from-db': { type: 'boolean' },
  ...STRICT_COVERAGE_OPTIONS,
  ...Object.fromEntries(OPTION_SPECS.map((s) => [s.flag, { type: s.kind === 'bool' ? 'boolean' : 'string' } as const])),
};

/** At most this many warnings are printed one by one; the rest are counted. */
const MAX_NOTES = 10;

export const runGenCommand = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const flags = Object.fromEntries(OPTION_SPECS.map((s) => [s.flag, p.values[s.flag]]));
  return withProject(p, io, async (project) => {
    const outputs = await resolveOutputs(project, str(p, 'lang'), flags);
    const check = flag(p, 'check');
    const r = await runGen(project, { outputs, check, fromDb: flag(p, 'from-db') });
    r.warnings.slice(0, MAX_NOTES).forEach((w) => io.err(`note: ${w}`));
    if (r.warnings.length > MAX_NOTES) io.err(`note: ... and ${r.warnings.length - MAX_NOTES} more`);
    const stale = r.files.filter((f) => f.state !== 'unchanged');
    if (check) {
      if (stale.length === 0) { io.out(`gen --check: ${r.files.length} generated file(s) up to date`); return EXIT.OK; }
      for (const f of stale) io.out(`${f.state === 'changed' ? 'stale' : f.state}: ${f.path}`);
      io.out(`gen --check: ${stale.length} generated file(s) out of date; run pg-flux gen`);
      return EXIT.STALE_GENERATED;
    }
    for (const f of stale) io.out(`${f.state === 'obsolete' ? 'removed' : 'wrote'} ${f.path}`);
    const same = r.files.length - stale.length;
    if (stale.length === 0) io.out(`${same} generated file(s) already up to date`);
    else if (same > 0) io.out(`${same} other generated file(s) already up to date`);
    return EXIT.OK;
  });
};
