/** One-line, human description of a change (for cycle errors, plan summaries, JSON). */
import type { Change } from '../model/change.js';
import { assertNever } from '../model/change.js';
import { keyOf } from '../model/names.js';

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
    case 'add_constraint': case 'drop_constraint': case 'validate_constraint': return `${c.kind} ${keyOf(c.constraint.table)}.${c.constraint.name}`;
    case 'drop_column_expression': return `${c.kind} ${keyOf(c.table)}.${c.column.name}`;
    case 'rename_table': case 'rename_index': case 'rename_sequence': return `${c.kind} ${keyOf(c.to)}`;
    case 'rename_column': case 'rename_constraint': return `${c.kind} ${keyOf(c.table)}.${c.to}`;
    case 'rename_enum_value': return `${c.kind} ${keyOf(c.enum)} '${c.to}'`;
    case 'create_index': case 'drop_index': return `${c.kind} ${keyOf(c.index.name)}`;
    default: return assertNever(c);
  }
};

/** The object a change is about, as `schema.name` (or a bare name for schemas and extensions). */
export const changeObject = (c: Change): string => describeChange(c).slice(c.kind.length + 1);
