/**
 * Live ⊃ source: the objects of the live model that the source declares nowhere, computed over
 * every keyed record of the model (see kinds.ts), and the pieces pull and dump build on it.
 */
import { emptySchema, type Schema } from '../model/schema.js';
import { KIND_FIELDS, allRefs, compareKeys, defOf, type AnyDef, type KindField, type ObjectRef } from './kinds.js';

/** Objects in `live` whose key is in no record of `desired`, in report order. */
export const undeclaredObjects = (live: Schema, desired: Schema): ObjectRef[] =>
  KIND_FIELDS.flatMap((field) => Object.keys(live[field])
    .filter((key) => !Object.hasOwn(desired[field], key))
    .sort(compareKeys)
    .map((key) => ({ field, key })));

/** A schema holding only the given objects of `s` (nothing unmanaged). */
export const subsetSchema = (s: Schema, refs: readonly ObjectRef[]): Schema => {
  const out: Record<KindField, Record<string, AnyDef>> = Object.fromEntries(KIND_FIELDS.map((f) => [f, {}])) as Record<KindField, Record<string, AnyDef>>;
  for (const r of refs) {
    const d = defOf(s, r);
    if (d !== undefined) out[r.field][r.key] = d;
  }
  const sorted = Object.fromEntries(KIND_FIELDS.map((f) => [f, Object.fromEntries(Object.entries(out[f]).sort(([a], [b]) => compareKeys(a, b)))]));
  return { ...emptySchema(), ...sorted };
};

/** Objects declared in files under `dir` (a path prefix as the parser records it, e.g. `schema/_pulled/`). */
export const declaredUnder = (s: Schema, dir: string): ObjectRef[] => {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return allRefs(s).filter((r) => defOf(s, r)?.source?.file.startsWith(prefix) === true);
};
