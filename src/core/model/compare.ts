/**
 * Comparable projection of a model: what defines the schema, without where it was written
 * (`source`), how an expression was spelled (`sql`) or ordering facts (`refs`, `bodyRefs`). Used for
 * equality (symmetry and convergence checks) and for the schema hash.
 */
import { createHash } from 'node:crypto';
import { LATER_KINDS, type Schema } from './schema.js';
import type { ObjectRef } from './objects.js';
import { castSchema } from './casts.js';

// Secret option names (model/foreign.ts) say only that a value is set out of band: never compared.
// Inherited NOT NULL names are a live-only fact of history (model/objects.ts TableDef).
// Declared array dimensions (type-ref.ts) are informational: PostgreSQL neither enforces nor always keeps them.
const SKIP = new Set(['source', 'sql', 'refs', 'bodyRefs', 'secretOptions', 'fdwSecretOptions', 'inheritedNotNullNames', 'declaredDims']);

/**
 * Fields added after 0.1.0, left out of the projection while they hold this default value: the
 * schema hashes recorded in earlier migration files stay valid.
 */
const LATER_FIELD_DEFAULTS: Readonly<Record<string, unknown>> = { validated: true };

const byName = (a: unknown, b: unknown): number => {
  const [x, y] = [(a as { name: string }).name, (b as { name: string }).name];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Writes exactly the text `JSON.stringify` would give for the projection (keys sorted, SKIP
 * keys left out, columns sorted by name when asked), in pieces: the schema hash of 10,000
 * tables then never holds one string of the whole model.
 */
const writeProjected = (v: unknown, ignoreColumnOrder: boolean, key: string | null, out: (text: string) => void): void => {
  if (Array.isArray(v)) {
    const items = ignoreColumnOrder && key === 'columns' ? [...v].sort(byName) : v;
    out('[');
    items.forEach((x, i) => {
      if (i > 0) out(',');
      // JSON.stringify writes null for array holes and undefined items.
      if (x === undefined) out('null');
      else writeProjected(x, ignoreColumnOrder, null, out);
    });
    out(']');
    return;
  }
  if (v === null || typeof v !== 'object') { out(JSON.stringify(v)); return; }
  out('{');
  let first = true;
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (SKIP.has(k) || x === undefined || (k in LATER_FIELD_DEFAULTS && LATER_FIELD_DEFAULTS[k] === x)) continue;
    out(`${first ? '' : ','}${JSON.stringify(k)}:`);
    first = false;
    writeProjected(x, ignoreColumnOrder, k, out);
  }
  out('}');
};

/** Buffers small pieces into chunks of about 64 KiB for `sink`. */
const chunked = (sink: (chunk: string) => void): { write: (t: string) => void; end: () => void } => {
  let buf = '';
  return {
    write: (t) => { buf += t; if (buf.length >= 65536) { sink(buf); buf = ''; } },
    end: () => { if (buf) sink(buf); buf = ''; },
  };
};

/**
 * Extension versions (and whether they are relocatable, a live-only fact) are left out: source usually does not pin one (null: "whatever the server
 * installs"), so the installed version is not part of what the schema defines. A pinned version
 * that differs is still a difference for the differ (update_extension).
 */
const withoutVersions = (s: Schema): Schema => {
  const extensions: Record<string, Schema['extensions'][string]> = {};
  // `relocatable` is left out entirely (not nulled): hashes recorded before it existed stay valid.
  for (const [k, e] of Object.entries(s.extensions)) {
    const { relocatable: _, ...rest } = e;
    extensions[k] = { ...rest, version: null } as Schema['extensions'][string];
  }
  return { ...s, extensions };
};

/** Kinds added after 0.1.0 are left out while empty: hashes recorded by earlier versions stay valid. */
const withoutEmptyLaterKinds = (s: Schema): Partial<Schema> => {
  const out: Record<string, unknown> = { ...s };
  for (const k of LATER_KINDS) if (Object.keys(s[k]).length === 0) delete out[k];
  return out;
};

const writeComparable = (s: Schema, ignoreColumnOrder: boolean, sink: (chunk: string) => void): void => {
  const w = chunked(sink);
  writeProjected({ ...withoutEmptyLaterKinds(withoutVersions(s)), unmanaged: [] }, ignoreColumnOrder, null, w.write);
  w.end();
};

/** Stable JSON of the comparable part of a schema. */
export const comparableJson = (s: Schema, opts: { ignoreColumnOrder?: boolean } = {}): string => {
  const parts: string[] = [];
  writeComparable(s, opts.ignoreColumnOrder ?? false, (c) => parts.push(c));
  return parts.join('');
};

