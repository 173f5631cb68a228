/**
 * Hazards a change carries by what it means, decided from the change record (never from SQL
 * text): a dropped table's rows, enum values removed, a sequence restarted, a drop that looks
 * like a rename. Hazards of how the statements run (locks, scans, builds) come from the
 * statement classifier (statements.ts) over the emitted SQL. The table is typed against every
 * change kind, so a new kind must say what it risks.
 */
import type { Change, ChangeKind, ChangeOf } from '../model/change.js';
import type { Hazard } from '../model/hazard.js';
import type { Schema } from '../model/schema.js';
import { keyOf } from '../model/names.js';
import { sameType, typeToSql } from '../canon/type-names.js';
import { sequenceRestarts } from '../canon/sequences.js';
import { hazard } from './rules-common.js';
import { discardsValues } from './type-loss.js';

export interface ChangeHazardContext {
  readonly from: Schema;
  readonly to: Schema;
  /** Every change of the plan (a drop next to a compatible creation suggests a rename). */
  readonly changes: readonly Change[];
}

type Rule<K extends ChangeKind> = (c: ChangeOf<K>, ctx: ChangeHazardContext) => Hazard[];
type Rules = { readonly [K in ChangeKind]: Rule<K> };

const none = (): Hazard[] => [];

const restart = (object: string, what: string, start: string): Hazard =>
  hazard('SEQUENCE_RESTART', object, `restarts ${what} at ${start} (its current value does not fit the new bounds or direction): values it handed out before may be handed out again`,
    'keep START within the new bounds, or move the sequence past the values in use with setval() first');

const hint = (old: string, where: string): string => `write "-- pg-flux:renamed-from ${old}" on the line before ${where} in the schema source`;

const BACKUP = 'back the data up first';

const dropTable: Rule<'drop_table'> = (c, ctx) => {
  const t = c.table;
  // A foreign table's rows live on the remote server: dropping it loses none.
  if (t.foreign) return [];
  const shape = (cols: readonly { type: Parameters<typeof typeToSql>[0] }[]) => cols.map((x) => typeToSql(x.type)).join(',');
  const twin = ctx.changes.find((x): x is ChangeOf<'create_table'> =>
    x.kind === 'create_table' && x.table.name.schema === t.name.schema && shape(x.table.columns) === shape(t.columns));
  return [hazard('DATA_LOSS', keyOf(t.name), `drops table ${keyOf(t.name)} and all its rows${c.reason ? ` (${c.reason})` : ''}`,
    twin ? `if ${keyOf(twin.table.name)} is ${keyOf(t.name)} renamed, ${hint(t.name.name, `CREATE TABLE ${twin.table.name.name}`)} (it becomes ALTER TABLE ... RENAME); otherwise ${BACKUP}` : BACKUP)];
};

const dropColumn: Rule<'drop_column'> = (c, ctx) => {
  const object = `${keyOf(c.table)}.${c.column.name}`;
  // A foreign table's values live on the remote server.
  if (ctx.from.tables[keyOf(c.table)]?.foreign) return [];
  const readded = ctx.changes.find((x): x is ChangeOf<'add_column'> => x.kind === 'add_column' && keyOf(x.table) === keyOf(c.table) && x.column.name === c.column.name);
  // Generated values are computed from the other columns: dropping (or re-adding) the column as
  // generated loses nothing that was stored by hand. Any other drop loses the values.
  if (c.column.generated && (!readded || readded.column.generated)) return [];
  const twin = readded ? undefined : ctx.changes.find((x): x is ChangeOf<'add_column'> =>
    x.kind === 'add_column' && keyOf(x.table) === keyOf(c.table) && sameType(x.column.type, c.column.type)
    && !ctx.from.tables[keyOf(c.table)]?.columns.some((l) => l.name === x.column.name));
  const why = c.reason ?? (readded ? 'the column is dropped and added again' : null);
  return [hazard('DATA_LOSS', object, `drops column ${object} and its values${why ? ` (${why})` : ''}`,
    twin ? `if ${twin.column.name} is ${c.column.name} renamed, ${hint(c.column.name, `column ${twin.column.name}`)}; otherwise ${BACKUP}` : BACKUP)];
};

