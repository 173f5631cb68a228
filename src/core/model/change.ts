import type { QualifiedName } from './names.js';
import type { SqlExpr } from './expr.js';
import type {
  AggregateDef, ColumnDef, ColumnStorage, CollationDef, CompositeAttribute, CompositeTypeDef, ConstraintDef, DefaultPrivilegeDef, DomainConstraint, DomainDef,
  EnumDef, EventTriggerDef, ExtensionDef, FunctionDef, IdentitySpec, IndexDef, ObjectRef, PolicyDef, RangeTypeDef, RuleDef, SequenceDef,
  SequenceOptions, StatisticsDef, TableDef, TriggerDef, TriggerEnabled, ViewDef, ReplicaIdentity,
} from './objects.js';
import type { ForeignDataWrapperDef, ForeignServerDef, PublicationDef, UserMappingDef } from './foreign.js';
import type { CastDef } from './casts.js';

/** One user-visible operation. Each member has exactly the facts its emitter and hazard rule need. */
export type Change =
  | { readonly kind: 'create_schema'; readonly name: string }
  | { readonly kind: 'drop_schema'; readonly name: string }
  | { readonly kind: 'create_extension'; readonly extension: ExtensionDef }
  | { readonly kind: 'drop_extension'; readonly extension: ExtensionDef; readonly reason?: string }
  | { readonly kind: 'update_extension'; readonly name: string; readonly version: string }
  | { readonly kind: 'set_extension_schema'; readonly name: string; readonly from: string; readonly to: string }
  | { readonly kind: 'create_enum'; readonly enum: EnumDef }
  | { readonly kind: 'drop_enum'; readonly enum: EnumDef }
  | {
      readonly kind: 'add_enum_value';
      readonly enum: QualifiedName;
      readonly value: string;
      /** Neighbour to place the value next to (null: append). */
      readonly position: { readonly before: string } | { readonly after: string } | null;
      /** True when a later statement of the plan may use the value, so it must commit first. */
      readonly commitFirst: boolean;
    }
  | {
      /** Values removed or reordered: rename the old type away, create the new one, move columns, drop the old. */
      readonly kind: 'recreate_enum';
      readonly from: EnumDef;
      readonly to: EnumDef;
      readonly columns: readonly EnumColumnUse[];
    }
  | { readonly kind: 'create_sequence'; readonly sequence: SequenceDef }
  | { readonly kind: 'drop_sequence'; readonly sequence: SequenceDef }
  | { readonly kind: 'alter_sequence'; readonly name: QualifiedName; readonly from: SequenceOptions; readonly to: SequenceOptions }
  | {
      readonly kind: 'set_sequence_owner';
      readonly sequence: SequenceDef;
      /** The live owner: dropping that column would drop the sequence, so ownership moves first. */
      readonly previousOwner: SequenceDef['ownedBy'];
      /**
       * The role owning the table when the link is made, when the sequence is owned by another
       * role then (PostgreSQL links only a sequence of the table's owner): it is given to the
       * sequence first. Null when they are the same role, or either is not known.
       */
      readonly tableOwner?: string | null;
    }
  | { readonly kind: 'create_table'; readonly table: TableDef; readonly constraints: readonly ConstraintDef[] }
  /** `reason`: why a table that stays in the schema is dropped and created again (a changed partition key). */
  | {
    readonly kind: 'drop_table'; readonly table: TableDef; readonly reason?: string;
    /** Keys of its foreign keys that a drop_constraint of the same plan removes first (the rest go with the table). */
    readonly foreignKeysDroppedFirst?: readonly string[];
    /**
     * A partition of a kept partitioned table that a foreign key references: the key's clone on
     * the partition blocks DROP TABLE, so the partition is detached first (which checks that no
     * row of it is referenced).
     */
    readonly detachFirst?: true;
  }
  /*
   * Partitioning and inheritance of existing tables. A changed bound is a detach then an attach
   * (the rows stay in the table). An attach of a table that was not a partition first proves
   * the bound with a validated CHECK (`check`), so the attach itself does not scan the table.
   * `moveRowsTo`: on re-attaching a default partition detached by the plan, its rows that
   * belong to these partitions move there first (PostgreSQL refuses a partition whose rows
   * are in the default one).
   */
  | {
      readonly kind: 'attach_partition'; readonly table: QualifiedName; readonly parent: QualifiedName; readonly bound: string;
      readonly check: { readonly name: string; readonly expr: string } | null;
      readonly moveRowsTo: readonly QualifiedName[];
      /** The parent's columns (rows move by name, whatever each table's column order). */
      readonly columns: readonly string[];
    }
  | { readonly kind: 'detach_partition'; readonly table: QualifiedName; readonly parent: QualifiedName; readonly bound: string; readonly reason?: string }
  | { readonly kind: 'add_inherit'; readonly table: QualifiedName; readonly parent: QualifiedName }
  | { readonly kind: 'drop_inherit'; readonly table: QualifiedName; readonly parent: QualifiedName }
  | { readonly kind: 'set_table_persistence'; readonly table: QualifiedName; readonly unlogged: boolean }
  | { readonly kind: 'set_table_options'; readonly table: QualifiedName; readonly set: readonly string[]; readonly reset: readonly string[] }
  /** ALTER TABLE ... SET ACCESS METHOD (null: heap); rewrites the table (PostgreSQL 15+). */
  | { readonly kind: 'set_table_access_method'; readonly table: QualifiedName; readonly accessMethod: string | null }
  /** REPLICA IDENTITY (null: DEFAULT); an index named must exist first. */
  | { readonly kind: 'set_replica_identity'; readonly table: QualifiedName; readonly identity: ReplicaIdentity | null }
  | { readonly kind: 'set_table_cluster'; readonly table: QualifiedName; readonly index: string | null }
  | {
      /**
       * Column STORAGE, COMPRESSION, STATISTICS and options (SET / RESET (...)): each attribute
       * present changes to that value, null meaning its default. None of these rewrites the table.
       */
      readonly kind: 'set_column_attributes';
      readonly table: QualifiedName;
      readonly column: string;
      readonly storage?: ColumnStorage | null;
      readonly compression?: string | null;
      readonly statisticsTarget?: number | null;
      readonly setOptions: readonly string[];
      readonly resetOptions: readonly string[];
      /** The column type's own storage: what the default is, written out for servers before 16 (no SET STORAGE DEFAULT). */
      readonly typeStorage: ColumnStorage;
    }
  /** ALTER COLUMN ... SET EXPRESSION (PostgreSQL 17+): a generated column keeps its place, a stored one is recomputed (a rewrite). */
  | { readonly kind: 'set_column_expression'; readonly table: QualifiedName; readonly from: ColumnDef; readonly to: ColumnDef }
  | { readonly kind: 'add_column'; readonly table: QualifiedName; readonly column: ColumnDef }
  /** `reason`: why a column that stays in the schema is dropped and added again. */
  | { readonly kind: 'drop_column'; readonly table: QualifiedName; readonly column: ColumnDef; readonly reason?: string }
  | {
      readonly kind: 'alter_column_type';
      readonly table: QualifiedName;
      readonly from: ColumnDef;
      readonly to: ColumnDef;
      /** True when no assignment cast exists, so `USING col::type` is written. */
      readonly using: boolean;
      /**
       * True when the USING cast goes through text: an enum has no cast to other enums or
       * built-in types, but its text form reads as the new type's input.
       */
      readonly usingViaText: boolean;
      /** True when PostgreSQL rewrites the table (and its indexes) for this change. */
      readonly rewrites: boolean;
      /**
       * True when the live default cannot simply follow the column to its new type (no
       * assignment cast, or it uses a type the change stops using): it is dropped before the
       * type change and the desired default set after it.
       */
      readonly resetDefault: boolean;
    }
  /** A generated column becomes a plain one keeping its values (ALTER COLUMN ... DROP EXPRESSION). */
  | { readonly kind: 'drop_column_expression'; readonly table: QualifiedName; readonly column: ColumnDef }
  | { readonly kind: 'set_column_default'; readonly table: QualifiedName; readonly column: string; readonly default: SqlExpr; readonly previous: SqlExpr | null }
  | { readonly kind: 'drop_column_default'; readonly table: QualifiedName; readonly column: string; readonly previous: SqlExpr }
  /**
   * A partition's own DEFAULT (`default.to`, null: DROP DEFAULT) and/or NOT NULL on a column of
   * its parent (TableDef.columnOverrides). After the parent's column changes, which recurse to
   * the partitions and would overwrite the partition's own default.
   */
  | {
    readonly kind: 'set_partition_column'; readonly table: QualifiedName; readonly column: string;
    readonly default?: { readonly to: SqlExpr | null }; readonly notNull?: boolean;
  }
  /**
   * `name`: the NOT NULL constraint's chosen name, `notValid`: added NOT VALID (both PostgreSQL
   * 18, written ADD CONSTRAINT name NOT NULL column); absent: SET NOT NULL.
   */
  | { readonly kind: 'set_column_not_null'; readonly table: QualifiedName; readonly column: string; readonly name?: string; readonly notValid?: true }
  /** A column's NOT NULL constraint renamed (PostgreSQL 18): renames of tables and columns keep the old default name. */
  | { readonly kind: 'rename_not_null'; readonly table: QualifiedName; readonly column: string; readonly from: string; readonly to: string }
  /** A NOT NULL constraint left NOT VALID that the source wants valid (PostgreSQL 18). */
  | { readonly kind: 'validate_not_null'; readonly table: QualifiedName; readonly column: string; readonly name: string }
  | { readonly kind: 'drop_column_not_null'; readonly table: QualifiedName; readonly column: string }
  | { readonly kind: 'add_identity'; readonly table: QualifiedName; readonly column: string; readonly identity: IdentitySpec }
  | { readonly kind: 'drop_identity'; readonly table: QualifiedName; readonly column: string; readonly identity: IdentitySpec }
  /** `beforeTypeChange`: bounds moved into the new column type's range, before the column is retyped. */
  | { readonly kind: 'alter_identity'; readonly table: QualifiedName; readonly column: string; readonly from: IdentitySpec; readonly to: IdentitySpec; readonly beforeTypeChange?: true }
  | { readonly kind: 'add_constraint'; readonly constraint: ConstraintDef }
  | { readonly kind: 'drop_constraint'; readonly constraint: ConstraintDef }
  /** A FOREIGN KEY made [NOT] ENFORCED in place (PostgreSQL 18; ENFORCED checks the existing rows). */
  | { readonly kind: 'set_constraint_enforced'; readonly constraint: ConstraintDef; readonly enforced: boolean }
  /** A live constraint left NOT VALID that the source wants valid: check the existing rows. */
  | { readonly kind: 'validate_constraint'; readonly constraint: ConstraintDef }
  /**
   * `partitions`: for an index on a partitioned table that exists with partitions, every
   * partition below it that exists too (depth first, each after the table it is a partition
   * of). Built online, the index is created ON ONLY the parent in the transaction and each
   * partition's index CONCURRENTLY after it, then attached.
   */
  | { readonly kind: 'create_index'; readonly index: IndexDef; readonly partitions?: readonly IndexPartition[] }
  | { readonly kind: 'drop_index'; readonly index: IndexDef }
  /**
   * ALTER INDEX parent ATTACH PARTITION child: a partition's existing index of the same
   * definition becomes part of the partitioned index (which is valid once every partition has
   * one). The child index is then implied by the parent's, so it leaves the model.
   */
  | { readonly kind: 'attach_index'; readonly parent: IndexDef; readonly child: IndexDef }
  /** ALTER INDEX ... ALTER COLUMN n SET STATISTICS of a kept index, each column whose target changes (null: back to the default). */
  | { readonly kind: 'set_index_statistics'; readonly index: QualifiedName; readonly table: QualifiedName; readonly targets: readonly IndexStatisticsTarget[] }
  | { readonly kind: 'create_statistics'; readonly statistics: StatisticsDef }
  | { readonly kind: 'drop_statistics'; readonly statistics: StatisticsDef }
  | { readonly kind: 'set_statistics_target'; readonly statistics: StatisticsDef; readonly target: number | null }
  /*
   * Programmable kinds. `reason` on a drop: why an object that stays in the schema is dropped
   * and created again (it depends on something the plan drops or retypes, or it cannot be
   * replaced in place).
   */
  | { readonly kind: 'create_view'; readonly view: ViewDef }
  | { readonly kind: 'drop_view'; readonly view: ViewDef; readonly reason?: string }
  /** CREATE OR REPLACE VIEW: same leading columns (names, types, collations), new ones appended. */
  | { readonly kind: 'replace_view'; readonly from: ViewDef; readonly to: ViewDef }
  | { readonly kind: 'set_view_options'; readonly view: ViewDef; readonly set: readonly string[]; readonly reset: readonly string[] }
  | { readonly kind: 'create_function'; readonly function: FunctionDef }
  | { readonly kind: 'drop_function'; readonly function: FunctionDef; readonly reason?: string }
  /** CREATE OR REPLACE FUNCTION / PROCEDURE: same kind, result and input parameter names; no default removed. */
  | { readonly kind: 'replace_function'; readonly from: FunctionDef; readonly to: FunctionDef }
  | { readonly kind: 'create_aggregate'; readonly aggregate: AggregateDef }
  | { readonly kind: 'drop_aggregate'; readonly aggregate: AggregateDef; readonly reason?: string }
  | { readonly kind: 'create_trigger'; readonly trigger: TriggerDef }
  | { readonly kind: 'drop_trigger'; readonly trigger: TriggerDef; readonly reason?: string }
  /** CREATE OR REPLACE TRIGGER (not for constraint triggers). */
  | { readonly kind: 'replace_trigger'; readonly from: TriggerDef; readonly to: TriggerDef }
  | { readonly kind: 'set_trigger_enabled'; readonly trigger: TriggerDef; readonly enabled: TriggerEnabled }
  | { readonly kind: 'create_event_trigger'; readonly eventTrigger: EventTriggerDef }
  | { readonly kind: 'drop_event_trigger'; readonly eventTrigger: EventTriggerDef; readonly reason?: string }
  | { readonly kind: 'set_event_trigger_enabled'; readonly eventTrigger: EventTriggerDef; readonly enabled: TriggerEnabled }
  /* Casts: no ALTER CAST exists, a changed cast is dropped and created again. */
  | { readonly kind: 'create_cast'; readonly cast: CastDef }
  | { readonly kind: 'drop_cast'; readonly cast: CastDef; readonly reason?: string }
  | { readonly kind: 'create_rule'; readonly rule: RuleDef }
  | { readonly kind: 'drop_rule'; readonly rule: RuleDef; readonly reason?: string }
  | { readonly kind: 'replace_rule'; readonly from: RuleDef; readonly to: RuleDef }
  | { readonly kind: 'set_rule_enabled'; readonly rule: RuleDef; readonly enabled: TriggerEnabled }
  /* Types (Coverage II). */
  | { readonly kind: 'create_domain'; readonly domain: DomainDef }
  | { readonly kind: 'drop_domain'; readonly domain: DomainDef; readonly reason?: string }
  | { readonly kind: 'set_domain_default'; readonly domain: QualifiedName; readonly default: SqlExpr | null; readonly previous: SqlExpr | null }
  | { readonly kind: 'set_domain_not_null'; readonly domain: QualifiedName; readonly notNull: boolean }
  /** `used`: columns of existing tables use the domain, so the constraint is added NOT VALID and validated after. */
  | { readonly kind: 'add_domain_constraint'; readonly domain: DomainDef; readonly constraint: DomainConstraint; readonly used: boolean }
  | { readonly kind: 'drop_domain_constraint'; readonly domain: DomainDef; readonly constraint: DomainConstraint }
  | {
      /** A changed base type or collation: rename the old domain away, create the new one, move the columns, drop the old. */
      readonly kind: 'recreate_domain';
      readonly from: DomainDef;
      readonly to: DomainDef;
      readonly columns: readonly EnumColumnUse[];
    }
  /** Attributes retyped while table columns use the type: recreated, the columns moved through text. */
  | { readonly kind: 'recreate_composite_type'; readonly from: CompositeTypeDef; readonly to: CompositeTypeDef; readonly columns: readonly EnumColumnUse[] }
  | { readonly kind: 'create_composite_type'; readonly type: CompositeTypeDef }
  | { readonly kind: 'drop_composite_type'; readonly type: CompositeTypeDef; readonly reason?: string }
  | { readonly kind: 'add_attribute'; readonly type: QualifiedName; readonly attribute: CompositeAttribute; readonly tables: readonly string[] }
  | { readonly kind: 'drop_attribute'; readonly type: QualifiedName; readonly attribute: CompositeAttribute; readonly tables: readonly string[] }
  /** ALTER TYPE ... ALTER ATTRIBUTE ... TYPE; `tables` use the type, so CASCADE rewrites their columns too. */
  | { readonly kind: 'alter_attribute_type'; readonly type: QualifiedName; readonly from: CompositeAttribute; readonly to: CompositeAttribute; readonly tables: readonly string[] }
  | { readonly kind: 'create_range_type'; readonly type: RangeTypeDef }
  | { readonly kind: 'drop_range_type'; readonly type: RangeTypeDef; readonly reason?: string }
  | { readonly kind: 'create_collation'; readonly collation: CollationDef }
  | { readonly kind: 'drop_collation'; readonly collation: CollationDef; readonly reason?: string }
  /* Row-level security. */
  | { readonly kind: 'set_row_security'; readonly table: QualifiedName; readonly enabled: boolean | null; readonly forced: boolean | null }
  | { readonly kind: 'create_policy'; readonly policy: PolicyDef }
  | { readonly kind: 'drop_policy'; readonly policy: PolicyDef; readonly reason?: string }
  /** ALTER POLICY: roles, USING or WITH CHECK changed (command and kind unchanged). */
  | { readonly kind: 'alter_policy'; readonly from: PolicyDef; readonly to: PolicyDef }
  /* What things are called, who owns them, who may use them. `targetSql` names the object as the statements need it. */
  | { readonly kind: 'set_comment'; readonly target: ObjectRef; readonly targetSql: string; readonly text: string | null }
  | { readonly kind: 'set_owner'; readonly target: ObjectRef; readonly targetSql: string; readonly role: string; readonly previous: string | null }
  | ({ readonly kind: 'grant' } & PrivilegeChange)
  | ({ readonly kind: 'revoke' } & PrivilegeChange)
  | { readonly kind: 'set_default_privileges'; readonly from: DefaultPrivilegeDef | null; readonly to: DefaultPrivilegeDef | null }
  /*
   * Renames declared by `-- pg-flux:renamed-from old` hints. The rest of the plan is computed
   * against the live model with the rename already done, so they run first.
   */
  | { readonly kind: 'rename_table'; readonly from: QualifiedName; readonly to: QualifiedName }
  | { readonly kind: 'rename_column'; readonly table: QualifiedName; readonly from: string; readonly to: string }
  | { readonly kind: 'rename_index'; readonly from: QualifiedName; readonly to: QualifiedName }
  | { readonly kind: 'rename_sequence'; readonly from: QualifiedName; readonly to: QualifiedName }
  | { readonly kind: 'rename_constraint'; readonly table: QualifiedName; readonly from: string; readonly to: string }
  | { readonly kind: 'rename_enum_value'; readonly enum: QualifiedName; readonly from: string; readonly to: string }
  /*
   * Foreign data and publications (Coverage III). Option changes name secret options by name
   * only: a secret's value is never known (model/foreign.ts).
   */
  | { readonly kind: 'create_foreign_data_wrapper'; readonly wrapper: ForeignDataWrapperDef }
  | { readonly kind: 'drop_foreign_data_wrapper'; readonly wrapper: ForeignDataWrapperDef }
  | { readonly kind: 'alter_foreign_data_wrapper'; readonly from: ForeignDataWrapperDef; readonly to: ForeignDataWrapperDef; readonly options: OptionChanges }
  | { readonly kind: 'create_server'; readonly server: ForeignServerDef }
  | { readonly kind: 'drop_server'; readonly server: ForeignServerDef; readonly reason?: string }
  | { readonly kind: 'alter_server'; readonly from: ForeignServerDef; readonly to: ForeignServerDef; readonly options: OptionChanges }
  | { readonly kind: 'create_user_mapping'; readonly mapping: UserMappingDef }
  | { readonly kind: 'drop_user_mapping'; readonly mapping: UserMappingDef; readonly reason?: string }
  | { readonly kind: 'alter_user_mapping'; readonly mapping: UserMappingDef; readonly options: OptionChanges }
  | { readonly kind: 'set_foreign_table_options'; readonly table: QualifiedName; readonly server: string; readonly options: OptionChanges }
  | { readonly kind: 'set_column_fdw_options'; readonly table: QualifiedName; readonly column: string; readonly options: OptionChanges }
  | { readonly kind: 'create_publication'; readonly publication: PublicationDef }
  | { readonly kind: 'drop_publication'; readonly publication: PublicationDef; readonly reason?: string }
  | { readonly kind: 'alter_publication'; readonly from: PublicationDef; readonly to: PublicationDef };

