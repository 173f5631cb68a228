/**
 * Foreign data (SQL/MED) and logical replication publications: the database-wide kinds of
 * Coverage III. Foreign tables are tables (TableDef.foreign); what is here is everything else.
 *
 * Generic options (`OPTIONS (name 'value', ...)`) are sorted `name=value` strings, as the
 * catalog stores them. An option whose name looks like it holds a secret (canon/secret-options.ts)
 * is never read: only its name is kept, in `secretOptions`, which equality and the schema hash
 * leave out (model/compare.ts) — its value is set out of band and never managed.
 */
import type { QualifiedName } from './names.js';
import type { SqlExpr } from './expr.js';
import type { SourceSpan } from './objects.js';

/** Options of a foreign-data object: plain ones with their values, secret ones by name only. */
export interface GenericOptions {
  /** Sorted `name=value` strings (secret names left out). */
  readonly options: readonly string[];
  /** Names of secret options, sorted; never their values. Not part of equality. */
  readonly secretOptions: readonly string[];
}

export interface ForeignDataWrapperDef extends GenericOptions {
  readonly kind: 'foreign data wrapper';
  readonly name: string;
  /** HANDLER function (`schema.name`, takes no arguments), or null (NO HANDLER). */
  readonly handler: QualifiedName | null;
  /** VALIDATOR function (`schema.name`, takes text[], oid), or null (NO VALIDATOR). */
  readonly validator: QualifiedName | null;
  readonly source: SourceSpan | null;
}

export interface ForeignServerDef extends GenericOptions {
  readonly kind: 'server';
  readonly name: string;
  /** The foreign-data wrapper (a managed one, or an extension's such as postgres_fdw). */
  readonly wrapper: string;
  readonly type: string | null;
  readonly version: string | null;
  readonly source: SourceSpan | null;
}

/** A user mapping: `user` is a role name, or `public` for PUBLIC (CURRENT_USER resolves to the role applying the plan). */
export interface UserMappingDef extends GenericOptions {
  readonly kind: 'user mapping';
  readonly user: string;
  readonly server: string;
  readonly source: SourceSpan | null;
}

/** What a foreign table adds to a table: its server and table options. */
export interface ForeignTableFacts extends GenericOptions {
  readonly server: string;
}

/** One table of a publication's table list. */
export interface PublicationTable {
  readonly table: QualifiedName;
  /** Column list (PostgreSQL 15), sorted; null: every column. */
  readonly columns: readonly string[] | null;
  /** Row filter WHERE (...) (PostgreSQL 15), canonical like a CHECK; null: every row. */
  readonly where: SqlExpr | null;
  /** Where the source names it (absent on live objects). */
  readonly source?: SourceSpan;
}

/** The operations a publication publishes, in PostgreSQL's order. */
export const PUBLISH_OPERATIONS = ['insert', 'update', 'delete', 'truncate'] as const;
export type PublishOperation = (typeof PUBLISH_OPERATIONS)[number];

export interface PublicationDef {
  readonly kind: 'publication';
  readonly name: string;
  /** FOR ALL TABLES: the table and schema lists are then empty. */
  readonly allTables: boolean;
  /** FOR TABLE ..., sorted by table key. */
  readonly tables: readonly PublicationTable[];
  /** FOR TABLES IN SCHEMA ... (PostgreSQL 15), sorted. */
  readonly schemas: readonly string[];
  /** WITH (publish = '...'): a subset of PUBLISH_OPERATIONS, in that order. */
  readonly publish: readonly PublishOperation[];
  readonly viaPartitionRoot: boolean;
  /** publish_generated_columns (PostgreSQL 18): 'stored'; absent for the default (none). */
  readonly generatedColumns?: 'stored';
  readonly source: SourceSpan | null;
}

/** Key of a user mapping in the model: `user@server`. */
export const userMappingKey = (m: { user: string; server: string }): string => `${m.user}@${m.server}`;

/** The role name a source's `FOR CURRENT_USER` stands for until the target's role is known. */
export const CURRENT_USER_MAPPING = '\u0000current_user';
