/**
 * Comparable projection of a model: what defines the schema, without where it was written
 * (`source`), how an expression was spelled (`sql`) or ordering facts (`refs`). Used for
 * equality (symmetry and convergence checks) and for the schema hash.
 */
import { createHash } from 'node:crypto';
import type { Schema } from './schema.js';

const SKIP = new Set(['source', 'sql', 'refs']);

const project = (v: unknown, ignoreColumnOrder: boolean, key: string | null): unknown => {
  if (Array.isArray(v)) {
    const items = v.map((x) => project(x, ignoreColumnOrder, null));
    if (ignoreColumnOrder && key === 'columns') {
      return [...items].sort((a, b) => {
        const [x, y] = [(a as { name: string }).name, (b as { name: string }).name];
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    return items;
  }
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object).sort()) {
    if (SKIP.has(k)) continue;
    out[k] = project((v as Record<string, unknown>)[k], ignoreColumnOrder, k);
  }
  return out;
};

/**
 * Extension versions are left out: source usually does not pin one (null: "whatever the server
 * installs"), so the installed version is not part of what the schema defines. A pinned version
 * that differs is still a difference for the differ (update_extension).
 */
const withoutVersions = (s: Schema): Schema => {
  const extensions: Record<string, Schema['extensions'][string]> = {};
  for (const [k, e] of Object.entries(s.extensions)) extensions[k] = { ...e, version: null };
  return { ...s, extensions };
};

/** Stable JSON of the comparable part of a schema. */
export const comparableJson = (s: Schema, opts: { ignoreColumnOrder?: boolean } = {}): string =>
  JSON.stringify(project({ ...withoutVersions(s), unmanaged: [] }, opts.ignoreColumnOrder ?? false, null));

/** sha256 (hex) of the comparable schema: the baseline / target hash of migrations. */
export const schemaHash = (s: Schema): string => createHash('sha256').update(comparableJson(s)).digest('hex');

/** Keep only objects in the given schemas (extensions: those installed into them). */
export const filterSchemas = (s: Schema, schemas: readonly string[] | null): Schema => {
  if (!schemas) return s;
  const keep = new Set(schemas);
  const pick = <T>(rec: Readonly<Record<string, T>>, schemaOf: (v: T) => string): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(rec)) if (keep.has(schemaOf(v))) out[k] = v;
    return out;
  };
  return {
    schemas: pick(s.schemas, (n) => n.name),
    extensions: pick(s.extensions, (e) => e.schema),
    enums: pick(s.enums, (e) => e.name.schema),
    sequences: pick(s.sequences, (q) => q.name.schema),
    tables: pick(s.tables, (t) => t.name.schema),
    constraints: pick(s.constraints, (c) => c.table.schema),
    indexes: pick(s.indexes, (i) => i.name.schema),
    unmanaged: s.unmanaged.filter((u) => keep.has(u.key.split('.')[0] ?? '')),
  };
};
