/**
 * The model object each change creates, alters or drops. Typed against every change kind, so a
 * new kind without a row does not compile. Dump places statements by it, drift groups its
 * report by it, pull finds the objects whose live form differs from source with it.
 */
import type { Change, ChangeKind, ChangeOf } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import { constraintKey, defaultPrivilegeKey, functionKey, onTableKey } from '../model/schema.js';
import { objectRefKey } from '../model/objects.js';
import { userMappingKey } from '../model/foreign.js';
import { castKey } from '../canon/casts.js';
import { defOf, kindRow, type DefOf, type KindField, type ObjectRef } from './kinds.js';

type Subjects = { readonly [K in ChangeKind]: (c: ChangeOf<K>) => ObjectRef };

const ref = (field: KindField, key: string): ObjectRef => ({ field, key });
const table = (c: { table: QualifiedName }): ObjectRef => ref('tables', keyOf(c.table));

const SUBJECTS: Subjects = {
  create_schema: (c) => ref('schemas', c.name),
  drop_schema: (c) => ref('schemas', c.name),
  create_extension: (c) => ref('extensions', c.extension.name),
  drop_extension: (c) => ref('extensions', c.extension.name),
  update_extension: (c) => ref('extensions', c.name),
  set_extension_schema: (c) => ref('extensions', c.name),
  create_enum: (c) => ref('enums', keyOf(c.enum.name)),
  drop_enum: (c) => ref('enums', keyOf(c.enum.name)),
  add_enum_value: (c) => ref('enums', keyOf(c.enum)),
  recreate_enum: (c) => ref('enums', keyOf(c.to.name)),
  create_sequence: (c) => ref('sequences', keyOf(c.sequence.name)),
  drop_sequence: (c) => ref('sequences', keyOf(c.sequence.name)),
  alter_sequence: (c) => ref('sequences', keyOf(c.name)),
  set_sequence_owner: (c) => ref('sequences', keyOf(c.sequence.name)),
  create_table: (c) => ref('tables', keyOf(c.table.name)),
  drop_table: (c) => ref('tables', keyOf(c.table.name)),
  set_table_persistence: table,
  attach_partition: table,
  detach_partition: table,
  add_inherit: table,
  drop_inherit: table,
  set_table_options: table,
  set_table_access_method: table,
  set_replica_identity: table,
  set_table_cluster: table,
  set_column_attributes: table,
  set_column_expression: table,
  validate_not_null: table,
  rename_not_null: table,
  set_constraint_enforced: (c) => ref('constraints', constraintKey(c.constraint)),
  add_column: table,
  drop_column: table,
  alter_column_type: table,
  set_column_default: table,
  drop_column_default: table,
  set_partition_column: table,
  set_column_not_null: table,
  drop_column_not_null: table,
  add_identity: table,
  drop_identity: table,
  alter_identity: table,
  add_constraint: (c) => ref('constraints', constraintKey(c.constraint)),
  drop_constraint: (c) => ref('constraints', constraintKey(c.constraint)),
  create_index: (c) => ref('indexes', keyOf(c.index.name)),
  create_statistics: (c) => ref('statistics', keyOf(c.statistics.name)),
  drop_statistics: (c) => ref('statistics', keyOf(c.statistics.name)),
  set_statistics_target: (c) => ref('statistics', keyOf(c.statistics.name)),
  drop_index: (c) => ref('indexes', keyOf(c.index.name)),
  attach_index: (c) => ref('indexes', keyOf(c.parent.name)),
  set_index_statistics: (c) => ref('indexes', keyOf(c.index)),
  validate_constraint: (c) => ref('constraints', constraintKey(c.constraint)),
  drop_column_expression: table,
  rename_table: (c) => ref('tables', keyOf(c.to)),
  rename_column: table,
  rename_index: (c) => ref('indexes', keyOf(c.to)),
  rename_sequence: (c) => ref('sequences', keyOf(c.to)),
  rename_constraint: (c) => ref('constraints', constraintKey({ table: c.table, name: c.to })),
  rename_enum_value: (c) => ref('enums', keyOf(c.enum)),
  create_view: (c) => ref('views', keyOf(c.view.name)),
  drop_view: (c) => ref('views', keyOf(c.view.name)),
  replace_view: (c) => ref('views', keyOf(c.to.name)),
  set_view_options: (c) => ref('views', keyOf(c.view.name)),
  create_function: (c) => ref('functions', functionKey(c.function)),
  drop_function: (c) => ref('functions', functionKey(c.function)),
  replace_function: (c) => ref('functions', functionKey(c.to)),
  create_aggregate: (c) => ref('aggregates', functionKey(c.aggregate)),
  drop_aggregate: (c) => ref('aggregates', functionKey(c.aggregate)),
  create_trigger: (c) => ref('triggers', onTableKey(c.trigger)),
  drop_trigger: (c) => ref('triggers', onTableKey(c.trigger)),
  replace_trigger: (c) => ref('triggers', onTableKey(c.to)),
  set_trigger_enabled: (c) => ref('triggers', onTableKey(c.trigger)),
  create_foreign_data_wrapper: (c) => ref('foreignDataWrappers', c.wrapper.name),
  drop_foreign_data_wrapper: (c) => ref('foreignDataWrappers', c.wrapper.name),
  alter_foreign_data_wrapper: (c) => ref('foreignDataWrappers', c.to.name),
  create_server: (c) => ref('foreignServers', c.server.name),
  drop_server: (c) => ref('foreignServers', c.server.name),
  alter_server: (c) => ref('foreignServers', c.to.name),
  create_user_mapping: (c) => ref('userMappings', userMappingKey(c.mapping)),
  drop_user_mapping: (c) => ref('userMappings', userMappingKey(c.mapping)),
  alter_user_mapping: (c) => ref('userMappings', userMappingKey(c.mapping)),
  set_foreign_table_options: table,
  set_column_fdw_options: table,
  create_publication: (c) => ref('publications', c.publication.name),
  drop_publication: (c) => ref('publications', c.publication.name),
  alter_publication: (c) => ref('publications', c.to.name),
  create_cast: (c) => ref('casts', castKey(c.cast)),
  drop_cast: (c) => ref('casts', castKey(c.cast)),
  create_event_trigger: (c) => ref('eventTriggers', c.eventTrigger.name),
  drop_event_trigger: (c) => ref('eventTriggers', c.eventTrigger.name),
  set_event_trigger_enabled: (c) => ref('eventTriggers', c.eventTrigger.name),
  create_rule: (c) => ref('rules', onTableKey(c.rule)),
  drop_rule: (c) => ref('rules', onTableKey(c.rule)),
  replace_rule: (c) => ref('rules', onTableKey(c.to)),
  set_rule_enabled: (c) => ref('rules', onTableKey(c.rule)),
  create_domain: (c) => ref('domains', keyOf(c.domain.name)),
  drop_domain: (c) => ref('domains', keyOf(c.domain.name)),
  set_domain_default: (c) => ref('domains', keyOf(c.domain)),
  set_domain_not_null: (c) => ref('domains', keyOf(c.domain)),
  add_domain_constraint: (c) => ref('domains', keyOf(c.domain.name)),
  drop_domain_constraint: (c) => ref('domains', keyOf(c.domain.name)),
  recreate_domain: (c) => ref('domains', keyOf(c.to.name)),
  recreate_composite_type: (c) => ref('compositeTypes', keyOf(c.to.name)),
  create_composite_type: (c) => ref('compositeTypes', keyOf(c.type.name)),
  drop_composite_type: (c) => ref('compositeTypes', keyOf(c.type.name)),
  add_attribute: (c) => ref('compositeTypes', keyOf(c.type)),
  drop_attribute: (c) => ref('compositeTypes', keyOf(c.type)),
  alter_attribute_type: (c) => ref('compositeTypes', keyOf(c.type)),
  create_range_type: (c) => ref('rangeTypes', keyOf(c.type.name)),
  drop_range_type: (c) => ref('rangeTypes', keyOf(c.type.name)),
  create_collation: (c) => ref('collations', keyOf(c.collation.name)),
  drop_collation: (c) => ref('collations', keyOf(c.collation.name)),
  set_row_security: (c) => ref('rowSecurity', keyOf(c.table)),
  create_policy: (c) => ref('policies', onTableKey(c.policy)),
  drop_policy: (c) => ref('policies', onTableKey(c.policy)),
  alter_policy: (c) => ref('policies', onTableKey(c.to)),
  set_comment: (c) => ref('comments', objectRefKey(c.target)),
  set_owner: (c) => ref('owners', objectRefKey(c.target)),
  grant: (c) => ref('privileges', objectRefKey(c.target)),
  revoke: (c) => ref('privileges', objectRefKey(c.target)),
  set_default_privileges: (c) => ref('defaultPrivileges', defaultPrivilegeKey((c.to ?? c.from)!)),
};

export const changeSubject = (c: Change): ObjectRef => (SUBJECTS[c.kind] as (c: Change) => ObjectRef)(c);

/**
 * The object whose file (or report group) holds `r`: the relation owning a constraint, index,
 * trigger or rule, the table owning a serial's sequence; else `r` itself. Looked up in the
 * schemas given, in order (the desired one first for creates, the live one for drops).
 */
export const ownerOf = (r: ObjectRef, ...schemas: readonly Schema[]): ObjectRef => {
  const row = kindRow(r.field);
  if (row.ownerIn.length === 0) return r;
  for (const s of schemas) {
    const d = defOf(s, r);
    if (d === undefined) continue;
    const owner = row.owner(d as DefOf<KindField>);
    if (owner === null) return r;
    for (const field of row.ownerIn) {
      const o = ref(field, keyOf(owner));
      if (schemas.some((x) => defOf(x, o) !== undefined)) return o;
    }
    return r;
  }
  return r;
};
