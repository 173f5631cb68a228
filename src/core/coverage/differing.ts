/**
 * Objects that exist on both sides but whose live form differs from the source: the subjects
 * of the plan's changes (live → desired) that both models hold and whose comparable forms
 * differ — an object only dropped and created again around a change of something it depends
 * on (a rebuild) is the same on both sides. A table differs when one of its columns does; a
 * constraint or index is an object of its own.
 */
import type { Plan } from '../model/plan.js';
import type { Schema } from '../model/schema.js';
import { comparableJson } from '../model/compare.js';
import { changeSubject } from './change-subject.js';
import { KIND_FIELDS, compareKeys, defOf, type ObjectRef } from './kinds.js';
import { subsetSchema } from './undeclared.js';

const same = (a: Schema, b: Schema, r: ObjectRef): boolean =>
  comparableJson(subsetSchema(a, [r]), { ignoreColumnOrder: true }) === comparableJson(subsetSchema(b, [r]), { ignoreColumnOrder: true });

export const differingObjects = (plan: Plan, live: Schema, desired: Schema): ObjectRef[] => {
  const seen = new Map<string, ObjectRef>();
  for (const step of plan.steps) {
    const r = changeSubject(step.change);
    if (defOf(live, r) !== undefined && defOf(desired, r) !== undefined) seen.set(`${r.field}\u0000${r.key}`, r);
  }
  const order = new Map(KIND_FIELDS.map((f, i) => [f, i]));
  return [...seen.values()]
    .filter((r) => !same(live, desired, r))
    .sort((a, b) => order.get(a.field)! - order.get(b.field)! || compareKeys(a.key, b.key));
};
