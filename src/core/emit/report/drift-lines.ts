/**
 * One line per change, in the seeds' style: the operation that would make the database match
 * the source, then the object's full name, then the few facts that matter
 * (`ADD COLUMN public.users.last_login timestamptz`, `DROP INDEX public.idx_orphan`).
 * Typed against every change kind, so a new kind without a line does not compile.
 */
import { userMappingKey } from '../../model/foreign.js';
import type { CastDef } from '../../model/casts.js';
import { castFunctionKey, castKey } from '../../canon/casts.js';
import type { Change, ChangeKind, ChangeOf } from '../../model/change.js';
import type { ColumnDef, IdentitySpec, ReplicaIdentity, TriggerEnabled, ViewDef } from '../../model/objects.js';
import type { TypeRef } from '../../model/type-ref.js';
import { keyOf, type QualifiedName } from '../../model/names.js';
import { constraintKey, functionKey, onTableKey } from '../../model/schema.js';
import { sequenceOptionClauses } from '../sql/columns.js';
import { retypeSequence } from '../../canon/sequences.js';

/** A type as people read it in a report: its catalog name (`timestamptz`, `varchar(20)[]`, `public.mood`). */
export const typeLabel = (t: TypeRef): string =>
  `${t.schema === null ? t.name : `${t.schema}.${t.name}`}${t.modifiers.length ? `(${t.modifiers.join(',')})` : ''}${'[]'.repeat(t.arrayDims)}`;

const col = (t: QualifiedName, c: string): string => `${keyOf(t)}.${c}`;

const values = (v: readonly string[]): string => `(${v.map((x) => `'${x}'`).join(', ')})`;

const identity = (i: IdentitySpec): string => `GENERATED ${i.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`;

/** Type, then the column's other facts, each once. */
const columnFacts = (c: ColumnDef): string => [
  typeLabel(c.type),
  ...(c.collation ? [`COLLATE ${keyOf(c.collation)}`] : []),
  ...(c.generated ? [`GENERATED ALWAYS AS (${c.generated.sql})${c.virtual ? ' VIRTUAL' : ''}`] : []),
  ...(c.identity ? [`${identity(c.identity)} AS IDENTITY`] : []),
  ...(c.default ? [`DEFAULT ${c.default.sql}`] : []),
  ...(c.notNull && !c.identity ? ['NOT NULL'] : []),
].join(' ');

const replicaLabel = (r: ReplicaIdentity | null): string =>
  r === null ? 'DEFAULT' : r === 'full' ? 'FULL' : r === 'nothing' ? 'NOTHING' : `USING INDEX ${r.index}`;

/** The attributes a set_column_attributes changes, `DEFAULT` for those going back to it. */
const attributeLabels = (c: ChangeOf<'set_column_attributes'>): string[] => [
  ...(c.storage !== undefined ? [`STORAGE ${c.storage?.toUpperCase() ?? 'DEFAULT'}`] : []),
  ...(c.compression !== undefined ? [`COMPRESSION ${c.compression ?? 'DEFAULT'}`] : []),
  ...(c.statisticsTarget !== undefined ? [`STATISTICS ${c.statisticsTarget ?? 'DEFAULT'}`] : []),
  ...(c.setOptions.length ? [`SET (${c.setOptions.join(', ')})`] : []),
  ...(c.resetOptions.length ? [`RESET (${c.resetOptions.join(', ')})`] : []),
];

/** Index definitions read `CREATE [UNIQUE] INDEX name ON table USING ...`: the part from ON on. */
const indexTail = (sql: string, table: QualifiedName): string => {
  const m = / USING [\s\S]*$/.exec(sql);
  return `ON ${keyOf(table)}${m ? m[0] : ''}`;
};

const view = (v: ViewDef): string => `${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${keyOf(v.name)}`;

const castMethodLabel = (c: CastDef): string =>
  c.method === 'function' && c.function ? `WITH FUNCTION ${castFunctionKey(c.function)}` : c.method === 'inout' ? 'WITH INOUT' : 'WITHOUT FUNCTION';

const because = (reason: string | undefined): string => (reason ? ` (${reason})` : '');

const ENABLED: Readonly<Record<TriggerEnabled, string>> = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' };

type Lines = { readonly [K in ChangeKind]: (c: ChangeOf<K>) => string };

