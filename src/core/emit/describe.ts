/**
 * One-line descriptions of a change: `describeChange` for messages (names quoted by the quoting
 * module, so a name like `s; DROP TABLE x; --` or one holding a control character prints as the
 * identifier it is), `changeObject` for data (JSON keeps names raw; JSON escapes them itself).
 */
import type { Change } from '../model/change.js';
import { assertNever } from '../model/change.js';
import type { QualifiedName } from '../model/names.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './sql/quote.js';
import { castPairSql } from './sql/casts.js';
import { castKey } from '../canon/casts.js';

interface Naming {
  name(n: string): string;
  qualified(n: QualifiedName): string;
  value(v: string): string;
}

const QUOTED: Naming = { name: quoteIdent, qualified: quoteQualified, value: quoteLiteral };
const RAW: Naming = { name: (n) => n, qualified: (n) => `${n.schema}.${n.name}`, value: (v) => `'${v}'` };

/** `schema.name(argtypes)`: the signature is the server's own type list, printed as it is. */
const routine = (f: { name: QualifiedName; signature: string }, n: Naming): string => `${n.qualified(f.name)}(${f.signature})`;
/** `schema.table.name` of a trigger or rule. */
const onTable = (o: { table: QualifiedName; name: string }, n: Naming): string => `${n.qualified(o.table)}.${n.name(o.name)}`;

