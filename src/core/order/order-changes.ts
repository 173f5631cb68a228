/** Sort changes so PostgreSQL accepts them, in both directions (creates and drops). */
import type { Change, ChangeKind } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import { DiagnosticError, diagnostic } from '../model/diagnostic.js';
import { factsOf, type Facts } from './dependencies.js';
import { knownTypeRefs } from './refs.js';
import { topoSort } from './graph.js';
import { relationNameFacts, type NameFacts } from './relation-names.js';
import { describeChange } from '../emit/describe.js';

/** Tie-breaking order when dependencies allow several: drops first (innermost first), then creates. */
const PRIORITY: Readonly<Record<ChangeKind, number>> = {
  drop_rule: -6, drop_trigger: -6, drop_view: -5, drop_aggregate: -4, drop_function: -3,
  create_function: 26, replace_function: 26, create_aggregate: 27, create_view: 28, replace_view: 28, set_view_options: 29,
  create_trigger: 30, replace_trigger: 30, set_trigger_enabled: 31, create_event_trigger: 30, set_event_trigger_enabled: 31, drop_event_trigger: -6,
  // Casts after the functions and types they use, before the views that may apply them (a view depends
  // on a cast's function, never on the cast); dropped before those.
  create_cast: 26.5, drop_cast: -6, create_rule: 32, replace_rule: 32, set_rule_enabled: 33,
  drop_policy: -7, revoke: -8, drop_domain_constraint: -1, set_domain_not_null: 20, set_domain_default: 20,
  drop_domain: 7, drop_composite_type: 7, drop_range_type: 7, drop_collation: 8,
  create_collation: 11.5, create_domain: 12.5, create_composite_type: 12.5, create_range_type: 12.5, recreate_domain: 13, recreate_composite_type: 13,
  add_attribute: 13, drop_attribute: 13, alter_attribute_type: 13, add_domain_constraint: 27,
  set_row_security: 34, create_policy: 35, alter_policy: 35, set_comment: 40, set_owner: 41, grant: 42, set_default_privileges: 43,
  rename_table: -10, rename_column: -10, rename_index: -10, rename_sequence: -10, rename_constraint: -10, rename_enum_value: -10, drop_column_expression: 3,
  validate_constraint: 26,
  drop_constraint: 0, drop_index: 1, drop_column_default: 2, drop_identity: 2, drop_column_not_null: 3, drop_column: 4,
  drop_table: 5, drop_sequence: 6, drop_enum: 7, drop_extension: 8, drop_schema: 9,
  create_schema: 10, create_extension: 11, set_extension_schema: 11, update_extension: 11, create_enum: 12,
  add_enum_value: 12, recreate_enum: 13, create_sequence: 14, alter_sequence: 15, create_table: 16,
  set_table_persistence: 17, detach_partition: 4.5, drop_inherit: 4.5, attach_partition: 17, add_inherit: 18.5, set_table_options: 17, set_table_access_method: 17, add_column: 18,
  set_column_attributes: 21.5, set_column_expression: 19.5, set_replica_identity: 25.6, set_table_cluster: 25.6, validate_not_null: 26, rename_not_null: 3.5, set_constraint_enforced: 24.5, alter_column_type: 19, set_column_default: 20, set_partition_column: 21.2,
  // Foreign data after extensions (their wrappers), before tables; publications after everything they name.
  create_foreign_data_wrapper: 11.2, alter_foreign_data_wrapper: 11.3, create_server: 11.4, alter_server: 11.5, create_user_mapping: 11.6, alter_user_mapping: 11.7,
  drop_user_mapping: 5.4, drop_server: 5.5, drop_foreign_data_wrapper: 5.6, set_foreign_table_options: 17, set_column_fdw_options: 18.2,
  create_publication: 36, alter_publication: 36, drop_publication: -7.5,
  set_column_not_null: 21, add_identity: 22, alter_identity: 22, set_sequence_owner: 23, add_constraint: 24, create_index: 25, attach_index: 25.2, set_index_statistics: 25.5, create_statistics: 25, set_statistics_target: 25.5, drop_statistics: 1,
};

/** A relation name a change claims is provided by it; one it frees, removed (relation-names.ts). */
const withRelationNames = (f: Facts, n: NameFacts): Facts =>
  n.claims.length || n.frees.length ? { ...f, provides: [...f.provides, ...n.claims], removes: [...f.removes, ...n.frees] } : f;

const index = (all: readonly Facts[], pick: (f: Facts) => readonly string[]): Map<string, number[]> => {
  const m = new Map<string, number[]>();
  all.forEach((f, i) => { for (const r of pick(f)) { const l = m.get(r); if (l) l.push(i); else m.set(r, [i]); } });
  return m;
};

export const orderChanges = (changes: readonly Change[], from: Schema, to: Schema): Change[] => {
  const knownTypes = knownTypeRefs(from, to);
  const all = changes.map((c) => withRelationNames(factsOf(c, { from, to, knownTypes }), relationNameFacts(c, from, to)));
  const providers = index(all, (f) => f.provides);
  const removers = index(all, (f) => f.removes);
  const edges: [number, number][] = [];
  all.forEach((f, i) => {
    for (const r of f.requires) for (const p of providers.get(r) ?? []) if (p !== i) edges.push([p, i]);
    for (const r of f.releases) for (const x of removers.get(r) ?? []) if (x !== i) edges.push([i, x]);
    for (const r of f.removes) for (const p of providers.get(r) ?? []) if (p !== i) edges.push([i, p]);
  });
  const { order, cycle } = topoSort(changes.map((c) => PRIORITY[c.kind]), edges);
  if (cycle.length) {
    const names = cycle.map((i) => describeChange(changes[i]!)).join(' -> ');
    throw new DiagnosticError([diagnostic('dependency_cycle', `the changes depend on each other in a cycle: ${names}`, null,
      'break the cycle in the schema source (e.g. declare one foreign key DEFERRABLE or drop it first)')]);
  }
  return order.map((i) => changes[i]!);
};