const LINES: Lines = {
  create_schema: (c) => `CREATE SCHEMA ${c.name}`,
  drop_schema: (c) => `DROP SCHEMA ${c.name}`,
  create_extension: (c) => `CREATE EXTENSION ${c.extension.name} SCHEMA ${c.extension.schema}${c.extension.version ? ` VERSION ${c.extension.version}` : ''}`,
  drop_extension: (c) => `DROP EXTENSION ${c.extension.name}${c.reason ? ` (${c.reason})` : ''}`,
  update_extension: (c) => `UPDATE EXTENSION ${c.name} TO ${c.version}`,
  set_extension_schema: (c) => `ALTER EXTENSION ${c.name} SET SCHEMA ${c.to} (was ${c.from})`,
  create_enum: (c) => `CREATE TYPE ${keyOf(c.enum.name)} AS ENUM ${values(c.enum.values)}`,
  drop_enum: (c) => `DROP TYPE ${keyOf(c.enum.name)}`,
  add_enum_value: (c) => {
    const pos = c.position === null ? '' : 'before' in c.position ? ` BEFORE '${c.position.before}'` : ` AFTER '${c.position.after}'`;
    return `ADD VALUE ${keyOf(c.enum)} '${c.value}'${pos}`;
  },
  recreate_enum: (c) => `RECREATE TYPE ${keyOf(c.to.name)} AS ENUM ${values(c.to.values)} (was ${values(c.from.values)})`,
  create_sequence: (c) => `CREATE SEQUENCE ${keyOf(c.sequence.name)}`,
  drop_sequence: (c) => `DROP SEQUENCE ${keyOf(c.sequence.name)}`,
  alter_sequence: (c) => {
    const clauses = [
      ...(c.from.dataType !== c.to.dataType ? [`AS ${c.to.dataType}`] : []),
      ...sequenceOptionClauses(c.to, retypeSequence(c.from, c.to.dataType)),
    ];
    return `ALTER SEQUENCE ${keyOf(c.name)} ${clauses.join(' ')}`.trimEnd();
  },
  set_sequence_owner: (c) => {
    const o = c.sequence.ownedBy;
    return `SET OWNED BY ${keyOf(c.sequence.name)} ${o ? col(o.table, o.column) : 'NONE'}`;
  },
  create_table: (c) => `CREATE TABLE ${keyOf(c.table.name)}`,
  drop_table: (c) => `DROP TABLE ${keyOf(c.table.name)}${c.reason ? ` (${c.reason})` : ''}`,
  attach_partition: (c) => `ATTACH PARTITION ${keyOf(c.table)} TO ${keyOf(c.parent)} ${c.bound}`,
  detach_partition: (c) => `DETACH PARTITION ${keyOf(c.table)} FROM ${keyOf(c.parent)}${c.reason ? ` (${c.reason})` : ''}`,
  add_inherit: (c) => `INHERIT ${keyOf(c.table)} FROM ${keyOf(c.parent)}`,
  drop_inherit: (c) => `NO INHERIT ${keyOf(c.table)} FROM ${keyOf(c.parent)}`,
  set_table_persistence: (c) => `SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'} ${keyOf(c.table)}`,
  set_table_options: (c) => [
    `SET STORAGE PARAMETERS ${keyOf(c.table)}`,
    ...(c.set.length ? [c.set.join(', ')] : []),
    ...(c.reset.length ? [`RESET ${c.reset.join(', ')}`] : []),
  ].join(' '),
  set_table_access_method: (c) => `SET ACCESS METHOD ${keyOf(c.table)} ${c.accessMethod ?? 'heap'}`,
  set_table_cluster: (c) => `CLUSTER ${keyOf(c.table)} ${c.index === null ? 'WITHOUT CLUSTER' : `ON ${c.index}`}`,
  set_replica_identity: (c) => `REPLICA IDENTITY ${keyOf(c.table)} ${replicaLabel(c.identity)}`,
  set_column_attributes: (c) => `ALTER COLUMN ${col(c.table, c.column)} ${attributeLabels(c).join(', ')}`,
  set_column_expression: (c) => `SET EXPRESSION ${col(c.table, c.to.name)} ${c.to.generated?.sql ?? ''} (was ${c.from.generated?.sql ?? ''})`,
  validate_not_null: (c) => `VALIDATE NOT NULL ${col(c.table, c.column)} ${c.name} (left NOT VALID)`,
  rename_not_null: (c) => `RENAME NOT NULL ${col(c.table, c.column)} ${c.from} TO ${c.to}`,
  set_constraint_enforced: (c) => `ALTER CONSTRAINT ${constraintKey(c.constraint)} ${c.enforced ? 'ENFORCED' : 'NOT ENFORCED'}`,
  add_column: (c) => `ADD COLUMN ${col(c.table, c.column.name)} ${columnFacts(c.column)}`,
  drop_column: (c) => `DROP COLUMN ${col(c.table, c.column.name)}${c.reason ? ` (${c.reason})` : ''}`,
  alter_column_type: (c) => `ALTER COLUMN ${col(c.table, c.to.name)} TYPE ${typeLabel(c.to.type)} (was ${typeLabel(c.from.type)})`,
  set_column_default: (c) => `SET DEFAULT ${col(c.table, c.column)} ${c.default.sql}${c.previous ? ` (was ${c.previous.sql})` : ''}`,
  set_partition_column: (c) => [
    ...(c.default ? [c.default.to === null ? `DROP DEFAULT ${col(c.table, c.column)}` : `SET DEFAULT ${col(c.table, c.column)} ${c.default.to.sql}`] : []),
    ...(c.notNull !== undefined ? [`${c.notNull ? 'SET' : 'DROP'} NOT NULL ${col(c.table, c.column)}`] : []),
  ].join(', '),
  drop_column_default: (c) => `DROP DEFAULT ${col(c.table, c.column)} (was ${c.previous.sql})`,
  set_column_not_null: (c) => `SET NOT NULL ${col(c.table, c.column)}`,
  drop_column_not_null: (c) => `DROP NOT NULL ${col(c.table, c.column)}`,
  add_identity: (c) => `ADD IDENTITY ${col(c.table, c.column)} ${identity(c.identity)}`,
  drop_identity: (c) => `DROP IDENTITY ${col(c.table, c.column)}`,
  alter_identity: (c) => {
    const clauses = [
      ...(c.from.generation !== c.to.generation ? [identity(c.to)] : []),
      ...sequenceOptionClauses(c.to.options, retypeSequence(c.from.options, c.to.options.dataType)),
    ];
    return `ALTER IDENTITY ${col(c.table, c.column)} ${clauses.join(' ')}`.trimEnd();
  },
  add_constraint: (c) => `ADD CONSTRAINT ${constraintKey(c.constraint)} ${c.constraint.definition.sql}`,
  drop_constraint: (c) => `DROP CONSTRAINT ${constraintKey(c.constraint)}`,
  create_statistics: (c) => `CREATE STATISTICS ${keyOf(c.statistics.name)} ON ${keyOf(c.statistics.table)}`,
  drop_statistics: (c) => `DROP STATISTICS ${keyOf(c.statistics.name)}`,
  set_statistics_target: (c) => `ALTER STATISTICS ${keyOf(c.statistics.name)} SET STATISTICS ${c.target ?? 'DEFAULT'}`,
  create_index: (c) => `CREATE ${c.index.unique ? 'UNIQUE ' : ''}INDEX ${keyOf(c.index.name)} ${indexTail(c.index.definition.sql, c.index.table)}`,
  drop_index: (c) => `DROP INDEX ${keyOf(c.index.name)}`,
  attach_index: (c) => `ALTER INDEX ${keyOf(c.parent.name)} ATTACH PARTITION ${keyOf(c.child.name)}`,
  set_index_statistics: (c) => `ALTER INDEX ${keyOf(c.index)} ${c.targets.map((t) => `COLUMN ${t.column} SET STATISTICS ${t.target ?? 'DEFAULT'}`).join(', ')}`,
  validate_constraint: (c) => `VALIDATE CONSTRAINT ${constraintKey(c.constraint)} (left NOT VALID)`,
  drop_column_expression: (c) => `ALTER COLUMN ${keyOf(c.table)}.${c.column.name} DROP EXPRESSION (keeps its values)`,
  rename_table: (c) => `RENAME TABLE ${keyOf(c.from)} TO ${c.to.name}`,
  rename_column: (c) => `RENAME COLUMN ${keyOf(c.table)}.${c.from} TO ${c.to}`,
  rename_index: (c) => `RENAME INDEX ${keyOf(c.from)} TO ${c.to.name}`,
  rename_sequence: (c) => `RENAME SEQUENCE ${keyOf(c.from)} TO ${c.to.name}`,
  rename_constraint: (c) => `RENAME CONSTRAINT ${keyOf(c.table)}.${c.from} TO ${c.to}`,
  rename_enum_value: (c) => `RENAME VALUE ${keyOf(c.enum)} '${c.from}' TO '${c.to}'`,
  create_view: (c) => `CREATE ${view(c.view)}`,
  drop_view: (c) => `DROP ${view(c.view)}${because(c.reason)}`,
  replace_view: (c) => `REPLACE ${view(c.to)}`,
  set_view_options: (c) => [`SET OPTIONS ${view(c.view)}`, ...(c.set.length ? [c.set.join(', ')] : []), ...(c.reset.length ? [`RESET ${c.reset.join(', ')}`] : [])].join(' '),
  create_function: (c) => `CREATE ${c.function.routineKind.toUpperCase()} ${functionKey(c.function)}`,
  drop_function: (c) => `DROP ${c.function.routineKind.toUpperCase()} ${functionKey(c.function)}${because(c.reason)}`,
  replace_function: (c) => `REPLACE ${c.to.routineKind.toUpperCase()} ${functionKey(c.to)}`,
  create_aggregate: (c) => `CREATE AGGREGATE ${functionKey(c.aggregate)}`,
  drop_aggregate: (c) => `DROP AGGREGATE ${functionKey(c.aggregate)}${because(c.reason)}`,
  create_trigger: (c) => `CREATE TRIGGER ${onTableKey(c.trigger)}`,
  drop_trigger: (c) => `DROP TRIGGER ${onTableKey(c.trigger)}${because(c.reason)}`,
  replace_trigger: (c) => `REPLACE TRIGGER ${onTableKey(c.to)}`,
  set_trigger_enabled: (c) => `${ENABLED[c.enabled]} TRIGGER ${onTableKey(c.trigger)}`,
  create_foreign_data_wrapper: (c) => `CREATE FOREIGN DATA WRAPPER ${c.wrapper.name}`,
  drop_foreign_data_wrapper: (c) => `DROP FOREIGN DATA WRAPPER ${c.wrapper.name}`,
  alter_foreign_data_wrapper: (c) => `ALTER FOREIGN DATA WRAPPER ${c.to.name}`,
  create_server: (c) => `CREATE SERVER ${c.server.name}`,
  drop_server: (c) => `DROP SERVER ${c.server.name}${because(c.reason)}`,
  alter_server: (c) => `ALTER SERVER ${c.to.name}`,
  create_user_mapping: (c) => `CREATE USER MAPPING ${userMappingKey(c.mapping)}`,
  drop_user_mapping: (c) => `DROP USER MAPPING ${userMappingKey(c.mapping)}${because(c.reason)}`,
  alter_user_mapping: (c) => `ALTER USER MAPPING ${userMappingKey(c.mapping)}`,
  set_foreign_table_options: (c) => `ALTER FOREIGN TABLE ${keyOf(c.table)} OPTIONS`,
  set_column_fdw_options: (c) => `ALTER FOREIGN TABLE ${keyOf(c.table)} ALTER COLUMN ${c.column} OPTIONS`,
  create_publication: (c) => `CREATE PUBLICATION ${c.publication.name}`,
  drop_publication: (c) => `DROP PUBLICATION ${c.publication.name}${because(c.reason)}`,
  alter_publication: (c) => `ALTER PUBLICATION ${c.to.name}`,
  create_event_trigger: (c) => `CREATE EVENT TRIGGER ${c.eventTrigger.name}`,
  drop_event_trigger: (c) => `DROP EVENT TRIGGER ${c.eventTrigger.name}${because(c.reason)}`,
  set_event_trigger_enabled: (c) => `${ENABLED[c.enabled]} EVENT TRIGGER ${c.eventTrigger.name}`,
  create_cast: (c) => `CREATE CAST (${castKey(c.cast)}) ${castMethodLabel(c.cast)}${c.cast.context === 'explicit' ? '' : ` AS ${c.cast.context.toUpperCase()}`}`,
  drop_cast: (c) => `DROP CAST (${castKey(c.cast)})${because(c.reason)}`,
  create_rule: (c) => `CREATE RULE ${onTableKey(c.rule)}`,
  drop_rule: (c) => `DROP RULE ${onTableKey(c.rule)}${because(c.reason)}`,
  replace_rule: (c) => `REPLACE RULE ${onTableKey(c.to)}`,
  set_rule_enabled: (c) => `${ENABLED[c.enabled]} RULE ${onTableKey(c.rule)}`,
  create_domain: (c) => `CREATE DOMAIN ${keyOf(c.domain.name)} ${typeLabel(c.domain.baseType)}`,
  drop_domain: (c) => `DROP DOMAIN ${keyOf(c.domain.name)}${because(c.reason)}`,
  set_domain_default: (c) => (c.default ? `SET DEFAULT DOMAIN ${keyOf(c.domain)} ${c.default.sql}` : `DROP DEFAULT DOMAIN ${keyOf(c.domain)}`),
  set_domain_not_null: (c) => `${c.notNull ? 'SET' : 'DROP'} NOT NULL DOMAIN ${keyOf(c.domain)}`,
  add_domain_constraint: (c) => `ADD CONSTRAINT DOMAIN ${keyOf(c.domain.name)}.${c.constraint.name} ${c.constraint.definition.sql}`,
  drop_domain_constraint: (c) => `DROP CONSTRAINT DOMAIN ${keyOf(c.domain.name)}.${c.constraint.name}`,
  recreate_domain: (c) => `RECREATE DOMAIN ${keyOf(c.to.name)} ${typeLabel(c.to.baseType)} (was ${typeLabel(c.from.baseType)})`,
  recreate_composite_type: (c) => `RECREATE TYPE ${keyOf(c.to.name)} AS (${c.to.attributes.map((a) => `${a.name} ${typeLabel(a.type)}`).join(', ')})`,
  create_composite_type: (c) => `CREATE TYPE ${keyOf(c.type.name)} AS (${c.type.attributes.map((a) => `${a.name} ${typeLabel(a.type)}`).join(', ')})`,
  drop_composite_type: (c) => `DROP TYPE ${keyOf(c.type.name)}${because(c.reason)}`,
  add_attribute: (c) => `ADD ATTRIBUTE ${keyOf(c.type)}.${c.attribute.name} ${typeLabel(c.attribute.type)}`,
  drop_attribute: (c) => `DROP ATTRIBUTE ${keyOf(c.type)}.${c.attribute.name}`,
  alter_attribute_type: (c) => `ALTER ATTRIBUTE ${keyOf(c.type)}.${c.to.name} TYPE ${typeLabel(c.to.type)} (was ${typeLabel(c.from.type)})`,
  create_range_type: (c) => `CREATE TYPE ${keyOf(c.type.name)} AS RANGE (SUBTYPE = ${typeLabel(c.type.subtype)})`,
  drop_range_type: (c) => `DROP TYPE ${keyOf(c.type.name)}${because(c.reason)}`,
  create_collation: (c) => `CREATE COLLATION ${keyOf(c.collation.name)} (${c.collation.provider})`,
  drop_collation: (c) => `DROP COLLATION ${keyOf(c.collation.name)}${because(c.reason)}`,
  set_row_security: (c) => [
    ...(c.enabled === null ? [] : [`${c.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY ${keyOf(c.table)}`]),
    ...(c.forced === null ? [] : [`${c.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY ${keyOf(c.table)}`]),
  ].join('; '),
  create_policy: (c) => `CREATE POLICY ${onTableKey(c.policy)}`,
  drop_policy: (c) => `DROP POLICY ${onTableKey(c.policy)}${because(c.reason)}`,
  alter_policy: (c) => `ALTER POLICY ${onTableKey(c.to)}`,
  set_comment: (c) => `${c.text === null ? 'REMOVE COMMENT' : 'COMMENT'} ${c.target.kind.toUpperCase()} ${c.target.key}`,
  set_owner: (c) => `OWNER ${c.target.kind.toUpperCase()} ${c.target.key} TO ${c.role}${c.previous ? ` (was ${c.previous})` : ''}`,
  grant: (c) => `GRANT ${c.grantOption ? 'WITH GRANT OPTION ' : ''}${c.privileges.join(', ')} ON ${c.target.kind.toUpperCase()} ${c.target.key} TO ${c.grantee}`,
  revoke: (c) => `REVOKE ${c.grantOption ? 'GRANT OPTION FOR ' : ''}${c.privileges.join(', ')} ON ${c.target.kind.toUpperCase()} ${c.target.key} FROM ${c.grantee}`,
  set_default_privileges: (c) => {
    const d = (c.to ?? c.from)!;
    return `DEFAULT PRIVILEGES FOR ROLE ${d.role}${d.schema ? ` IN SCHEMA ${d.schema}` : ''} ON ${d.objectType.toUpperCase()}: ${(c.to?.grants ?? []).join(', ') || 'the built-in defaults'}`;
  },
};

export const driftLine = (c: Change): string => (LINES[c.kind] as (c: Change) => string)(c);