const objectOf = (c: Change, n: Naming): string => {
  switch (c.kind) {
    case 'create_schema': case 'drop_schema': return n.name(c.name);
    case 'create_extension': case 'drop_extension': return n.name(c.extension.name);
    case 'update_extension': case 'set_extension_schema': return n.name(c.name);
    case 'create_enum': case 'drop_enum': return n.qualified(c.enum.name);
    case 'add_enum_value': return `${n.qualified(c.enum)} ${n.value(c.value)}`;
    case 'recreate_enum': return n.qualified(c.to.name);
    case 'create_sequence': case 'drop_sequence': case 'set_sequence_owner': return n.qualified(c.sequence.name);
    case 'alter_sequence': return n.qualified(c.name);
    case 'create_table': case 'drop_table': return n.qualified(c.table.name);
    case 'set_table_persistence': case 'set_table_options': case 'set_table_access_method': case 'set_replica_identity': case 'set_table_cluster': return n.qualified(c.table);
    case 'set_column_attributes': case 'validate_not_null': case 'rename_not_null': return `${n.qualified(c.table)}.${n.name(c.column)}`;
    case 'set_column_expression': return `${n.qualified(c.table)}.${n.name(c.to.name)}`;
    case 'set_constraint_enforced': return `${n.qualified(c.constraint.table)}.${n.name(c.constraint.name)}`;
    case 'attach_partition': case 'detach_partition': case 'add_inherit': case 'drop_inherit': return n.qualified(c.table);
    case 'add_column': case 'drop_column': return `${n.qualified(c.table)}.${n.name(c.column.name)}`;
    case 'alter_column_type': return `${n.qualified(c.table)}.${n.name(c.to.name)}`;
    case 'set_column_default': case 'drop_column_default': case 'set_partition_column': case 'set_column_not_null': case 'drop_column_not_null':
    case 'add_identity': case 'drop_identity': case 'alter_identity':
      return `${n.qualified(c.table)}.${n.name(c.column)}`;
    case 'add_constraint': case 'drop_constraint': case 'validate_constraint': return `${n.qualified(c.constraint.table)}.${n.name(c.constraint.name)}`;
    case 'drop_column_expression': return `${n.qualified(c.table)}.${n.name(c.column.name)}`;
    case 'rename_table': case 'rename_index': case 'rename_sequence': return n.qualified(c.to);
    case 'rename_column': case 'rename_constraint': return `${n.qualified(c.table)}.${n.name(c.to)}`;
    case 'rename_enum_value': return `${n.qualified(c.enum)} ${n.value(c.to)}`;
    case 'create_index': case 'drop_index': return n.qualified(c.index.name);
    case 'set_index_statistics': return n.qualified(c.index);
    case 'attach_index': return n.qualified(c.parent.name);
    case 'create_statistics': case 'drop_statistics': case 'set_statistics_target': return n.qualified(c.statistics.name);
    case 'create_view': case 'drop_view': case 'set_view_options': return n.qualified(c.view.name);
    case 'replace_view': return n.qualified(c.to.name);
    case 'create_function': case 'drop_function': return routine(c.function, n);
    case 'replace_function': return routine(c.to, n);
    case 'create_aggregate': case 'drop_aggregate': return routine(c.aggregate, n);
    case 'create_trigger': case 'drop_trigger': case 'set_trigger_enabled': return onTable(c.trigger, n);
    case 'replace_trigger': return onTable(c.to, n);
    case 'create_event_trigger': case 'drop_event_trigger': case 'set_event_trigger_enabled': return n.name(c.eventTrigger.name);
    case 'create_rule': case 'drop_rule': case 'set_rule_enabled': return onTable(c.rule, n);
    case 'replace_rule': return onTable(c.to, n);
    case 'create_domain': case 'drop_domain': case 'add_domain_constraint': case 'drop_domain_constraint': return n.qualified(c.domain.name);
    case 'set_domain_default': case 'set_domain_not_null': return n.qualified(c.domain);
    case 'recreate_domain': case 'recreate_composite_type': return n.qualified(c.to.name);
    case 'create_composite_type': case 'drop_composite_type': case 'create_range_type': case 'drop_range_type': return n.qualified(c.type.name);
    case 'add_attribute': case 'drop_attribute': return `${n.qualified(c.type)}.${n.name(c.attribute.name)}`;
    case 'alter_attribute_type': return `${n.qualified(c.type)}.${n.name(c.to.name)}`;
    case 'create_collation': case 'drop_collation': return n.qualified(c.collation.name);
    case 'set_row_security': return n.qualified(c.table);
    case 'create_policy': case 'drop_policy': return onTable(c.policy, n);
    case 'alter_policy': return onTable(c.to, n);
    // The target's key is the model's identity key (raw parts joined by dots).
    case 'set_comment': case 'set_owner': case 'grant': case 'revoke': return `${c.target.kind} ${c.target.key}`;
    case 'set_default_privileges': { const d = (c.to ?? c.from)!; return `${n.name(d.role)} ${d.schema === null ? '*' : n.name(d.schema)} ${d.objectType}`; }
    case 'create_foreign_data_wrapper': case 'drop_foreign_data_wrapper': return n.name(c.wrapper.name);
    case 'alter_foreign_data_wrapper': case 'alter_server': return n.name(c.to.name);
    case 'create_server': case 'drop_server': return n.name(c.server.name);
    case 'create_user_mapping': case 'drop_user_mapping': case 'alter_user_mapping': return `${n.name(c.mapping.user)}@${n.name(c.mapping.server)}`;
    case 'set_foreign_table_options': return n.qualified(c.table);
    case 'set_column_fdw_options': return `${n.qualified(c.table)}.${n.name(c.column)}`;
    case 'create_publication': case 'drop_publication': return n.name(c.publication.name);
    case 'alter_publication': return n.name(c.to.name);
    // Quoted: the pair as SQL names it; raw: the identity key (`public.color AS json`).
    case 'create_cast': case 'drop_cast': return n === QUOTED ? castPairSql(c.cast) : castKey(c.cast);
    default: return assertNever(c);
  }
};

export const describeChange = (c: Change): string => `${c.kind} ${objectOf(c, QUOTED)}`;

/** The object a change is about, as `schema.name` (or a bare name for schemas and extensions), unquoted. */
export const changeObject = (c: Change): string => objectOf(c, RAW);
