/** One-line, human description of a change (for cycle errors, plan summaries, JSON). */
import type { Change } from '../model/change.js';
import { assertNever } from '../model/change.js';
import { keyOf } from '../model/names.js';
import { functionKey, onTableKey } from '../model/schema.js';

export const describeChange = (c: Change): string => {
  switch (c.kind) {
    case 'create_schema': case 'drop_schema': return `${c.kind} ${c.name}`;
    case 'create_extension': case 'drop_extension': return `${c.kind} ${c.extension.name}`;
    case 'update_extension': case 'set_extension_schema': return `${c.kind} ${c.name}`;
    case 'create_enum': case 'drop_enum': return `${c.kind} ${keyOf(c.enum.name)}`;
    case 'add_enum_value': return `${c.kind} ${keyOf(c.enum)} '${c.value}'`;
    case 'recreate_enum': return `${c.kind} ${keyOf(c.to.name)}`;
    case 'create_sequence': case 'drop_sequence': case 'set_sequence_owner': return `${c.kind} ${keyOf(c.sequence.name)}`;
    case 'alter_sequence': return `${c.kind} ${keyOf(c.name)}`;
    case 'create_table': case 'drop_table': return `${c.kind} ${keyOf(c.table.name)}`;
    case 'set_table_persistence': case 'set_table_options': return `${c.kind} ${keyOf(c.table)}`;
    case 'add_column': case 'drop_column': return `${c.kind} ${keyOf(c.table)}.${c.column.name}`;
    case 'alter_column_type': return `${c.kind} ${keyOf(c.table)}.${c.to.name}`;
    case 'set_column_default': case 'drop_column_default': case 'set_column_not_null': case 'drop_column_not_null':
    case 'add_identity': case 'drop_identity': case 'alter_identity':
      return `${c.kind} ${keyOf(c.table)}.${c.column}`;
    case 'add_constraint': case 'drop_constraint': return `${c.kind} ${keyOf(c.constraint.table)}.${c.constraint.name}`;
    case 'create_index': case 'drop_index': return `${c.kind} ${keyOf(c.index.name)}`;
    case 'create_view': case 'drop_view': case 'set_view_options': return `${c.kind} ${keyOf(c.view.name)}`;
    case 'replace_view': return `${c.kind} ${keyOf(c.to.name)}`;
    case 'create_function': case 'drop_function': return `${c.kind} ${functionKey(c.function)}`;
    case 'replace_function': return `${c.kind} ${functionKey(c.to)}`;
    case 'create_aggregate': case 'drop_aggregate': return `${c.kind} ${functionKey(c.aggregate)}`;
    case 'create_trigger': case 'drop_trigger': case 'set_trigger_enabled': return `${c.kind} ${onTableKey(c.trigger)}`;
    case 'replace_trigger': return `${c.kind} ${onTableKey(c.to)}`;
    case 'create_rule': case 'drop_rule': case 'set_rule_enabled': return `${c.kind} ${onTableKey(c.rule)}`;
    case 'replace_rule': return `${c.kind} ${onTableKey(c.to)}`;
    case 'create_domain': case 'drop_domain': case 'add_domain_constraint': case 'drop_domain_constraint': return `${c.kind} ${keyOf(c.domain.name)}`;
    case 'set_domain_default': case 'set_domain_not_null': return `${c.kind} ${keyOf(c.domain)}`;
    case 'recreate_domain': case 'recreate_composite_type': return `${c.kind} ${keyOf(c.to.name)}`;
    case 'create_composite_type': case 'drop_composite_type': case 'create_range_type': case 'drop_range_type': return `${c.kind} ${keyOf(c.type.name)}`;
    case 'add_attribute': case 'drop_attribute': return `${c.kind} ${keyOf(c.type)}.${c.attribute.name}`;
    case 'alter_attribute_type': return `${c.kind} ${keyOf(c.type)}.${c.to.name}`;
    case 'create_collation': case 'drop_collation': return `${c.kind} ${keyOf(c.collation.name)}`;
    case 'set_row_security': return `${c.kind} ${keyOf(c.table)}`;
    case 'create_policy': case 'drop_policy': return `${c.kind} ${onTableKey(c.policy)}`;
    case 'alter_policy': return `${c.kind} ${onTableKey(c.to)}`;
    case 'set_comment': case 'set_owner': case 'grant': case 'revoke': return `${c.kind} ${c.target.kind} ${c.target.key}`;
    case 'set_default_privileges': { const d = (c.to ?? c.from)!; return `${c.kind} ${d.role} ${d.schema ?? '*'} ${d.objectType}`; }
    default: return assertNever(c);
  }
};

/** The object a change is about, as `schema.name` (or a bare name for schemas and extensions). */
export const changeObject = (c: Change): string => describeChange(c).slice(c.kind.length + 1);
