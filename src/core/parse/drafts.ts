/**
 * Mutable drafts collected while reading statements. Statements may come in any order across
 * files, so everything that needs another object (defaults naming sequences, ALTER TABLE on a
 * table declared later, default names that depend on what else exists) is resolved at the end.
 */
import type { Node } from './pg-query.js';
import type { QualifiedName } from '../model/names.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ColumnStorage, EnumDef, ExtensionDef, NamespaceDef, ReplicaIdentity, SourceSpan } from '../model/objects.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RenameHint } from '../model/rename-hint.js';
import type { SequenceClauses, SeqType } from '../canon/sequences.js';
import type { ForeignDataWrapperDef, ForeignServerDef, ForeignTableFacts, GenericOptions, PublicationDef, UserMappingDef } from '../model/foreign.js';

export interface DraftColumn {
  name: string;
  type: TypeRef;
  /** serial/bigserial/smallserial: an owned sequence and a nextval() default are implied. */
  serial: SeqType | null;
  notNull: boolean;
  defaultNode: Node | null;
  identity: { generation: 'always' | 'by_default'; clauses: SequenceClauses } | null;
  generatedNode: Node | null;
  /** GENERATED ... VIRTUAL (PostgreSQL 18's default when neither STORED nor VIRTUAL is written). */
  virtual: boolean;
  collation: QualifiedName | null;
  /** A foreign table column's OPTIONS. */
  fdw?: GenericOptions;
  /** STORAGE / COMPRESSION / SET STATISTICS / SET (...) as declared (null, empty: not declared). */
  storage: ColumnStorage | null;
  compression: string | null;
  statisticsTarget: number | null;
  options: string[];
  /** `CONSTRAINT name NOT NULL` (the name as written), and `NOT NULL ... NOT VALID`. */
  notNullName: string | null;
  notNullNotValid: boolean;
  span: SourceSpan;
}

export interface DraftConstraint {
  table: QualifiedName;
  /** The Constraint node's fields (inline ones get their column filled in). */
  node: Node;
  /** Column the constraint was written on, for inline constraints and naming. */
  column: string | null;
  span: SourceSpan;
  /** Where it was declared: inside CREATE TABLE, or by ALTER TABLE ADD CONSTRAINT. */
  origin: 'create' | 'alter';
}

export interface DraftTable {
  name: QualifiedName;
  unlogged: boolean;
  options: string[];
  columns: DraftColumn[];
  /** PARTITION BY as written (deparsed), e.g. `RANGE (a)`; the server's form replaces it when canonicalised. */
  partitionBy: string | null;
  /** PARTITION OF parent FOR VALUES ... (or ALTER TABLE parent ATTACH PARTITION this ...). */
  partitionOf: { parent: QualifiedName; bound: string; span: SourceSpan } | null;
  /** INHERITS (...) parents, in order. */
  inherits: QualifiedName[];
  /** CREATE FOREIGN TABLE: its server and options. */
  foreign?: ForeignTableFacts;
  /** USING method (or SET default_table_access_method before it), null for heap / the default. */
  accessMethod: string | null;
  /** REPLICA IDENTITY other than DEFAULT (ALTER TABLE ... REPLICA IDENTITY), where it was declared. */
  replicaIdentity: { identity: ReplicaIdentity; span: SourceSpan } | null;
  /** ALTER TABLE ... CLUSTER ON index (SET WITHOUT CLUSTER: null). */
  clusterOn: string | null;
  /**
   * A partition's DEFAULT / NOT NULL on columns it has from its parent: from PARTITION OF
   * parent (col ...), ALTER TABLE partition ALTER COLUMN ..., or the columns a partition created
   * on its own was declared with (resolve-partitions.ts). `defaultNode` undefined: not set here.
   */
  columnOptions?: Map<string, { defaultNode?: Node | null; notNull: boolean }>;
  span: SourceSpan;
}

export interface DraftSequence {
  name: QualifiedName;
  clauses: SequenceClauses;
  span: SourceSpan;
}

