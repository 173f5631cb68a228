/**
 * Objects that exist on both sides but whose live form differs from the source: the subjects
 * of the plan's changes (live → desired) that both models hold. A table differs when one of
 * its columns does; a constraint or index is an object of its own.
 */
import type { Plan } from '../model/plan.js';
import type { Schema } from '../model/schema.js';
import { changeSubject } from './change-subject.js';
import { KIND_FIELDS, compareKeys, defOf, type ObjectRef } from './kinds.js';

export const differingObjects = (plan: Plan, live: Schema, desired: Schema): ObjectRef[] => {
  const seen = new Map<string, ObjectRef>();
  for (const step of plan.steps) {
    const r = changeSubject(step.change);
    if (defOf(live, r) !== undefined && defOf(desired, r) !== undefined) seen.set(`${r.field}\u0000${r.key}`, r);
  }
  const order = new Map(KIND_FIELDS.map((f, i) => [f, i]));
  return [...seen.values()].sort((a, b) => order.get(a.field)! - order.get(b.field)! || compareKeys(a.key, b.key));
};
