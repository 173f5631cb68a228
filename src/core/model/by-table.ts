/**
 * Constraints and indexes grouped by their table, computed once per schema object. Lookups by
 * table are needed per change; scanning every constraint each time is quadratic on large
 * schemas (GitLab has 6,000 constraints and 6,000 indexes).
 */
import type { Schema } from './schema.js';
import type { ConstraintDef, IndexDef } from './objects.js';

export interface ByTable {
  readonly constraints: ReadonlyMap<string, readonly ConstraintDef[]>;
  readonly indexes: ReadonlyMap<string, readonly IndexDef[]>;
}

const cache = new WeakMap<Schema, ByTable>();

const group = <T extends { table: { schema: string; name: string } }>(items: Iterable<T>): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = `${x.table.schema}.${x.table.name}`;
    const l = m.get(k);
    if (l) l.push(x); else m.set(k, [x]);
  }
  return m;
};

export const byTable = (s: Schema): ByTable => {
  let b = cache.get(s);
  if (!b) {
    b = { constraints: group(Object.values(s.constraints)), indexes: group(Object.values(s.indexes)) };
    cache.set(s, b);
  }
  return b;
};

export const constraintsOf = (s: Schema, tableKey: string): readonly ConstraintDef[] => byTable(s).constraints.get(tableKey) ?? [];
export const indexesOf = (s: Schema, tableKey: string): readonly IndexDef[] => byTable(s).indexes.get(tableKey) ?? [];
