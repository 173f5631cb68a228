/**
 * Hazards enforced on what `migrate apply` is about to run: every statement of every pending
 * file (for an interrupted file, what is left of it) goes through the same classifier as the
 * plan, in run order. A hazard passes when `--allow-hazards` names it or the file carries an
 * `-- pg-flux:allow-hazards` line for it; anything else stops the run before its first statement.
 */
import type { AllowedHazards, HazardType } from '../../core/model/hazard.js';
import type { Schema } from '../../core/model/schema.js';
import { newRunState, type HazardSettings, type LiveFacts } from '../../core/hazards/context.js';
import { classifyStatement, massDrop } from '../../core/hazards/statements.js';
import { formatFindings, typesOf, type HazardFinding } from '../../core/hazards/report.js';
import type { MigrationFile, MigrationStatement } from './migration-file.js';

export const REFUSAL = 'refusing to apply: blocking hazards; pass --allow-hazards or change schema';

export class ApplyHazardError extends Error {
  constructor(readonly blocked: readonly HazardFinding[]) {
    const types = typesOf(blocked);
    super([
      REFUSAL,
      ...formatFindings(blocked),
      `after reviewing them, allow them with --allow-hazards ${types.join(',')} or with a "-- pg-flux:allow-hazards ${types.join(', ')}" line in the file`,
    ].join('\n'));
    this.name = 'ApplyHazardError';
  }
}

export interface GateFile {
  readonly file: MigrationFile;
  /** The statements this run will execute, in order. */
  readonly statements: readonly MigrationStatement[];
}

const consented = (allowed: AllowedHazards, file: MigrationFile, type: HazardType): boolean =>
  allowed === 'all' || allowed.has(type) || file.allowHazards === 'all' || file.allowHazards.includes(type);

/** Every hazard of the run, and those not consented to. */
export const classifyRun = (files: readonly GateFile[], live: Schema, facts: LiveFacts | null, settings: HazardSettings, allowed: AllowedHazards) => {
  const st = newRunState(live, facts, settings);
  const found: (HazardFinding & { file: MigrationFile })[] = [];
  let firstDrop: GateFile | null = null;
  for (const g of files) {
    for (const s of g.statements) {
      const before = st.dropped.size;
      for (const hazard of classifyStatement(s.node, st)) found.push({ hazard, statement: s.sql, where: `${g.file.path}:${s.line}`, file: g.file });
      if (st.dropped.size > before) firstDrop ??= g;
    }
  }
  const mass = massDrop(st);
  if (mass && firstDrop) found.push({ hazard: mass, statement: null, where: firstDrop.file.path, file: firstDrop.file });
  return { found, blocked: found.filter((f) => !consented(allowed, f.file, f.hazard.type)) };
};