/** Column changes from ALTER TABLE, applied once every table is known. */
export type DraftColumnAlter =
  | { kind: 'add_column'; table: QualifiedName; column: string; def: DraftColumn; ifNotExists: boolean; span: SourceSpan }
  | { kind: 'set_default'; table: QualifiedName; column: string; node: Node; span: SourceSpan }
  | { kind: 'drop_default'; table: QualifiedName; column: string; span: SourceSpan }
  | { kind: 'set_not_null'; table: QualifiedName; column: string; span: SourceSpan }
  | { kind: 'drop_not_null'; table: QualifiedName; column: string; span: SourceSpan }
  | { kind: 'add_identity'; table: QualifiedName; column: string; generation: 'always' | 'by_default'; clauses: SequenceClauses; span: SourceSpan }
  | { kind: 'set_options'; table: QualifiedName; options: string[]; span: SourceSpan }
  | { kind: 'set_unlogged'; table: QualifiedName; unlogged: boolean; span: SourceSpan }
  /** ADD CONSTRAINT name NOT NULL column [NOT VALID] (PostgreSQL 18), or SET NOT NULL when unnamed. */
  | { kind: 'add_not_null'; table: QualifiedName; column: string; name: string | null; notValid: boolean; span: SourceSpan }
  | { kind: 'set_storage'; table: QualifiedName; column: string; storage: ColumnStorage | null; span: SourceSpan }
  | { kind: 'set_compression'; table: QualifiedName; column: string; compression: string | null; span: SourceSpan }
  | { kind: 'set_statistics'; table: QualifiedName; column: string; target: number | null; span: SourceSpan }
  | { kind: 'set_column_options'; table: QualifiedName; column: string; options: string[]; reset: boolean; span: SourceSpan }
  | { kind: 'replica_identity'; table: QualifiedName; identity: ReplicaIdentity | null; span: SourceSpan }
  | { kind: 'cluster_on'; table: QualifiedName; index: string | null; span: SourceSpan }
  | { kind: 'access_method'; table: QualifiedName; accessMethod: string | null; span: SourceSpan }
  /**
   * ALTER TABLE ... DROP COLUMN: the column leaves the table, and with it the constraints and
   * indexes declared before the statement (the draft entries that existed when it was read) that
   * use it, as PostgreSQL drops them. Entries, not positions: other statements remove entries.
   */
  | {
    kind: 'drop_column'; table: QualifiedName; column: string; ifExists: boolean;
    constraintsBefore: ReadonlySet<DraftConstraint>; indexesBefore: ReadonlySet<SchemaDraft['indexes'][number]>; span: SourceSpan;
  };

/** The programmable kinds, whose canonical form comes from a server (see core/canonicalise). */
export type BodyKind = 'view' | 'function' | 'aggregate' | 'trigger' | 'rule' | 'policy';

/**
 * A statement that declares (or alters) an object of a programmable kind. It is kept as text,
 * with what its syntax tree names, to be loaded into the canonicaliser's scratch database.
 */
export interface DraftBody {
  readonly kind: BodyKind;
  /** Identity key in the model; resolved at the end (a routine's argument types may name %TYPE). */
  key: string;
  /** What the statement creates, as ordering refs (`table:s.v`, `function:key`, `fname:s.f`, ...). */
  provides: string[];
  /** What it needs to exist first (relations, routines, types it names), as ordering refs. */
  readonly requires: readonly string[];
  /** The statement text, as written (run verbatim in the scratch database). */
  readonly sql: string;
  /** True for ALTER statements: they run after the object they alter, and declare nothing new. */
  readonly alter: boolean;
  readonly span: SourceSpan;
  /** Where a 1-based character position inside `sql` is in the source. */
  readonly at: (position: number) => SourceSpan;
  /** Argument type nodes of a routine, for its key once every table is known (`t.c%TYPE`). */
  readonly argTypes?: readonly Node[];
  readonly name?: QualifiedName;
  /** A policy's roles as the source names them (the scratch database gets none of them). */
  readonly roles?: readonly DraftRole[];
  /** The source's search_path for the statement when it is not the default (the scratch load sets it around it). */
  readonly searchPath?: readonly string[];
}

