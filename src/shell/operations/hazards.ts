/** The consent gate: hazards present in a plan that the user did not allow. */
import { HAZARD_TYPES, type AllowedHazards, type HazardType } from '../../core/model/hazard.js';
import { formatFindings, typesOf, type HazardFinding } from '../../core/hazards/report.js';
import type { Plan } from '../../core/model/plan.js';
import { describeChange } from '../../core/emit/describe.js';
import { DEFAULT_HAZARD_SETTINGS, type HazardSettings } from '../../core/hazards/context.js';

/** The hazard thresholds of the project: hazards.mass_drop_threshold and hazards.large_table_rows. */
export const hazardSettingsOf = (project: { setting(path: string): unknown }): HazardSettings => ({
  ...DEFAULT_HAZARD_SETTINGS,
  ...(typeof project.setting('hazards.mass_drop_threshold') === 'number' ? { massDropPercent: project.setting('hazards.mass_drop_threshold') as number } : {}),
  ...(typeof project.setting('hazards.large_table_rows') === 'number' ? { largeTableRows: project.setting('hazards.large_table_rows') as number } : {}),
});

export type { AllowedHazards };

export class HazardError extends Error {
  constructor(readonly blocked: readonly HazardFinding[]) {
    const types = typesOf(blocked);
    super([
      `refusing to continue: the plan has hazards that were not allowed (${types.join(', ')}):`,
      ...formatFindings(blocked),
      `pass --allow-hazards ${types.join(',')} (or --allow-hazards all) after reviewing them, or change the schema`,
    ].join('\n'));
    this.name = 'HazardError';
  }
}

export class HazardListError extends Error {}

/** Parse `--allow-hazards A,B` / `all`. Unknown names are an error, not silently ignored. */
export const parseAllowedHazards = (value: string | undefined): AllowedHazards => {
  if (!value) return new Set();
  const names = value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (names.includes('ALL')) return 'all';
  const bad = names.filter((n) => !(HAZARD_TYPES as readonly string[]).includes(n));
  if (bad.length) throw new HazardListError(`unknown hazard type(s) ${bad.join(', ')} in --allow-hazards (known: ${HAZARD_TYPES.join(', ')}, all)`);
  return new Set(names as HazardType[]);
};

export const hazardsOf = (plan: Plan): HazardFinding[] =>
  plan.steps.flatMap((s) => s.hazards.map((hazard) => ({ hazard, statement: s.statements[0]?.sql ?? describeChange(s.change), where: null })));

export const checkHazards = (plan: Plan, allowed: AllowedHazards): void => {
  if (allowed === 'all') return;
  const blocked = hazardsOf(plan).filter((h) => !allowed.has(h.hazard.type));
  if (blocked.length) throw new HazardError(blocked);
};