const alterType: Rule<'alter_column_type'> = (c) => {
  const object = `${keyOf(c.table)}.${c.to.name}`;
  const out: Hazard[] = [];
  if (c.rewrites) out.push(hazard('COLUMN_TYPE_CHANGE', object,
    `changes ${object} from ${typeToSql(c.from.type)} to ${typeToSql(c.to.type)}: rewrites the table under an exclusive lock, and may fail or lose precision`,
    'add a column of the new type, backfill it in batches, switch readers and writers to it, then drop the old one'));
  const lost = discardsValues(c.from.type, c.to.type);
  if (lost) out.push(hazard('DATA_LOSS', object, `changes ${object} from ${typeToSql(c.from.type)} to ${typeToSql(c.to.type)}: ${lost}`, 'keep the old column until the new values are checked'));
  return out;
};

const recreateEnum: Rule<'recreate_enum'> = (c) => {
  const removed = c.from.values.filter((v) => !c.to.values.includes(v));
  const added = c.to.values.filter((v) => !c.from.values.includes(v));
  const name = keyOf(c.to.name);
  const out: Hazard[] = [];
  if (removed.length) {
    const alt = removed.length === 1 && added.length === 1
      ? `if '${added[0]}' is '${removed[0]}' renamed, ${hint(removed[0]!, `'${added[0]}' in CREATE TYPE ${c.to.name.name}`)} (it becomes ALTER TYPE ... RENAME VALUE)`
      : 'update the rows that use them first';
    out.push(hazard('DATA_LOSS', name, `removes value(s) ${removed.map((v) => `'${v}'`).join(', ')} from ${name}; rows that use them make the migration fail`, alt));
  }
  if (c.columns.length) out.push(hazard('COLUMN_TYPE_CHANGE', name, `moves ${c.columns.length} column(s) to the recreated type ${name}: rewrites those tables`, null));
  return out;
};