export interface DraftDomain {
  name: QualifiedName;
  baseType: Node;
  collation: QualifiedName | null;
  notNull: boolean;
  defaultNode: Node | null;
  /** CHECK constraint nodes (named, or named at the end as PostgreSQL would). */
  checks: { node: Node; span: SourceSpan }[];
  span: SourceSpan;
}

/** How a statement names the object a comment, owner or privilege is about (resolved once all is known). */
export interface DraftTarget {
  /** The kind as the statement spells it (`TABLE` may be any relation, `TYPE` any type). */
  readonly spelled: 'relation' | 'sequence' | 'view' | 'materialized view' | 'table' | 'column' | 'index' | 'constraint' | 'schema'
    | 'extension' | 'type' | 'domain' | 'domain constraint' | 'collation' | 'routine' | 'function' | 'procedure' | 'aggregate'
    | 'trigger' | 'policy' | 'rule' | 'statistics' | 'event trigger' | 'foreign data wrapper' | 'server' | 'publication' | 'cast';
  /** `schema.name` (schemas, extensions: the bare name). */
  readonly key: string;
  /** The sub-object: column, constraint, trigger, policy or rule name. */
  readonly sub?: string;
  /** A routine's argument types, or null when the statement gives none (the one routine of that name). */
  readonly argTypes?: readonly Node[] | null;
  readonly span: SourceSpan;
}

/** A role as a statement names it: a name, PUBLIC, or the session's own role (resolved against the target). */
export type DraftRole = { readonly name: string } | { readonly public: true } | { readonly currentUser: true };

export interface DraftGrant {
  readonly grant: boolean;
  /** The objects, or every object of a kind in some schemas (GRANT ... ON ALL TABLES IN SCHEMA s). */
  readonly targets: readonly DraftTarget[] | { readonly allIn: readonly string[]; readonly objtype: string; readonly span: SourceSpan };
  /** Privileges with the columns they are limited to (empty: the whole object), or 'all'. */
  readonly privileges: readonly { readonly name: string; readonly columns: readonly string[] }[] | 'all';
  readonly grantees: readonly DraftRole[];
  readonly grantOption: boolean;
  readonly span: SourceSpan;
}

export interface DraftDefaultGrant {
  /** FOR ROLE ... (empty: the role that applies the migration). */
  readonly roles: readonly DraftRole[];
  /** IN SCHEMA ... (empty: every schema). */
  readonly schemas: readonly string[];
  readonly objtype: string;
  readonly grant: boolean;
  readonly privileges: readonly string[] | 'all';
  readonly grantees: readonly DraftRole[];
  readonly grantOption: boolean;
  readonly span: SourceSpan;
}

/** What the source says about comments, owners and privileges, in statement order. */
export interface AuthzDraft {
  comments: { target: DraftTarget; text: string | null }[];
  owners: { target: DraftTarget; role: DraftRole }[];
  grants: DraftGrant[];
  defaultGrants: DraftDefaultGrant[];
}

/** Foreign-data wrappers, servers, user mappings and publications, with ALTER PUBLICATION applied at the end. */
export interface ForeignDraft {
  wrappers: Map<string, ForeignDataWrapperDef>;
  servers: Map<string, ForeignServerDef>;
  userMappings: Map<string, UserMappingDef>;
  publications: Map<string, PublicationDef>;
  /** ALTER PUBLICATION ... ADD / DROP / SET objects, SET (options): how pg_dump writes a publication's tables. */
  publicationAlters: { name: string; apply: (p: PublicationDef) => PublicationDef; span: SourceSpan }[];
}

