import type { Change } from './change.js';
import type { Hazard } from './hazard.js';

/**
 * Where a statement runs. `main` statements run in one transaction with the tracking row;
 * `before` statements must commit before it (idempotent, e.g. ALTER TYPE ... ADD VALUE IF NOT
 * EXISTS whose value is used later); `after` statements cannot run in a transaction
 * (CREATE INDEX CONCURRENTLY) and run one at a time after it commits.
 */
export type Phase = 'before' | 'main' | 'after';

export interface Statement {
  readonly sql: string;
  readonly phase: Phase;
}

export interface PlanStep {
  readonly change: Change;
  readonly statements: readonly Statement[];
  readonly hazards: readonly Hazard[];
}

export interface Plan {
  readonly steps: readonly PlanStep[];
  /** sha256 of the live (from) schema the plan was computed against. */
  readonly fromHash: string;
  /** sha256 of the desired (to) schema. */
  readonly toHash: string;
}
