/**
 * The keyed records of `Schema`, one row each: how reports name them, where a dump puts them
 * and which object owns them. The table is typed against the fields of `Schema`, so a field
 * added to the model without a row here does not compile — and verify, pull, dump and inspect
 * then cover the new kind without further changes.
 */
import type { Schema } from '../model/schema.js';
import type { QualifiedName } from '../model/names.js';
import type { SourceSpan } from '../model/objects.js';

/** Every keyed record of the model (`unmanaged` is a list of what the model does not hold). */
export type KindField = Exclude<keyof Schema, 'unmanaged'>;

export type DefOf<F extends KindField> = Schema[F][string];

/** Any object of the model: every one of them may say where it was declared. */
export interface AnyDef { readonly source: SourceSpan | null }

export interface KindRow<F extends KindField> {
  /** Heading in reports, plural: `Indexes`. */
  readonly group: string;
  /** One object, for messages: `index`. */
  readonly singular: string;
  /** Folder of its own files in a dump (`tables`), or null for a single file named after `file`. */
  readonly folder: string | null;
  /** The schema the object lives in; null for database-wide objects (extensions: their own file). */
  readonly schemaOf: (d: DefOf<F>) => string | null;
  /** Base name of its own file: the object's name (overloads of a function share one file). */
  readonly file: (d: DefOf<F>) => string;
  /**
   * The relation whose file holds this object in a by-object dump (a table's constraints,
   * indexes, triggers; a serial's sequence), looked up in `ownerIn` in that order; null when
   * the object has its own file.
   */
  readonly owner: (d: DefOf<F>) => QualifiedName | null;
  readonly ownerIn: readonly KindField[];
}

type Kinds = { readonly [F in KindField]: KindRow<F> };

const ownName = (d: { name: QualifiedName }): string => d.name.name;
const ownSchema = (d: { name: QualifiedName }): string => d.name.schema;
const onRelation = { ownerIn: ['tables', 'views'] as const };
const standalone = { owner: (): null => null, ownerIn: [] as const };

