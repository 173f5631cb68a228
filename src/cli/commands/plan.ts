import { AUTO_NOT_VALID_OPTIONS, STRICT_COVERAGE_OPTIONS, autoNotValid, flag, parseCommandArgs, str, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { computePlan } from '../../shell/operations/compute-plan.js';
import { migrationText } from '../../shell/operations/generate.js';
import { HazardError, checkHazards, parseAllowedHazards } from '../../shell/operations/hazards.js';
import { planJson } from '../render/plan-json.js';

export const OPTIONS = { json: { type: 'boolean' }, 'allow-hazards': { type: 'string' }, ...AUTO_NOT_VALID_OPTIONS, ...STRICT_COVERAGE_OPTIONS } as const satisfies Options;

export const runPlan = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  const allowed = parseAllowedHazards(str(p, 'allow-hazards'));
  return withProject(p, io, async (project) => {
    const r = await computePlan(project, { hazards: true, autoNotValid: autoNotValid(p) });
    for (const w of r.warnings) io.err(`note: ${w}`);
    let blocked: HazardError | null = null;
    try { checkHazards(r.plan, allowed); } catch (e) { if (e instanceof HazardError) blocked = e; else throw e; }
    if (flag(p, 'json')) io.out(JSON.stringify(planJson(r.plan, blocked !== null, r.live.unmanaged), null, 2));
    else if (r.plan.steps.length === 0) io.out('No changes');
    else io.out(migrationText(r, new Date(), null, allowed));
    if (blocked) { io.err(blocked.message); return EXIT.HAZARDS; }
    return EXIT.OK;
  });
};
