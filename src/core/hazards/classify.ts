/** Hazards of a change, decided from the change record (never from SQL text). */
import type { Change } from '../model/change.js';
import { assertNever } from '../model/change.js';
import type { Hazard } from '../model/hazard.js';
import { keyOf } from '../model/names.js';
import { typeToSql } from '../canon/type-names.js';
import { sequenceRestarts } from '../canon/sequences.js';

const restartHazard = (what: string, start: string): Hazard => ({
  type: 'SEQUENCE_RESTART',
  message: `restarts ${what} at ${start} (its current value does not fit the new bounds or direction): values it handed out before may be handed out again`,
});

export const classifyChange = (c: Change): Hazard[] => {
  switch (c.kind) {
    case 'drop_table':
      return [{ type: 'DATA_LOSS', message: `drops table ${keyOf(c.table.name)} and all its rows` }];
    case 'drop_column':
      return c.column.generated ? [] : [{ type: 'DATA_LOSS', message: `drops column ${keyOf(c.table)}.${c.column.name} and its values${c.reason ? ` (${c.reason})` : ''}` }];
    case 'drop_sequence':
      return [{ type: 'DATA_LOSS', message: `drops sequence ${keyOf(c.sequence.name)} and its current value` }];
    case 'drop_extension':
      return [{ type: 'DATA_LOSS', message: `drops extension ${c.extension.name} and the objects it created${c.reason ? ` (${c.reason})` : ''}` }];
    case 'alter_column_type':
      return c.rewrites
        ? [{ type: 'COLUMN_TYPE_CHANGE', message: `changes ${keyOf(c.table)}.${c.to.name} from ${typeToSql(c.from.type)} to ${typeToSql(c.to.type)}: rewrites the table under an exclusive lock, and may fail or lose precision` }]
        : [];
    case 'alter_sequence':
      return sequenceRestarts(c.from, c.to) ? [restartHazard(`sequence ${keyOf(c.name)}`, c.to.start)] : [];
    case 'alter_identity':
      return sequenceRestarts(c.from.options, c.to.options) ? [restartHazard(`identity ${keyOf(c.table)}.${c.column}`, c.to.options.start)] : [];
    case 'recreate_enum': {
      const removed = c.from.values.filter((v) => !c.to.values.includes(v));
      const out: Hazard[] = [];
      if (removed.length) out.push({ type: 'DATA_LOSS', message: `removes value(s) ${removed.map((v) => `'${v}'`).join(', ')} from ${keyOf(c.to.name)}; rows that use them make the migration fail` });
      if (c.columns.length) out.push({ type: 'COLUMN_TYPE_CHANGE', message: `moves ${c.columns.length} column(s) to the recreated type ${keyOf(c.to.name)}: rewrites those tables` });
      return out;
    }
    case 'drop_view':
      return c.view.materialized
        ? [{ type: 'DATA_LOSS', message: `drops materialized view ${keyOf(c.view.name)} and its rows${c.reason ? ` (${c.reason}; it is created again and filled by running its query, which may take long)` : ''}` }]
        : [];
    case 'drop_domain': case 'drop_composite_type': case 'drop_range_type': case 'drop_collation': case 'drop_policy':
    case 'create_domain': case 'set_domain_default': case 'set_domain_not_null': case 'add_domain_constraint': case 'drop_domain_constraint':
    case 'create_composite_type': case 'add_attribute': case 'create_range_type': case 'create_collation': case 'set_row_security':
    case 'create_policy': case 'alter_policy': case 'set_comment': case 'set_owner': case 'grant': case 'revoke': case 'set_default_privileges':
      return [];
    case 'drop_attribute':
      return c.tables.length ? [{ type: 'DATA_LOSS', message: `drops attribute ${keyOf(c.type)}.${c.attribute.name} and its values in ${c.tables.join(', ')}` }] : [];
    case 'alter_attribute_type':
      return c.tables.length ? [{ type: 'COLUMN_TYPE_CHANGE', message: `changes ${keyOf(c.type)}.${c.to.name} to ${typeToSql(c.to.type)}: rewrites ${c.tables.join(', ')}, which use the type` }] : [];
    case 'recreate_composite_type':
      return [{ type: 'COLUMN_TYPE_CHANGE', message: `moves ${c.columns.length} column(s) to the recreated type ${keyOf(c.to.name)} through text: rewrites those tables, and fails on values the new attribute types reject` }];
    case 'recreate_domain':
      return c.columns.length ? [{ type: 'COLUMN_TYPE_CHANGE', message: `moves ${c.columns.length} column(s) to the recreated domain ${keyOf(c.to.name)} (base type ${typeToSql(c.to.baseType)}): rewrites those tables, and fails on values the new domain rejects` }] : [];
    case 'create_view': case 'replace_view': case 'set_view_options': case 'create_function': case 'drop_function':
    case 'replace_function': case 'create_aggregate': case 'drop_aggregate': case 'create_trigger': case 'drop_trigger':
    case 'replace_trigger': case 'set_trigger_enabled': case 'create_rule': case 'drop_rule': case 'replace_rule': case 'set_rule_enabled':
      return [];
    case 'create_schema': case 'drop_schema': case 'create_extension': case 'update_extension': case 'set_extension_schema':
    case 'create_enum': case 'drop_enum': case 'add_enum_value': case 'create_sequence':
    case 'set_sequence_owner': case 'create_table': case 'set_table_persistence': case 'set_table_options':
    case 'add_column': case 'set_column_default': case 'drop_column_default': case 'set_column_not_null':
    case 'drop_column_not_null': case 'add_identity': case 'drop_identity':
    case 'add_constraint': case 'drop_constraint': case 'create_index': case 'drop_index':
      return [];
    default: return assertNever(c);
  }
};
