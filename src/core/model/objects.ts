import type { QualifiedName } from './names.js';
import type { SqlExpr } from './expr.js';
import type { TypeRef } from './type-ref.js';
import type { ForeignTableFacts } from './foreign.js';

/** Where an object was declared in source (absent for live objects). */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface NamespaceDef {
  readonly kind: 'schema';
  readonly name: string;
  readonly source: SourceSpan | null;
}

export interface ExtensionDef {
  readonly kind: 'extension';
  readonly name: string;
  /** Schema the extension's objects live in. */
  readonly schema: string;
  /** Declared version; null in source means "whatever the server installs" and is not compared. */
  readonly version: string | null;
  /**
   * Whether `ALTER EXTENSION ... SET SCHEMA` can move it (the control file's `relocatable`):
   * known only on the live side (null in source) and, like the version, not compared.
   */
  readonly relocatable: boolean | null;
  readonly source: SourceSpan | null;
}

export interface EnumDef {
  readonly kind: 'enum';
  readonly name: QualifiedName;
  readonly values: readonly string[];
  readonly source: SourceSpan | null;
}

/** Sequence options with PostgreSQL's defaults filled in, so both sides compare field by field. */
export interface SequenceOptions {
  readonly dataType: 'int2' | 'int4' | 'int8';
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface SequenceDef {
  readonly kind: 'sequence';
  readonly name: QualifiedName;
  readonly options: SequenceOptions;
  /** OWNED BY table.column, or null. */
  readonly ownedBy: { readonly table: QualifiedName; readonly column: string } | null;
  readonly source: SourceSpan | null;
}

export interface IdentitySpec {
  readonly generation: 'always' | 'by_default';
  readonly sequenceName: QualifiedName;
  readonly options: SequenceOptions;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: TypeRef;
  readonly notNull: boolean;
  readonly default: SqlExpr | null;
  readonly identity: IdentitySpec | null;
  /** GENERATED ALWAYS AS (expr) STORED, or VIRTUAL when `virtual` says so. */
  readonly generated: SqlExpr | null;
  /** Explicit collation (schema-qualified key, e.g. `pg_catalog."C"` kept raw as `pg_catalog.C`), or null for the type's default. */
  readonly collation: QualifiedName | null;
  /** A foreign table's column OPTIONS (sorted `name=value`); absent when none. */
  readonly fdwOptions?: readonly string[];
  /** Names of secret column options (never their values; not compared); absent when none. */
  readonly fdwSecretOptions?: readonly string[];
  readonly source: SourceSpan | null;
  /*
   * Attributes added after 0.1.0. Each is absent (never null or false) while it holds
   * PostgreSQL's default, so the schema hashes recorded for schemas without them stay valid.
   */
  /** A generated column computed when read (PostgreSQL 18 VIRTUAL; the default there when neither is written). */
  readonly virtual?: true;
  /** SET STORAGE, when it differs from the column type's own storage (typstorage). */
  readonly storage?: ColumnStorage;
  /** COMPRESSION, when one is set (absent: default_toast_compression decides). */
  readonly compression?: string;
  /** SET STATISTICS n, when set (absent: the default, -1 before PostgreSQL 17, NULL since). */
  readonly statisticsTarget?: number;
  /** Attribute options (n_distinct, n_distinct_inherited) as sorted `key=value` strings, when any. */
  readonly options?: readonly string[];
  /** The NOT NULL constraint's name (PostgreSQL 18) when it is not the default `<table>_<column>_not_null`. */
  readonly notNullName?: string;
  /** A NOT NULL constraint added NOT VALID and not validated since (PostgreSQL 18). */
  readonly notNullValidated?: false;
}

export type ColumnStorage = 'plain' | 'external' | 'extended' | 'main';

export type ConstraintType = 'primary_key' | 'unique' | 'check' | 'foreign_key' | 'exclude';

export interface ForeignKeyRef {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
}

export interface ConstraintDef {
  readonly kind: 'constraint';
  readonly name: string;
  readonly table: QualifiedName;
  readonly type: ConstraintType;
  /** Columns of this table the constraint covers (key columns; for CHECK, the columns referenced). */
  readonly columns: readonly string[];
  /** For foreign keys, the referenced table and columns. */
  readonly references: ForeignKeyRef | null;
  /**
   * The definition as it follows `ADD CONSTRAINT name` (e.g. `CHECK (x > 0)`), canonicalised.
   * Without NOT VALID in both `sql` and `canon`: validation state is the separate `validated`.
   */
  readonly definition: SqlExpr;
  /**
   * False for a CHECK or FOREIGN KEY that existing rows were never checked against (added NOT
   * VALID and not validated since). A source constraint written NOT VALID stays so; a live one
   * left NOT VALID while the source wants it valid is drift, fixed by VALIDATE CONSTRAINT.
   */
  readonly validated: boolean;
  readonly source: SourceSpan | null;
}

/** The statistics kinds CREATE STATISTICS names (`expressions` statistics follow from having expressions). */
export type StatisticsKind = 'ndistinct' | 'dependencies' | 'mcv';

/**
 * An extended statistics object (CREATE STATISTICS) on one table. Columns are a set (PostgreSQL
 * keeps them in column order); expressions keep their order. `kinds` is what is built besides
 * expression statistics: empty only for a statistics object on one expression alone.
 */
export interface StatisticsDef {
  readonly kind: 'statistics';
  readonly name: QualifiedName;
  readonly table: QualifiedName;
  readonly kinds: readonly StatisticsKind[];
  /** Column names, sorted. */
  readonly columns: readonly string[];
  readonly expressions: readonly SqlExpr[];
  /** ALTER STATISTICS ... SET STATISTICS n; null: the default (-1 before PostgreSQL 17). */
  readonly target: number | null;
  readonly source: SourceSpan | null;
}

export interface IndexDef {
  readonly kind: 'index';
  readonly name: QualifiedName;
  readonly table: QualifiedName;
  readonly unique: boolean;
  /** Columns of the table the index uses (key, INCLUDE, expression and predicate columns). */
  readonly columns: readonly string[];
  /** The whole `CREATE INDEX` statement without name, CONCURRENTLY and IF NOT EXISTS, canonicalised. */
  readonly definition: SqlExpr;
  readonly source: SourceSpan | null;
  /**
   * Live only: left INVALID by a failed or interrupted CREATE INDEX CONCURRENTLY (unusable by
   * queries, yet it blocks a new index of that name). Absent (not false) on valid indexes, so the
   * schema hash of a healthy database is what it always was.
   */
  readonly invalid?: true;
  /**
   * ALTER INDEX ... ALTER COLUMN n SET STATISTICS k, by the 1-based column number n (only an
   * expression column takes one). Absent when every column has the default (-1 before
   * PostgreSQL 17, NULL since): a default is never stored, so both sides compare alike.
   */
  readonly statisticsTargets?: Readonly<Record<string, number>>;
}

export interface TableDef {
  readonly kind: 'table';
  readonly name: QualifiedName;
  readonly unlogged: boolean;
  /** Storage parameters as sorted `key=value` strings. */
  readonly options: readonly string[];
  /**
   * The table's own columns. Columns a partition or an inheritance child gets from its parents
   * are implied by them and not repeated here (a partition has none of its own).
   */
  readonly columns: readonly ColumnDef[];
  /**
   * PARTITION BY of a partitioned table, as pg_get_partkeydef prints it (`RANGE (a, lower(b))`).
   * Absent (not null) on other tables, so the hash of a schema without partitioning is unchanged.
   */
  readonly partitionBy?: string;
  /** A partition: its parent and its bound as pg_get_expr(relpartbound) prints it (`FOR VALUES ...` or `DEFAULT`). */
  readonly partitionOf?: PartitionOf;
  /** INHERITS (...) parents in declaration order (absent when none; never on partitions). */
  readonly inherits?: readonly QualifiedName[];
  /**
   * Live only (PostgreSQL 18): the NOT NULL constraint names of the columns the table inherits,
   * by column. A child created under its parent has the parent's names, one that joined later
   * its own; nothing in source can say which, so the projection never compares it
   * (model/compare.ts). Read when the table leaves its parent, to rename what it keeps.
   */
  readonly inheritedNotNullNames?: Readonly<Record<string, string>>;
  /** A foreign table (CREATE FOREIGN TABLE): its server and options. Absent on other tables. */
  readonly foreign?: ForeignTableFacts;
  /** Table access method when it is not heap (absent: heap). */
  readonly accessMethod?: string;
  /** REPLICA IDENTITY when it is not DEFAULT (an index: the index's name, in the table's schema). */
  readonly replicaIdentity?: ReplicaIdentity;
  /** ALTER TABLE ... CLUSTER ON: the index (in the table's schema) CLUSTER without a name uses; absent: none. */
  readonly clusterOn?: string;
  /**
   * A partition's own DEFAULT and NOT NULL on columns it has from its parent, where they differ
   * from the parent's: `PARTITION OF parent (col DEFAULT x, col2 NOT NULL)`, or a partition
   * created on its own and attached (its defaults are what it was created with). `default: null`
   * is no default where the parent has one. Absent when the partition has none.
   */
  readonly columnOverrides?: Readonly<Record<string, ColumnOverride>>;
  readonly source: SourceSpan | null;
}

export interface ColumnOverride {
  /** The partition's default (null: none) where it differs from the parent's; absent: the parent's. */
  readonly default?: SqlExpr | null;
  /** NOT NULL on the partition where the parent's column allows NULL. */
  readonly notNull?: true;
}

export type ReplicaIdentity = 'full' | 'nothing' | { readonly index: string };

export interface PartitionOf {
  readonly parent: QualifiedName;
  readonly bound: string;
}

/** A live object of a kind pg-flux does not manage yet: reported, never touched. */
export interface UnmanagedObject {
  readonly kind: string;
  readonly key: string;
  /**
   * What it depends on (order/refs.ts keys), where pg_depend says: a drop of any of these would
   * fail (or cascade to an object pg-flux must not touch), so the plan refuses it.
   */
  readonly refs?: readonly string[];
}

/*
 * Programmable kinds (views, routines, triggers, rules). Their bodies are stored by the server in
 * analysed or rewritten form, so every text field below is the server's own canonical print
 * (pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef, pg_get_ruledef, prosrc), on the desired
 * side too: the canonicaliser loads the source into a scratch database and reads it back
 * (DESIGN.md, "Desired state"). `refs` are dependency facts for ordering and rebuilds
 * (see order/refs.ts), never part of equality.
 */

/** An output column of a view (as the server derived it from the query). */
export interface ViewColumn {
  readonly name: string;
  readonly type: TypeRef;
  /** Collation when it differs from the type's default, else null. */
  readonly collation: QualifiedName | null;
  /** A default set by ALTER VIEW ... ALTER COLUMN ... SET DEFAULT, as pg_get_expr prints it (absent: none). */
  readonly default?: string;
}

export interface ViewDef {
  readonly kind: 'view';
  readonly name: QualifiedName;
  readonly materialized: boolean;
  readonly columns: readonly ViewColumn[];
  /** pg_get_viewdef(oid) with an empty search_path, trailing semicolon removed. */
  readonly query: string;
  /**
   * reloptions as sorted `key=value` strings: security_barrier, security_invoker and
   * check_option of a view; storage parameters of a materialized view.
   */
  readonly options: readonly string[];
  /** Table access method of a materialized view; null for views and for the default (heap). */
  readonly accessMethod: string | null;
  /** A materialized view's CLUSTER ON index (absent: none). */
  readonly clusterOn?: string;
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

export type ArgMode = 'in' | 'out' | 'inout' | 'variadic' | 'table';

export interface RoutineArg {
  readonly mode: ArgMode;
  /** Parameter name, or null when unnamed. */
  readonly name: string | null;
  readonly type: TypeRef;
  /** The default as the server prints it (pg_get_function_arguments), or null. */
  readonly default: string | null;
}

/** Functions (incl. window functions) and procedures: one pg_proc row, prokind f, w or p. */
export interface FunctionDef {
  readonly kind: 'function';
  readonly routineKind: 'function' | 'procedure';
  readonly name: QualifiedName;
  /**
   * Canonical identity argument types, comma-separated (`int4,text[]`): with the name, the
   * identity key `schema.name(signature)`, as overloads require.
   */
  readonly signature: string;
  readonly args: readonly RoutineArg[];
  /** Return type (`record` with OUT/TABLE arguments); null for procedures. */
  readonly returns: { readonly type: TypeRef; readonly setof: boolean } | null;
  readonly language: string;
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly strict: boolean;
  readonly securityDefiner: boolean;
  readonly leakproof: boolean;
  readonly parallel: 'safe' | 'restricted' | 'unsafe';
  readonly cost: number;
  /** Estimated rows of a set-returning function (0 otherwise). */
  readonly rows: number;
  /** Planner support function (`schema.name`), or null. */
  readonly support: string | null;
  /** `SET` configuration as `name=value` strings, in the server's order. */
  readonly config: readonly string[];
  readonly window: boolean;
  /** prosrc for string bodies (compared exactly), or pg_get_function_sqlbody for SQL-standard bodies. */
  readonly body: string;
  readonly sqlStandardBody: boolean;
  /** pg_get_functiondef: the complete CREATE OR REPLACE statement, as emitted. */
  readonly definition: string;
  readonly refs: readonly string[];
  /**
   * Relations, routines and types a string body names (read with the SQL and PL/pgSQL parsers):
   * PostgreSQL does not track them, so they order creation only and never force a rebuild.
   * Null when the body could not be read (other languages, dynamic SQL): such a function is
   * created after every table and type (the UNTRACKED_DEPENDENCIES hazard names it).
   */
  readonly bodyRefs: readonly string[] | null;
  readonly source: SourceSpan | null;
}

/** An aggregate (pg_proc prokind 'a' with its pg_aggregate row). Changes are drop + create. */
export interface AggregateDef {
  readonly kind: 'aggregate';
  readonly name: QualifiedName;
  /** As FunctionDef.signature: every argument type, direct ones of an ordered-set aggregate first. */
  readonly signature: string;
  /** 'normal', 'ordered' (ordered-set) or 'hypothetical'. */
  readonly aggregateKind: 'normal' | 'ordered' | 'hypothetical';
  /** Direct arguments of an ordered-set aggregate (the rest follow ORDER BY). */
  readonly directArgs: number;
  readonly args: readonly RoutineArg[];
  /** The argument list as the server prints it (`*`, `integer`, `float8 ORDER BY float8`): what CREATE and DROP take. */
  readonly arguments: string;
  /** The CREATE AGGREGATE parameters that differ from their defaults, as `NAME = value` SQL, in a fixed order. */
  readonly parameters: readonly string[];
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

export type TriggerEnabled = 'origin' | 'disabled' | 'replica' | 'always';

export interface TriggerDef {
  readonly kind: 'trigger';
  readonly name: string;
  /** The table or view the trigger is on. */
  readonly table: QualifiedName;
  /** pg_get_triggerdef(oid): the complete CREATE [CONSTRAINT] TRIGGER statement. */
  readonly definition: string;
  readonly constraint: boolean;
  /** ENABLE (origin, the default), DISABLE, ENABLE REPLICA or ENABLE ALWAYS. */
  readonly enabled: TriggerEnabled;
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

/**
 * An event trigger (database-wide: no schema). One event; an optional `WHEN TAG IN (...)` filter;
 * the function it executes (event trigger functions take no arguments). Nothing of it is
 * rewritten by the server, so both sides read it as data.
 */
export interface EventTriggerDef {
  readonly kind: 'event trigger';
  readonly name: string;
  /** ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login (PostgreSQL 17). */
  readonly event: string;
  /** Command tags of the filter, upper-case (as PostgreSQL stores them), sorted; empty: no filter. */
  readonly tags: readonly string[];
  readonly function: QualifiedName;
  /** ENABLE (origin, the default), DISABLE, ENABLE REPLICA or ENABLE ALWAYS. */
  readonly enabled: TriggerEnabled;
  readonly source: SourceSpan | null;
}

export interface RuleDef {
  readonly kind: 'rule';
  readonly name: string;
  readonly table: QualifiedName;
  /** pg_get_ruledef(oid): the complete CREATE RULE statement, trailing semicolon removed. */
  readonly definition: string;
  readonly enabled: TriggerEnabled;
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

/* Types (Coverage II). Canonical forms come from the same pure canonicalisers as tables. */

export interface DomainConstraint {
  readonly name: string;
  /** `CHECK (...)`, canonicalised like a table CHECK (VALUE is the column). */
  readonly definition: SqlExpr;
}

export interface DomainDef {
  readonly kind: 'domain';
  readonly name: QualifiedName;
  readonly baseType: TypeRef;
  readonly notNull: boolean;
  readonly default: SqlExpr | null;
  readonly collation: QualifiedName | null;
  /** Named CHECK constraints (unnamed ones get PostgreSQL's names), sorted by name. */
  readonly constraints: readonly DomainConstraint[];
  /** What its constraints and default call or use (order/refs.ts), for ordering and rebuilds. */
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

export interface CompositeAttribute {
  readonly name: string;
  readonly type: TypeRef;
  readonly collation: QualifiedName | null;
}

export interface CompositeTypeDef {
  readonly kind: 'composite_type';
  readonly name: QualifiedName;
  readonly attributes: readonly CompositeAttribute[];
  readonly source: SourceSpan | null;
}

export interface RangeTypeDef {
  readonly kind: 'range_type';
  readonly name: QualifiedName;
  readonly subtype: TypeRef;
  /** Operator class of the subtype (`schema.name`), null for the subtype's default btree class. */
  readonly subtypeOpclass: QualifiedName | null;
  /** Collation of the subtype, null for its default. */
  readonly collation: QualifiedName | null;
  /** `schema.name` of the canonical and subtype_diff functions, or null. */
  readonly canonical: QualifiedName | null;
  readonly subtypeDiff: QualifiedName | null;
  readonly multirangeName: QualifiedName;
  readonly source: SourceSpan | null;
}

export interface CollationDef {
  readonly kind: 'collation';
  readonly name: QualifiedName;
  readonly provider: 'libc' | 'icu' | 'builtin';
  /** ICU / builtin locale; for libc, null (lcCollate and lcCtype hold it). */
  readonly locale: string | null;
  readonly lcCollate: string | null;
  readonly lcCtype: string | null;
  readonly deterministic: boolean;
  /** ICU tailoring rules (PostgreSQL 16+), or null. */
  readonly rules: string | null;
  readonly source: SourceSpan | null;
}

/* Row-level security (Coverage II). */

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface PolicyDef {
  readonly kind: 'policy';
  readonly name: string;
  readonly table: QualifiedName;
  readonly permissive: boolean;
  readonly command: PolicyCommand;
  /** Role names, sorted; `public` for PUBLIC (PostgreSQL stores CURRENT_USER as the role it names). */
  readonly roles: readonly string[];
  /** USING and WITH CHECK as pg_get_expr prints them (the canonicaliser's server form on the desired side). */
  readonly using: string | null;
  readonly withCheck: string | null;
  readonly refs: readonly string[];
  readonly source: SourceSpan | null;
}

/* Who may do what, and what things are called (Coverage II). */

/** Kinds of objects that comments, owners and privileges attach to, as the SQL names them. */
export type ObjectKind =
  | 'schema' | 'extension' | 'table' | 'view' | 'materialized view' | 'sequence' | 'column' | 'index' | 'constraint'
  | 'type' | 'domain' | 'domain constraint' | 'collation' | 'function' | 'procedure' | 'aggregate' | 'trigger' | 'policy'
  | 'rule' | 'statistics' | 'event trigger' | 'language' | 'foreign data wrapper' | 'server' | 'publication' | 'cast';

/** An object by kind and identity key (`public.users`, `public.users.email` for a column, `public.f(int4)`). */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly key: string;
}

export const objectRefKey = (r: ObjectRef): string => `${r.kind}:${r.key}`;

/** ENABLE / FORCE ROW LEVEL SECURITY of a table (present only when either is on). */
export interface RowSecurityDef {
  readonly kind: 'row_security';
  readonly table: QualifiedName;
  readonly enabled: boolean;
  readonly forced: boolean;
  readonly source: SourceSpan | null;
}

export interface CommentDef {
  readonly kind: 'comment';
  readonly target: ObjectRef;
  readonly text: string;
  readonly source: SourceSpan | null;
}

export interface OwnerDef {
  readonly kind: 'owner';
  readonly target: ObjectRef;
  readonly role: string;
  readonly source: SourceSpan | null;
}

/**
 * The privileges on one object held by roles other than its owner, as sorted
 * `grantee=PRIVILEGE` strings (`*` appended: WITH GRANT OPTION; grantee `PUBLIC`), built-in
 * defaults included: a function nobody granted anything on holds `PUBLIC=EXECUTE`. The owner's
 * own rights are not listed (they follow the owner). Grantors are not part of it.
 */
export interface PrivilegeDef {
  readonly kind: 'privileges';
  readonly target: ObjectRef;
  readonly grants: readonly string[];
  readonly source: SourceSpan | null;
}

export type DefaultPrivilegeObject = 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';

/**
 * ALTER DEFAULT PRIVILEGES [FOR ROLE role] [IN SCHEMA schema]: what roles other than `role` get
 * on the objects `role` creates later, as `grantee=PRIVILEGE` strings. Without a schema it is the
 * whole list (the built-in PUBLIC=EXECUTE on functions included unless revoked); in a schema it
 * is what is added there. Present only when it differs from the built-in default (as PostgreSQL
 * keeps a pg_default_acl row only then).
 */
export interface DefaultPrivilegeDef {
  readonly kind: 'default_privileges';
  readonly role: string;
  readonly schema: string | null;
  readonly objectType: DefaultPrivilegeObject;
  readonly grants: readonly string[];
  readonly source: SourceSpan | null;
}
