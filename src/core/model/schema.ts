import type {
  AggregateDef, CollationDef, CommentDef, CompositeTypeDef, ConstraintDef, DefaultPrivilegeDef, DomainDef, EnumDef, EventTriggerDef, ExtensionDef,
  FunctionDef, IndexDef, NamespaceDef, OwnerDef, PolicyDef, PrivilegeDef, RangeTypeDef, RowSecurityDef, RuleDef, SequenceDef, StatisticsDef, TableDef,
  TriggerDef, UnmanagedObject, ViewDef,
} from './objects.js';
import type { ForeignDataWrapperDef, ForeignServerDef, PublicationDef, UserMappingDef } from './foreign.js';
import type { CastDef } from './casts.js';

/**
 * A whole database (or source tree) as plain, JSON-serialisable data. Every record is keyed by
 * the object's identity key: `schema` for schemas, `name` for extensions, `schema.name` for
 * relations and types, `schema.table.name` for constraints, triggers and rules,
 * `schema.name(signature)` for functions, procedures and aggregates.
 */
export interface Schema {
  readonly schemas: Readonly<Record<string, NamespaceDef>>;
  readonly extensions: Readonly<Record<string, ExtensionDef>>;
  readonly enums: Readonly<Record<string, EnumDef>>;
  readonly sequences: Readonly<Record<string, SequenceDef>>;
  readonly tables: Readonly<Record<string, TableDef>>;
  readonly constraints: Readonly<Record<string, ConstraintDef>>;
  readonly indexes: Readonly<Record<string, IndexDef>>;
  /** Extended statistics (CREATE STATISTICS) by `schema.name`. */
  readonly statistics: Readonly<Record<string, StatisticsDef>>;
  /** Views and materialized views. */
  readonly views: Readonly<Record<string, ViewDef>>;
  /** Functions and procedures. */
  readonly functions: Readonly<Record<string, FunctionDef>>;
  readonly aggregates: Readonly<Record<string, AggregateDef>>;
  readonly triggers: Readonly<Record<string, TriggerDef>>;
  readonly rules: Readonly<Record<string, RuleDef>>;
  /** Event triggers by name (database-wide). */
  readonly eventTriggers: Readonly<Record<string, EventTriggerDef>>;
  readonly domains: Readonly<Record<string, DomainDef>>;
  readonly compositeTypes: Readonly<Record<string, CompositeTypeDef>>;
  readonly rangeTypes: Readonly<Record<string, RangeTypeDef>>;
  readonly collations: Readonly<Record<string, CollationDef>>;
  /** Policies, keyed `schema.table.name`. */
  readonly policies: Readonly<Record<string, PolicyDef>>;
  /** Tables with row-level security enabled or forced, by table key. */
  readonly rowSecurity: Readonly<Record<string, RowSecurityDef>>;
  /** Comments, owners and privileges by `kind:key` of their object (model/objects.ts objectRefKey). */
  readonly comments: Readonly<Record<string, CommentDef>>;
  readonly owners: Readonly<Record<string, OwnerDef>>;
  readonly privileges: Readonly<Record<string, PrivilegeDef>>;
  /** By `role|schema|objectType` (an empty schema: every schema). */
  readonly defaultPrivileges: Readonly<Record<string, DefaultPrivilegeDef>>;
  /** Database-wide: foreign-data wrappers and servers by name, user mappings by `user@server`, publications by name. */
  readonly foreignDataWrappers: Readonly<Record<string, ForeignDataWrapperDef>>;
  readonly foreignServers: Readonly<Record<string, ForeignServerDef>>;
  readonly userMappings: Readonly<Record<string, UserMappingDef>>;
  readonly publications: Readonly<Record<string, PublicationDef>>;
  /** User-defined casts by `source AS target` (canon/casts.ts castKey), database-wide. */
  readonly casts: Readonly<Record<string, CastDef>>;
  /** Live objects of kinds not managed yet (partitions, domains, ...), reported to the user. */
  readonly unmanaged: readonly UnmanagedObject[];
}

export const emptySchema = (): Schema => ({
  schemas: {}, extensions: {}, enums: {}, sequences: {}, tables: {}, constraints: {}, indexes: {}, statistics: {},
  views: {}, functions: {}, aggregates: {}, triggers: {}, rules: {}, eventTriggers: {}, domains: {}, compositeTypes: {}, rangeTypes: {},
  collations: {}, policies: {}, rowSecurity: {}, comments: {}, owners: {}, privileges: {}, defaultPrivileges: {},
  foreignDataWrappers: {}, foreignServers: {}, userMappings: {}, publications: {}, casts: {}, unmanaged: [],
});

/** Kinds added after 0.1.0: left out of the hashed text while empty, so earlier hashes stay valid. */
export const LATER_KINDS = [
  'views', 'functions', 'aggregates', 'triggers', 'rules', 'domains', 'compositeTypes', 'rangeTypes', 'collations', 'policies',
  'rowSecurity', 'comments', 'owners', 'privileges', 'defaultPrivileges', 'eventTriggers', 'statistics',
  'foreignDataWrappers', 'foreignServers', 'userMappings', 'publications', 'casts',
] as const;

export const defaultPrivilegeKey = (d: { role: string; schema: string | null; objectType: string }): string =>
  `${d.role}|${d.schema ?? ''}|${d.objectType}`;

export const functionKey = (f: { name: { schema: string; name: string }; signature: string }): string =>
  `${f.name.schema}.${f.name.name}(${f.signature})`;

export const onTableKey = (o: { table: { schema: string; name: string }; name: string }): string =>
  `${o.table.schema}.${o.table.name}.${o.name}`;

export const constraintKey = (c: { table: { schema: string; name: string }; name: string }): string =>
  `${c.table.schema}.${c.table.name}.${c.name}`;

/** Default privileges belong to the privileges category: a source that declares only them manages it. */
export const managesPrivileges = (desired: Schema): boolean =>
  Object.keys(desired.privileges).length > 0 || Object.keys(desired.defaultPrivileges).length > 0;