/** OPTIONS (ADD name 'value', SET name 'value', DROP name): `add` and `set` as `name=value`, `drop` as names. */
export interface OptionChanges {
  readonly add: readonly string[];
  readonly set: readonly string[];
  readonly drop: readonly string[];
}

/** One column's statistics target of an index (1-based column number; target null: the default). */
export interface IndexStatisticsTarget { readonly column: number; readonly target: number | null }

/** A partition an index on a partitioned table is built on (see create_index). */
export interface IndexPartition {
  readonly table: QualifiedName;
  /** The table it is a partition of. */
  readonly parent: QualifiedName;
  /** True when it is itself partitioned (its index is ON ONLY it, and its partitions' indexes attach to that). */
  readonly partitioned: boolean;
}

/** GRANT / REVOKE of some privileges on one object to one grantee. */
export interface PrivilegeChange {
  readonly target: ObjectRef;
  /** `TABLE public.t`, `FUNCTION public.f(integer)`, ...; for a column, its table. */
  readonly targetSql: string;
  /** The column a column privilege is on, or null. */
  readonly column: string | null;
  readonly privileges: readonly string[];
  /** A role name, or PUBLIC. */
  readonly grantee: string;
  /** GRANT ... WITH GRANT OPTION / REVOKE GRANT OPTION FOR. */
  readonly grantOption: boolean;
}

/** A column whose type is (an array of) an enum being recreated. */
export interface EnumColumnUse {
  readonly table: QualifiedName;
  readonly column: string;
  readonly arrayDims: number;
  /** The live default, dropped before the column changes type. */
  readonly dropDefault: boolean;
  /** The desired default, set again after the column changed type. */
  readonly default: SqlExpr | null;
}

export type ChangeKind = Change['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

export const assertNever = (x: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
};