/**
 * What the baseline / target hashes cover: the schema's objects, without who owns them or may
 * use them and without the comments a database gives itself (the `public` schema's, those of
 * extensions). A source declares owners and grants only when it manages them while a live
 * database always has them, and apply, baseline and rollback compare a hash of the source's
 * model with one of the live model: both sides are cut the same way. Drift of owners and
 * grants is `drift`'s to report, where the source manages them.
 */
const hashedPart = (s: Schema): Schema => ({
  ...s,
  owners: {}, privileges: {}, defaultPrivileges: {},
  comments: Object.fromEntries(Object.entries(s.comments).filter(([k, c]) =>
    c.target.kind !== 'extension' && !(k === 'schema:public' && c.text === 'standard public schema'))),
});

/**
 * sha256 (hex) of the comparable schema (its hashed part, above): the baseline / target hash of
 * migrations. Recorded in migration files, so the text hashed must never change for the same
 * schema (a golden test holds it).
 */
export const schemaHash = (s: Schema): string => {
  const h = createHash('sha256');
  writeComparable(hashedPart(s), false, (c) => h.update(c));
  return h.digest('hex');
};

/**
 * The same hash with each table's columns in name order: what a database reached by migrations
 * has, whatever order its columns were added in (ALTER TABLE ADD COLUMN appends). The undo of a
 * migration checks the live schema against this form of the migration's target.
 */
export const schemaHashIgnoringColumnOrder = (s: Schema): string => {
  const h = createHash('sha256');
  writeComparable(hashedPart(s), true, (c) => h.update(c));
  return h.digest('hex');
};

/** The schema an object of a comment, owner or privilege lives in (an extension: where it is installed). */
const targetSchema = (t: ObjectRef, s: Schema): string => {
  if (t.kind === 'schema') return t.key;
  if (t.kind === 'extension') return s.extensions[t.key]?.schema ?? '';
  if (t.kind === 'event trigger') return s.eventTriggers[t.key]?.function.schema ?? '';
  if (t.kind === 'cast') { const c = s.casts[t.key]; return c ? castSchema(c) : ''; }
  // Database-wide objects of no schema: left out under a schema filter.
  if (t.kind === 'foreign data wrapper' || t.kind === 'server' || t.kind === 'publication') return '';
  return t.key.slice(0, t.key.indexOf('.'));
};

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
    statistics: pick(s.statistics, (x) => x.name.schema),
    views: pick(s.views, (v) => v.name.schema),
    functions: pick(s.functions, (f) => f.name.schema),
    aggregates: pick(s.aggregates, (a) => a.name.schema),
    triggers: pick(s.triggers, (t) => t.table.schema),
    rules: pick(s.rules, (r) => r.table.schema),
    // Database-wide: kept with the schema of the function they execute (as the inspector reads them).
    eventTriggers: pick(s.eventTriggers, (e) => e.function.schema),
    domains: pick(s.domains, (d) => d.name.schema),
    compositeTypes: pick(s.compositeTypes, (d) => d.name.schema),
    rangeTypes: pick(s.rangeTypes, (d) => d.name.schema),
    collations: pick(s.collations, (d) => d.name.schema),
    policies: pick(s.policies, (p) => p.table.schema),
    rowSecurity: pick(s.rowSecurity, (r) => r.table.schema),
    comments: pick(s.comments, (c) => targetSchema(c.target, s)),
    owners: pick(s.owners, (o) => targetSchema(o.target, s)),
    privileges: pick(s.privileges, (p) => targetSchema(p.target, s)),
    defaultPrivileges: pick(s.defaultPrivileges, (d) => d.schema ?? ''),
    // Database-wide and tied to no schema: managed only without a schema filter.
    foreignDataWrappers: {}, foreignServers: {}, userMappings: {}, publications: {},
    // Database-wide: kept with the schema of their source type (else target type, else function), as the inspector reads them.
    casts: pick(s.casts, castSchema),
    unmanaged: s.unmanaged.filter((u) => keep.has(u.key.split('.')[0] ?? '')),
  };
};

/** Equality of two model values as the differ sees it (source places, spellings and ordering facts left out). */
export const sameComparable = (a: unknown, b: unknown): boolean => {
  const parts = (v: unknown): string => { const out: string[] = []; writeProjected(v, false, null, (t) => out.push(t)); return out.join(''); };
  return parts(a) === parts(b);
};