export const KINDS: Kinds = {
  schemas: { group: 'Schemas', singular: 'schema', folder: null, schemaOf: (d) => d.name, file: () => 'schema', ...standalone },
  extensions: { group: 'Extensions', singular: 'extension', folder: null, schemaOf: () => null, file: () => 'extensions', ...standalone },
  enums: { group: 'Enums', singular: 'enum', folder: 'types', schemaOf: ownSchema, file: ownName, ...standalone },
  sequences: {
    group: 'Sequences', singular: 'sequence', folder: 'sequences', schemaOf: ownSchema, file: ownName,
    owner: (d) => d.ownedBy?.table ?? null, ownerIn: ['tables'],
  },
  tables: { group: 'Tables', singular: 'table', folder: 'tables', schemaOf: ownSchema, file: ownName, ...standalone },
  constraints: {
    group: 'Constraints', singular: 'constraint', folder: 'constraints', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  indexes: {
    group: 'Indexes', singular: 'index', folder: 'indexes', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  statistics: {
    group: 'Extended statistics', singular: 'statistics', folder: 'statistics', schemaOf: ownSchema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  views: { group: 'Views', singular: 'view', folder: 'views', schemaOf: ownSchema, file: ownName, ...standalone },
  functions: { group: 'Functions', singular: 'function', folder: 'functions', schemaOf: ownSchema, file: ownName, ...standalone },
  aggregates: { group: 'Aggregates', singular: 'aggregate', folder: 'aggregates', schemaOf: ownSchema, file: ownName, ...standalone },
  triggers: {
    group: 'Triggers', singular: 'trigger', folder: 'triggers', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  rules: {
    group: 'Rules', singular: 'rule', folder: 'rules', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  // Database-wide, like extensions: one file of their own.
  eventTriggers: { group: 'Event triggers', singular: 'event trigger', folder: null, schemaOf: () => null, file: () => 'event_triggers', ...standalone },
  domains: { group: 'Domains', singular: 'domain', folder: 'types', schemaOf: ownSchema, file: ownName, ...standalone },
  compositeTypes: { group: 'Composite types', singular: 'composite type', folder: 'types', schemaOf: ownSchema, file: ownName, ...standalone },
  rangeTypes: { group: 'Range types', singular: 'range type', folder: 'types', schemaOf: ownSchema, file: ownName, ...standalone },
  collations: { group: 'Collations', singular: 'collation', folder: 'collations', schemaOf: ownSchema, file: ownName, ...standalone },
  policies: {
    group: 'Policies', singular: 'policy', folder: 'policies', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ...onRelation,
  },
  rowSecurity: {
    group: 'Row-level security', singular: 'row-level security', folder: 'tables', schemaOf: (d) => d.table.schema, file: (d) => d.table.name,
    owner: (d) => d.table, ownerIn: ['tables'],
  },
  // Comments, owners and privileges go with the object they are about.
  comments: { group: 'Comments', singular: 'comment', folder: 'comments', schemaOf: (d) => targetSchemaOf(d.target), file: (d) => targetFile(d.target), owner: (d) => targetRelation(d.target), ...onRelation },
  owners: { group: 'Owners', singular: 'owner', folder: 'owners', schemaOf: (d) => targetSchemaOf(d.target), file: (d) => targetFile(d.target), owner: (d) => targetRelation(d.target), ...onRelation },
  privileges: { group: 'Privileges', singular: 'privileges', folder: 'privileges', schemaOf: (d) => targetSchemaOf(d.target), file: (d) => targetFile(d.target), owner: (d) => targetRelation(d.target), ...onRelation },
  // Default privileges apply to what is created after them: their file sorts after every other.
  defaultPrivileges: { group: 'Default privileges', singular: 'default privileges', folder: null, schemaOf: () => null, file: () => 'zz_default_privileges', ...standalone },
  // Database-wide: one file each, like event triggers.
  foreignDataWrappers: { group: 'Foreign-data wrappers', singular: 'foreign-data wrapper', folder: null, schemaOf: () => null, file: () => 'foreign_servers', ...standalone },
  foreignServers: { group: 'Foreign servers', singular: 'foreign server', folder: null, schemaOf: () => null, file: () => 'foreign_servers', ...standalone },
  userMappings: { group: 'User mappings', singular: 'user mapping', folder: null, schemaOf: () => null, file: () => 'foreign_servers', ...standalone },
  publications: { group: 'Publications', singular: 'publication', folder: null, schemaOf: () => null, file: () => 'publications', ...standalone },
  // Database-wide (a pair of types, in no schema of their own): one file, after the functions and types they use.
  casts: { group: 'Casts', singular: 'cast', folder: null, schemaOf: () => null, file: () => 'casts', ...standalone },
};

const ON_RELATION_KINDS = new Set(['table', 'view', 'materialized view', 'column', 'index', 'constraint', 'trigger', 'policy', 'rule']);
/** Objects in no schema, and the file of their own they are dumped to. */
const DATABASE_WIDE: Readonly<Record<string, string>> = {
  extension: 'extensions', 'event trigger': 'event_triggers', 'foreign data wrapper': 'foreign_servers', server: 'foreign_servers', publication: 'publications', cast: 'casts',
};
const splitTarget = (t: AttachedTarget): string[] => (t.kind === 'schema' || t.kind in DATABASE_WIDE ? [t.key] : t.key.split('.'));
const targetSchemaOf = (t: AttachedTarget): string | null => (t.kind in DATABASE_WIDE ? null : splitTarget(t)[0] ?? null);
const targetFile = (t: AttachedTarget): string => (t.kind === 'schema' ? 'schema' : DATABASE_WIDE[t.kind] ?? (splitTarget(t)[1] ?? t.key).replace(/\(.*$/, ''));
/** The relation whose file holds what is said about an object on (or of) a relation. */
const targetRelation = (t: AttachedTarget): QualifiedName | null => {
  if (!ON_RELATION_KINDS.has(t.kind)) return null;
  const [schema, name] = splitTarget(t);
  return schema !== undefined && name !== undefined ? { schema, name } : null;
};
interface AttachedTarget { readonly kind: string; readonly key: string }

/** The fields in report order (the order of the table above). */
export const KIND_FIELDS = Object.keys(KINDS) as KindField[];

/** One object of the model: which record, and its identity key in it. */
export interface ObjectRef {
  readonly field: KindField;
  readonly key: string;
}

/** Row access without the per-field type (callers hold a def of the field they name). */
export const kindRow = (field: KindField): KindRow<KindField> => KINDS[field] as unknown as KindRow<KindField>;

export const defOf = (s: Schema, ref: ObjectRef): AnyDef | undefined =>
  (s[ref.field] as Readonly<Record<string, AnyDef>>)[ref.key];

/** Every object of a schema, in report order (fields as above, keys sorted). */
export const allRefs = (s: Schema): ObjectRef[] =>
  KIND_FIELDS.flatMap((field) => Object.keys(s[field]).sort(compareKeys).map((key) => ({ field, key })));

export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `--type` values: the field (`indexes`), its group or its singular, in any case. */
export const fieldNamed = (name: string): KindField | null => {
  const n = name.trim().toLowerCase().replace(/[\s_-]+/g, '');
  for (const f of KIND_FIELDS) {
    const r = KINDS[f];
    if ([f, r.group, r.singular].some((x) => x.toLowerCase().replace(/[\s_-]+/g, '') === n)) return f;
  }
  return null;
};