export interface SchemaDraft {
  schemas: Map<string, NamespaceDef>;
  extensions: Map<string, ExtensionDef>;
  enums: Map<string, EnumDef>;
  enumAdds: { enum: QualifiedName; value: string; before: string | null; after: string | null; span: SourceSpan }[];
  sequences: Map<string, DraftSequence>;
  sequenceAlters: { name: QualifiedName; clauses: SequenceClauses; span: SourceSpan }[];
  tables: Map<string, DraftTable>;
  /** ALTER TABLE [ONLY] parent ATTACH PARTITION child ... / ALTER TABLE child INHERIT parent, applied once every table is read. */
  attachments: { kind: 'partition' | 'inherit'; parent: QualifiedName; child: QualifiedName; bound: string; span: SourceSpan }[];
  /** ALTER INDEX parent ATTACH PARTITION child (pg_dump's form of a partitioned index). */
  indexAttachments: { parent: QualifiedName; child: QualifiedName; span: SourceSpan }[];
  constraints: DraftConstraint[];
  columnAlters: DraftColumnAlter[];
  indexes: { stmt: Node; span: SourceSpan; sql: string; at: (position: number) => SourceSpan }[];
  /** ALTER INDEX ... ALTER COLUMN n SET STATISTICS k in source order (target null: the default). */
  indexStatistics: { index: QualifiedName; column: number; target: number | null; missingOk: boolean; span: SourceSpan }[];
  bodies: DraftBody[];
  domains: Map<string, DraftDomain>;
  domainAlters: { name: QualifiedName; cmd: 'set_default' | 'drop_default' | 'set_not_null' | 'drop_not_null' | 'add_check' | 'drop_constraint'; node: Node | null; constraintName: string | null; span: SourceSpan }[];
  compositeTypes: Map<string, import('../model/objects.js').CompositeTypeDef>;
  rangeTypes: Map<string, { name: QualifiedName; params: Node[]; span: SourceSpan }>;
  collations: Map<string, import('../model/objects.js').CollationDef>;
  eventTriggers: Map<string, import('../model/objects.js').EventTriggerDef>;
  /** By castKey (`source AS target`). */
  casts: Map<string, import('../model/casts.js').CastDef>;
  statistics: Map<string, import('../model/objects.js').StatisticsDef>;
  statisticsAlters: { name: QualifiedName; target: number | null; missingOk: boolean; span: SourceSpan }[];
  eventTriggerAlters: { name: string; enabled: import('../model/objects.js').TriggerEnabled; span: SourceSpan }[];
  rowSecurity: Map<string, { table: QualifiedName; enabled: boolean | null; forced: boolean | null; span: SourceSpan }>;
  foreign: ForeignDraft;
  authz: AuthzDraft;
  diagnostics: Diagnostic[];
  /** Statements read but deliberately not modelled (e.g. OWNER TO), reported as warnings. */
  ignored: Map<string, number>;
  /** ALTER TABLE ... CLUSTER ON of a materialized view (run in the scratch database after its indexes). */
  viewClusterAlters: { view: QualifiedName; index: string | null; span: SourceSpan }[];
  /** ALTER TABLE ... RENAME CONSTRAINT in source order (applied after default names). */
  constraintRenames: { table: QualifiedName; from: string; to: string; missingOk: boolean; span: SourceSpan }[];
  /** `-- pg-flux:renamed-from` hints found above objects and columns. */
  renames: RenameHint[];
  /** SET default_table_access_method in the source (pg_dump writes it before CREATE TABLE); null: heap. */
  defaultTableAccessMethod: string | null;
}

export const newDraft = (): SchemaDraft => ({
  schemas: new Map(), extensions: new Map(), enums: new Map(), enumAdds: [], sequences: new Map(), sequenceAlters: [],
  tables: new Map(), attachments: [], indexAttachments: [], constraints: [], columnAlters: [], indexes: [], indexStatistics: [], bodies: [], domains: new Map(), domainAlters: [],
  compositeTypes: new Map(), rangeTypes: new Map(), collations: new Map(), eventTriggers: new Map(), casts: new Map(), eventTriggerAlters: [], statistics: new Map(), statisticsAlters: [], rowSecurity: new Map(),
  foreign: { wrappers: new Map(), servers: new Map(), userMappings: new Map(), publications: new Map(), publicationAlters: [] },
  authz: { comments: [], owners: [], grants: [], defaultGrants: [] }, diagnostics: [], ignored: new Map(), constraintRenames: [], viewClusterAlters: [], renames: [], defaultTableAccessMethod: null,
});
