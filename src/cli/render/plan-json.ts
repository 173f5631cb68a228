import type { Plan } from '../../core/model/plan.js';
import { changeObject } from '../../core/emit/describe.js';
import type { UnmanagedObject } from '../../core/model/objects.js';
import { unmanagedJson } from '../../core/coverage/unmanaged-report.js';

/** The plan as data: one entry per change, with its statements and hazards, and what it leaves alone. */
export const planJson = (plan: Plan, blocked: boolean, unmanaged: readonly UnmanagedObject[]) => ({
  fromHash: plan.fromHash,
  toHash: plan.toHash,
  hasBlockedHazards: blocked,
  changes: plan.steps.map((s) => ({
    kind: s.change.kind,
    object: changeObject(s.change),
    statements: s.statements.map((st) => ({ sql: st.sql, phase: st.phase })),
    hazards: s.hazards.map((h) => ({ type: h.type, object: h.object, message: h.message, alternative: h.alternative })),
  })),
  unmanaged: unmanagedJson(unmanaged),
});