const CHANGE_RULES: Rules = {
  drop_table: dropTable,
  drop_column: dropColumn,
  drop_sequence: (c) => [hazard('DATA_LOSS', keyOf(c.sequence.name), `drops sequence ${keyOf(c.sequence.name)} and its current value`, BACKUP)],
  drop_extension: (c) => [hazard('DATA_LOSS', c.extension.name, `drops extension ${c.extension.name} and the objects it created${c.reason ? ` (${c.reason})` : ''}`, BACKUP)],
  alter_column_type: alterType,
  alter_sequence: (c) => (sequenceRestarts(c.from, c.to) ? [restart(keyOf(c.name), `sequence ${keyOf(c.name)}`, c.to.start)] : []),
  alter_identity: (c) => (sequenceRestarts(c.from.options, c.to.options)
    ? [restart(`${keyOf(c.table)}.${c.column}`, `identity ${keyOf(c.table)}.${c.column}`, c.to.options.start)] : []),
  recreate_enum: recreateEnum,
  create_schema: none, drop_schema: none, create_extension: none, update_extension: none, set_extension_schema: none,
  create_enum: none, drop_enum: none, add_enum_value: none, create_sequence: none, set_sequence_owner: none,
  create_table: none, attach_partition: none, detach_partition: none, add_inherit: none, drop_inherit: none, set_table_persistence: none, set_table_options: none, add_column: none,
  set_table_access_method: none, set_replica_identity: none, set_table_cluster: none, set_column_attributes: none, set_column_expression: none,
  validate_not_null: none, rename_not_null: none, set_constraint_enforced: none, drop_column_expression: none,
  set_column_default: none, drop_column_default: none, set_partition_column: none, set_column_not_null: none, drop_column_not_null: none,
  add_identity: none, drop_identity: none, add_constraint: none, drop_constraint: none, validate_constraint: none,
  create_index: none, drop_index: none, attach_index: none, set_index_statistics: none, create_statistics: none, drop_statistics: none, set_statistics_target: none,
  drop_view: (c) => (c.view.materialized
    ? [hazard('DATA_LOSS', keyOf(c.view.name), `drops materialized view ${keyOf(c.view.name)} and its rows${c.reason ? ` (${c.reason}; it is created again and filled by running its query, which may take long)` : ''}`,
      'REFRESH MATERIALIZED VIEW brings the rows back when it is created again; keep it if its query is expensive')]
    : []),
  drop_attribute: (c) => (c.tables.length
    ? [hazard('DATA_LOSS', `${keyOf(c.type)}.${c.attribute.name}`, `drops attribute ${keyOf(c.type)}.${c.attribute.name} and its values in ${c.tables.join(', ')}`, BACKUP)] : []),
  alter_attribute_type: (c) => (c.tables.length
    ? [hazard('COLUMN_TYPE_CHANGE', `${keyOf(c.type)}.${c.to.name}`, `changes ${keyOf(c.type)}.${c.to.name} to ${typeToSql(c.to.type)}: rewrites ${c.tables.join(', ')}, which use the type`, null)] : []),
  recreate_composite_type: (c) => [hazard('COLUMN_TYPE_CHANGE', keyOf(c.to.name),
    `moves ${c.columns.length} column(s) to the recreated type ${keyOf(c.to.name)} through text: rewrites those tables, and fails on values the new attribute types reject`, null)],
  recreate_domain: (c) => (c.columns.length
    ? [hazard('COLUMN_TYPE_CHANGE', keyOf(c.to.name), `moves ${c.columns.length} column(s) to the recreated domain ${keyOf(c.to.name)} (base type ${typeToSql(c.to.baseType)}): rewrites those tables, and fails on values the new domain rejects`, null)] : []),
  // Views, routines, triggers, rules: what their drops risk is told by the statement classifier
  // (UNTRACKED_DEPENDENCIES); grants, owners and policies by its AUTHZ_CHANGE rules.
  create_view: none, replace_view: none, set_view_options: none, create_function: none, drop_function: none,
  replace_function: none, create_aggregate: none, drop_aggregate: none, create_trigger: none, drop_trigger: none,
  replace_trigger: none, set_trigger_enabled: none, create_event_trigger: none,
  // A cast holds no data; a dropped one changes how queries on its types resolve, which the plan shows.
  create_cast: none, drop_cast: none,
  // Foreign data and publications hold no rows of their own; secret options are reported by the plan's notes.
  create_foreign_data_wrapper: none, drop_foreign_data_wrapper: none, alter_foreign_data_wrapper: none, create_server: none, drop_server: none,
  alter_server: none, create_user_mapping: none, drop_user_mapping: none, alter_user_mapping: none, set_foreign_table_options: none,
  set_column_fdw_options: none, create_publication: none, drop_publication: none, alter_publication: none, drop_event_trigger: none, set_event_trigger_enabled: none, create_rule: none, drop_rule: none, replace_rule: none, set_rule_enabled: none,
  create_domain: none, drop_domain: none, set_domain_default: none, set_domain_not_null: none, add_domain_constraint: none,
  drop_domain_constraint: none, create_composite_type: none, drop_composite_type: none, add_attribute: none,
  create_range_type: none, drop_range_type: none, create_collation: none, drop_collation: none, set_row_security: none,
  create_policy: none, drop_policy: none, alter_policy: none, set_comment: none, set_owner: none, grant: none, revoke: none,
  set_default_privileges: none,
  rename_table: none, rename_column: none, rename_index: none, rename_sequence: none, rename_constraint: none, rename_enum_value: none,
};

export const classifyChange = (c: Change, ctx: ChangeHazardContext): Hazard[] =>
  (CHANGE_RULES[c.kind] as (c: Change, ctx: ChangeHazardContext) => Hazard[])(c, ctx);
