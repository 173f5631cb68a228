/**
 * What each change creates, needs, removes and stops using — from model facts only (column
 * types, default expressions' sequences, foreign keys' referenced keys), never from SQL text.
 *
 * Edges (see order-changes.ts): a provider runs before what requires it; whatever stops using
 * a thing runs before the change that removes it; a removal runs before a re-creation.
 */
import type { Change } from '../model/change.js';
import { assertNever } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { ConstraintDef, FunctionDef, ViewDef } from '../model/objects.js';
import { constraintKey, functionKey, onTableKey } from '../model/schema.js';
import { keyOf } from '../model/names.js';
import { EXTENSION_TYPES } from '../canon/extension-types.js';
import { constraintsOf, indexesOf } from '../model/by-table.js';
import { allColumns, inheritedColumnNames, parentsOf } from '../model/inheritance.js';
import {
  ANY_EXTENSION, colRef, colTypeRef, identityBoundsRef, columnRefs, generatedOnRefs, conRef, constraintColumnRefs, extRef, idxRef, indexColumnRefs, noIdentityRef,
  notNullRef, boundsRef, leftParentRef, attachedRef, schemaRef, seqRef, tableRef, typeRef, functionRef, fnameRef, triggerRef, ruleRef, statisticsRef, statisticsColumnRefs, eventTriggerRef, eventTriggerFunctionRef, collationRef, collationRefs, policyRef, targetRef, columnTypeRefs,
} from './refs.js';
import type { CompositeTypeDef, DomainDef, RangeTypeDef } from '../model/objects.js';
import { foreignFacts } from './foreign-facts.js';
import { serverRef, castRef, castUsesRefs } from './refs.js';
import type { CastDef } from '../model/casts.js';
import { castKey } from '../canon/casts.js';

export interface Facts {
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  readonly removes: readonly string[];
  readonly releases: readonly string[];
}

export interface DependencyContext {
  readonly from: Schema;
  readonly to: Schema;
  /** `type:s.n` keys the model knows (enums on either side): other types come from extensions. */
  readonly knownTypes: ReadonlySet<string>;
}

const facts = (f: Partial<Facts>): Facts => ({ provides: f.provides ?? [], requires: f.requires ?? [], removes: f.removes ?? [], releases: f.releases ?? [] });

/**
 * The unique keys (constraints or unique indexes) a foreign key's referenced columns may rely
 * on. The model does not tell key columns from INCLUDE or predicate columns, so every unique key
 * whose columns cover the referenced ones counts: the foreign key is added after all of them
 * and dropped before any of them, which is never wrong, only sometimes stricter than needed.
 */
const referencedKeys = (c: ConstraintDef, s: Schema): string[] => {
  if (!c.references) return [];
  const t = c.references.table;
  const covers = (cols: readonly string[]) => c.references!.columns.every((x) => cols.includes(x));
  const cons = constraintsOf(s, keyOf(t)).filter((k) => (k.type === 'primary_key' || k.type === 'unique') && covers(k.columns));
  const idxs = indexesOf(s, keyOf(t)).filter((i) => i.unique && covers(i.columns));
  return [...cons.map(conRef), ...idxs.map((i) => idxRef(i.name))];
};

const constraintFacts = (c: ConstraintDef, s: Schema): { needs: string[] } => ({
  needs: [
    tableRef(c.table), ...constraintColumnRefs(c), ...c.definition.refs,
    ...(c.references ? [tableRef(c.references.table), ...c.references.columns.map((col) => colRef(c.references!.table, col)), ...referencedKeys(c, s)] : []),
  ],
});

/** A view provides itself (as a relation) and its columns. */
const viewProvides = (v: ViewDef): string[] => [tableRef(v.name), ...v.columns.map((c) => colRef(v.name, c.name))];

/**
 * What a routine needs before it is created: what pg_depend records (types, and everything a
 * SQL-standard body uses), and for a string body in SQL, which the server checks at creation,
 * the relations, routines and types it names. PL/pgSQL and other bodies are not checked at
 * creation, so what they name does not order them.
 */
const routineNeeds = (f: FunctionDef): string[] => [
  schemaRef(f.name.schema), ...f.refs, ...(f.language === 'sql' && !f.sqlStandardBody ? f.bodyRefs ?? [] : []),
];
const routineProvides = (f: { name: FunctionDef['name']; signature: string }): string[] => [functionRef(functionKey(f)), fnameRef(f.name)];

/** A cast's refs, and for a type the model does not declare (a base type, an extension's), any extension. */
const castNeeds = (c: CastDef, k: ReadonlySet<string>): string[] => [
  ...castUsesRefs(c), ...[c.sourceType, c.targetType].flatMap((t) => typeNeeds(t, k)),
];
const typeNeeds = (t: { schema: string | null; name: string }, k: ReadonlySet<string>): string[] => columnTypeRefs({ ...t, modifiers: [], arrayDims: 0 }, k);
const domainNeeds = (d: DomainDef, k: ReadonlySet<string>): string[] =>
  [schemaRef(d.name.schema), ...typeNeeds(d.baseType, k), ...collationRefs(d.collation), ...d.refs.filter((r) => !r.startsWith('type:') || r !== typeRef(d.name))];
const compositeNeeds = (t: CompositeTypeDef, k: ReadonlySet<string>): string[] =>
  [schemaRef(t.name.schema), ...t.attributes.flatMap((a) => [...typeNeeds(a.type, k), ...collationRefs(a.collation)])];
const rangeNeeds = (r: RangeTypeDef, k: ReadonlySet<string>): string[] => [
  schemaRef(r.name.schema), ...typeNeeds(r.subtype, k), ...collationRefs(r.collation),
  ...[r.canonical, r.subtypeDiff].filter((f): f is NonNullable<typeof f> => f !== null && f.schema !== 'pg_catalog').map(fnameRef),
];

export const factsOf = (change: Change, ctx: DependencyContext): Facts => {
  const k = ctx.knownTypes;
  switch (change.kind) {
    case 'create_schema': return facts({ provides: [schemaRef(change.name)] });
    case 'drop_schema': return facts({ removes: [schemaRef(change.name)] });
    case 'create_extension': {
      const e = change.extension;
      return facts({
        requires: [schemaRef(e.schema)],
        provides: [extRef(e.name), ANY_EXTENSION, ...(EXTENSION_TYPES[e.name] ?? []).map((t) => `type:${e.schema}.${t}`)],
      });
    }
    case 'drop_extension': {
      const e = change.extension;
      return facts({ removes: [extRef(e.name), ANY_EXTENSION, ...(EXTENSION_TYPES[e.name] ?? []).map((t) => `type:${e.schema}.${t}`)], releases: [schemaRef(e.schema)] });
    }
    case 'update_extension': return facts({ requires: [extRef(change.name)] });
    case 'set_extension_schema': return facts({ requires: [extRef(change.name), schemaRef(change.to)], releases: [schemaRef(change.from)] });
    case 'create_enum': return facts({ requires: [schemaRef(change.enum.name.schema)], provides: [typeRef(change.enum.name)] });
    case 'drop_enum': return facts({ removes: [typeRef(change.enum.name)], releases: [schemaRef(change.enum.name.schema)] });
    case 'add_enum_value': return facts({ provides: [typeRef(change.enum)] });
    case 'recreate_enum': {
      // The moved columns change type: whatever uses them (constraints, indexes) is dropped
      // before and created after, as for a column that goes away and comes back.
      const cols = change.columns.map((c) => colRef(c.table, c.column));
      return facts({
        provides: [typeRef(change.to.name), ...cols],
        removes: cols,
        requires: change.columns.flatMap((c) => c.default?.refs ?? []),
      });
    }
    case 'create_sequence': return facts({ requires: [schemaRef(change.sequence.name.schema)], provides: [seqRef(change.sequence.name)] });
    case 'drop_sequence': return facts({ removes: [seqRef(change.sequence.name)], releases: [schemaRef(change.sequence.name.schema)] });
    case 'alter_sequence': return facts({ requires: [seqRef(change.name)] });
    case 'set_sequence_owner': {
      const o = change.sequence.ownedBy;
      const p = change.previousOwner;
      return facts({
        // After the table's OWNER TO, if the plan has one: the link needs the table's final owner.
        requires: [seqRef(change.sequence.name), ...(o ? [tableRef(o.table), colRef(o.table, o.column), `owner:${keyOf(o.table)}`] : [])],
        // Dropping the old owner column (or its table) would drop the sequence: move ownership first.
        releases: p ? [tableRef(p.table), colRef(p.table, p.column)] : [],
      });
    }
    case 'create_table': {
      const t = change.table;
      // A partition or inheritance child comes after its parents, and has their columns too.
      const inherited = parentsOf(t).length ? [...inheritedColumnNames(ctx.to.tables, t)] : [];
      return facts({
        requires: [schemaRef(t.name.schema), ...parentsOf(t).map(tableRef), ...(t.foreign ? [serverRef(t.foreign.server)] : []),
          // A partition comes after its parent's indexes: PostgreSQL clones them onto it.
          ...(t.partitionOf ? [boundsRef(t.partitionOf.parent), ...indexesOf(ctx.to, keyOf(t.partitionOf.parent)).map((i) => idxRef(i.name))] : []), ...t.columns.flatMap((c) => columnRefs(c, k)), ...change.constraints.flatMap((c) => c.definition.refs)],
        provides: [
          tableRef(t.name), ...[...t.columns.map((c) => c.name), ...inherited].flatMap((c) => [colRef(t.name, c), notNullRef(t.name, c)]),
          ...change.constraints.map(conRef), ...(t.partitionOf ? [attachedRef(t.name)] : []),
        ],
      });
    }
    case 'drop_table': {
      const t = change.table;
      // Its foreign keys go with it: until then they hold the keys they reference in tables
      // that stay. (Foreign keys to other dropped tables are dropped by their own change.)
      const fks = constraintsOf(ctx.from, keyOf(t.name)).filter((c) => c.type === 'foreign_key' && keyOf(c.references!.table) in ctx.to.tables
        && !change.foreignKeysDroppedFirst?.includes(constraintKey(c)));
      // Its CHECKs and indexes go with it too, and until then hold what they call (a function a
      // CHECK or an index predicate uses is dropped after the table).
      const own = [
        ...constraintsOf(ctx.from, keyOf(t.name)).filter((c) => c.type !== 'foreign_key').flatMap((c) => c.definition.refs),
        ...indexesOf(ctx.from, keyOf(t.name)).flatMap((i) => i.definition.refs),
      ];
      return facts({
        provides: t.partitionOf ? [boundsRef(t.partitionOf.parent)] : [],
        removes: [tableRef(t.name), ...t.columns.map((c) => colRef(t.name, c.name))],
        // A partition or child is dropped before its parent (dropping the parent would take it along).
        releases: [schemaRef(t.name.schema), ...parentsOf(t).map(tableRef), ...(t.foreign ? [serverRef(t.foreign.server)] : []), ...t.columns.flatMap((c) => columnRefs(c, k)), ...fks.flatMap((c) => constraintFacts(c, ctx.from).needs), ...own],
      });
    }
    case 'attach_partition': {
      const parentCols = inheritedColumnNames(ctx.to.tables, ctx.to.tables[keyOf(change.table)] ?? { kind: 'table', name: change.table, unlogged: false, options: [], columns: [], partitionOf: { parent: change.parent, bound: '' }, source: null });
      return facts({
        requires: [tableRef(change.table), tableRef(change.parent), boundsRef(change.parent), ...[...parentCols].map((c) => colRef(change.table, c)),
          ...change.moveRowsTo.flatMap((p) => [tableRef(p), attachedRef(p)])],
        provides: [attachedRef(change.table)],
      });
    }
    case 'detach_partition': return facts({ requires: [tableRef(change.table)], provides: [boundsRef(change.parent), leftParentRef(change.table)], releases: [tableRef(change.parent)] });
    case 'add_inherit': {
      const p = ctx.to.tables[keyOf(change.parent)];
      return facts({ requires: [tableRef(change.table), tableRef(change.parent), ...(p ? allColumns(ctx.to.tables, p).map((c) => colRef(change.table, c.name)) : [])] });
    }
    case 'drop_inherit': {
      // The parent's columns become the table's own: only then can they be dropped or changed.
      const p = ctx.from.tables[keyOf(change.parent)];
      return facts({ requires: [tableRef(change.table)], provides: [leftParentRef(change.table)], releases: [tableRef(change.parent), ...(p ? allColumns(ctx.from.tables, p).map((c) => colRef(change.table, c.name)) : [])] });
    }
    case 'set_table_persistence':
    case 'set_table_access_method':
    case 'set_table_options': return facts({ requires: [tableRef(change.table)] });
    // CLUSTER ON needs the index (or the key constraint of that name).
    case 'set_table_cluster': return facts({
      requires: [tableRef(change.table), ...(change.index !== null ? [idxRef({ schema: change.table.schema, name: change.index }), conRef({ table: change.table, name: change.index })] : [])],
    });
    case 'set_replica_identity': {
      // USING INDEX needs the index (or the key constraint of that name), on NOT NULL columns.
      const r = change.identity;
      const t = ctx.to.tables[keyOf(change.table)];
      return facts({
        requires: [tableRef(change.table), ...(t?.columns.filter((c) => c.notNull).map((c) => notNullRef(change.table, c.name)) ?? []),
          ...(r !== null && typeof r === 'object' ? [idxRef({ schema: change.table.schema, name: r.index }), conRef({ table: change.table, name: r.index })] : [])],
      });
    }
    // After a type change of the column (which resets its storage to the new type's).
    case 'set_column_attributes': return facts({ requires: [colRef(change.table, change.column), colTypeRef(change.table, change.column)] });
    case 'set_column_expression': {
      const uses = (c: typeof change.to): string[] => (c.generated?.refs ?? []).map((r) => (r.startsWith('column:') ? colRef(change.table, r.slice('column:'.length)) : r));
      return facts({ requires: [colRef(change.table, change.to.name), ...uses(change.to)], releases: uses(change.from).filter((r) => !r.startsWith('col:')) });
    }
    case 'validate_not_null': return facts({ requires: [colRef(change.table, change.column), notNullRef(change.table, change.column)] });
    // An inherited NOT NULL cannot be renamed: a table leaving its parent renames it after.
    case 'rename_not_null': return facts({ requires: [leftParentRef(change.table)] });
    case 'set_constraint_enforced': return facts({
      requires: [conRef(change.constraint), ...(change.enforced ? constraintFacts(change.constraint, ctx.to).needs : [])],
    });
    case 'add_column': return facts({
      requires: [tableRef(change.table), ...columnRefs(change.column, k), ...generatedOnRefs(change.table, change.column)],
      provides: [colRef(change.table, change.column.name), notNullRef(change.table, change.column.name)],
    });
    case 'drop_column': return facts({
      removes: [colRef(change.table, change.column.name)],
      releases: [...columnRefs(change.column, k), ...generatedOnRefs(change.table, change.column)],
    });
    case 'alter_column_type': {
      // Generated columns on this column cannot stay while its type changes: they are dropped
      // before and added after (coltype is "removed" and "provided" by the type change).
      const retyped = colTypeRef(change.table, change.to.name);
      return facts({
        requires: [colRef(change.table, change.to.name), identityBoundsRef(change.table, change.to.name), ...columnRefs(change.to, k)],
        releases: columnRefs(change.from, k),
        removes: [retyped],
        provides: [retyped],
      });
    }
    case 'set_column_default': {
      const col = ctx.to.tables[`${change.table.schema}.${change.table.name}`]?.columns.find((c) => c.name === change.column);
      return facts({
        requires: [colRef(change.table, change.column), ...change.default.refs, ...(col ? columnRefs({ ...col, default: null }, k) : [])],
        releases: change.previous?.refs ?? [],
      });
    }
    // The column is the parent's: after the partition exists (and the parent's column, if new).
    case 'set_partition_column': {
      const parent = ctx.to.tables[keyOf(change.table)]?.partitionOf?.parent;
      return facts({
        requires: [tableRef(change.table), ...(parent ? [colRef(parent, change.column)] : []), ...(change.default?.to?.refs ?? [])],
        releases: [],
      });
    }
    case 'drop_column_default': return facts({ requires: [colRef(change.table, change.column)], releases: change.previous.refs });
    case 'set_column_not_null': return facts({ requires: [colRef(change.table, change.column)], provides: [notNullRef(change.table, change.column)] });
    // A column of a primary key is NOT NULL for as long as the key exists: the key goes first.
    case 'drop_column_not_null': return facts({ requires: [colRef(change.table, change.column), noIdentityRef(change.table, change.column), `nopk:${keyOf(change.table)}.${change.column}`] });
    case 'add_identity': return facts({
      requires: [colRef(change.table, change.column), notNullRef(change.table, change.column), schemaRef(change.identity.sequenceName.schema)],
    });
    case 'drop_identity': return facts({ requires: [colRef(change.table, change.column)], provides: [noIdentityRef(change.table, change.column)] });
    // Bounds that must fit a narrower type change before the column's type; the rest after it.
    case 'alter_identity': return change.beforeTypeChange
      ? facts({ requires: [colRef(change.table, change.column)], provides: [identityBoundsRef(change.table, change.column)] })
      : facts({ requires: [colRef(change.table, change.column), colTypeRef(change.table, change.column)] });
    case 'add_constraint': return facts({ requires: constraintFacts(change.constraint, ctx.to).needs, provides: [conRef(change.constraint)] });
    case 'drop_constraint': return facts({
      removes: [conRef(change.constraint)], releases: constraintFacts(change.constraint, ctx.from).needs,
      provides: change.constraint.type === 'primary_key' ? change.constraint.columns.map((c) => `nopk:${keyOf(change.constraint.table)}.${c}`) : [],
    });
    case 'validate_constraint': return facts({ requires: [conRef(change.constraint)] });
    case 'drop_column_expression': return facts({
      requires: [colRef(change.table, change.column.name)],
      releases: generatedOnRefs(change.table, change.column),
    });
    // Renames run before every other change (plan.ts puts them first): no ordering facts.
    case 'rename_table': case 'rename_column': case 'rename_index': case 'rename_sequence': case 'rename_constraint': case 'rename_enum_value':
      return facts({});
    case 'create_index': return facts({
      requires: [tableRef(change.index.table), ...indexColumnRefs(change.index), schemaRef(change.index.name.schema), ...change.index.definition.refs],
      provides: [idxRef(change.index.name)],
    });
    // A kept index; after a type change of a column under it (which rebuilds it with default targets).
    case 'set_index_statistics': {
      const i = ctx.to.indexes[keyOf(change.index)];
      return facts({ requires: [idxRef(change.index), ...(i?.columns ?? []).map((col) => colTypeRef(change.table, col))] });
    }
    // The partition's index is kept (it becomes part of the parent's): nothing is removed.
    case 'attach_index': return facts({ requires: [idxRef(change.parent.name), idxRef(change.child.name)] });
    case 'drop_index': return facts({
      removes: [idxRef(change.index.name)],
      releases: [tableRef(change.index.table), ...indexColumnRefs(change.index), ...change.index.definition.refs],
    });
    case 'create_statistics': return facts({
      requires: [tableRef(change.statistics.table), schemaRef(change.statistics.name.schema), ...statisticsColumnRefs(change.statistics)],
      provides: [statisticsRef(change.statistics.name)],
    });
    case 'drop_statistics': return facts({
      removes: [statisticsRef(change.statistics.name)], releases: [tableRef(change.statistics.table), ...statisticsColumnRefs(change.statistics)],
    });
    case 'set_statistics_target': return facts({ requires: [statisticsRef(change.statistics.name)] });
    case 'create_view': return facts({ requires: [schemaRef(change.view.name.schema), ...change.view.refs], provides: viewProvides(change.view) });
    case 'drop_view': return facts({ removes: viewProvides(change.view), releases: [schemaRef(change.view.name.schema), ...change.view.refs] });
    case 'replace_view': return facts({
      requires: change.to.refs, releases: change.from.refs,
      provides: change.to.columns.slice(change.from.columns.length).map((c) => colRef(change.to.name, c.name)),
    });
    case 'set_view_options': return facts({ requires: [tableRef(change.view.name)] });
    case 'create_function': return facts({ requires: routineNeeds(change.function), provides: routineProvides(change.function) });
    case 'drop_function': return facts({ removes: routineProvides(change.function), releases: [schemaRef(change.function.name.schema), ...change.function.refs] });
    case 'replace_function': return facts({ requires: routineNeeds(change.to), releases: change.from.refs });
    case 'create_aggregate': return facts({ requires: [schemaRef(change.aggregate.name.schema), ...change.aggregate.refs], provides: routineProvides(change.aggregate) });
    case 'drop_aggregate': return facts({ removes: routineProvides(change.aggregate), releases: [schemaRef(change.aggregate.name.schema), ...change.aggregate.refs] });
    case 'create_trigger': return facts({ requires: [tableRef(change.trigger.table), ...change.trigger.refs], provides: [triggerRef(onTableKey(change.trigger))] });
    case 'drop_trigger': return facts({ removes: [triggerRef(onTableKey(change.trigger))], releases: change.trigger.refs });
    case 'replace_trigger': return facts({ requires: change.to.refs, releases: change.from.refs });
    case 'set_trigger_enabled': return facts({ requires: [triggerRef(onTableKey(change.trigger))] });
    case 'create_event_trigger': return facts({
      requires: [eventTriggerFunctionRef(change.eventTrigger.function)], provides: [eventTriggerRef(change.eventTrigger.name)],
    });
    case 'drop_event_trigger': return facts({ removes: [eventTriggerRef(change.eventTrigger.name)], releases: [eventTriggerFunctionRef(change.eventTrigger.function)] });
    case 'set_event_trigger_enabled': return facts({ requires: [eventTriggerRef(change.eventTrigger.name)] });
    // Created once its function and both types exist; dropped before any of them goes.
    case 'create_cast': return facts({ requires: castNeeds(change.cast, k), provides: [castRef(castKey(change.cast))] });
    case 'drop_cast': return facts({ removes: [castRef(castKey(change.cast))], releases: castNeeds(change.cast, k) });
    case 'create_rule': return facts({ requires: [tableRef(change.rule.table), ...change.rule.refs], provides: [ruleRef(onTableKey(change.rule))] });
    case 'drop_rule': return facts({ removes: [ruleRef(onTableKey(change.rule))], releases: change.rule.refs });
    case 'replace_rule': return facts({ requires: change.to.refs, releases: change.from.refs });
    case 'set_rule_enabled': return facts({ requires: [ruleRef(onTableKey(change.rule))] });
    case 'create_domain': return facts({ requires: domainNeeds(change.domain, k), provides: [typeRef(change.domain.name)] });
    case 'drop_domain': return facts({ removes: [typeRef(change.domain.name)], releases: domainNeeds(change.domain, k) });
    case 'set_domain_default': return facts({ requires: [typeRef(change.domain), ...(change.default?.refs ?? [])], releases: change.previous?.refs ?? [] });
    case 'set_domain_not_null': return facts({ requires: [typeRef(change.domain)] });
    case 'add_domain_constraint': return facts({ requires: [typeRef(change.domain.name), ...change.constraint.definition.refs] });
    case 'drop_domain_constraint': return facts({ requires: [typeRef(change.domain.name)], releases: change.constraint.definition.refs });
    case 'recreate_domain': {
      const cols = change.columns.map((c) => colRef(c.table, c.column));
      return facts({ provides: [typeRef(change.to.name), ...cols], removes: cols, requires: [...domainNeeds(change.to, k), ...change.columns.flatMap((c) => c.default?.refs ?? [])] });
    }
    case 'recreate_composite_type': {
      const cols = change.columns.map((c) => colRef(c.table, c.column));
      return facts({ provides: [typeRef(change.to.name), ...cols], removes: cols, requires: [...compositeNeeds(change.to, k), ...change.columns.flatMap((c) => c.default?.refs ?? [])] });
    }
    case 'create_composite_type': return facts({ requires: compositeNeeds(change.type, k), provides: [typeRef(change.type.name), tableRef(change.type.name)] });
    case 'drop_composite_type': return facts({ removes: [typeRef(change.type.name)], releases: compositeNeeds(change.type, k) });
    case 'add_attribute': return facts({ requires: [typeRef(change.type), ...typeNeeds(change.attribute.type, k), ...collationRefs(change.attribute.collation)] });
    case 'drop_attribute': return facts({ requires: [typeRef(change.type)], releases: typeNeeds(change.attribute.type, k) });
    case 'alter_attribute_type': return facts({ requires: [typeRef(change.type), ...typeNeeds(change.to.type, k), ...collationRefs(change.to.collation)], releases: typeNeeds(change.from.type, k) });
    case 'create_range_type': return facts({ requires: rangeNeeds(change.type, k), provides: [typeRef(change.type.name), typeRef(change.type.multirangeName)] });
    case 'drop_range_type': return facts({ removes: [typeRef(change.type.name), typeRef(change.type.multirangeName)], releases: rangeNeeds(change.type, k) });
    case 'create_collation': return facts({ requires: [schemaRef(change.collation.name.schema)], provides: [collationRef(change.collation.name)] });
    case 'drop_collation': return facts({ removes: [collationRef(change.collation.name)], releases: [schemaRef(change.collation.name.schema)] });
    case 'set_row_security': return facts({ requires: [tableRef(change.table)] });
    case 'create_policy': return facts({ requires: [tableRef(change.policy.table), ...change.policy.refs], provides: [policyRef(onTableKey(change.policy))] });
    case 'drop_policy': return facts({ removes: [policyRef(onTableKey(change.policy))], releases: change.policy.refs });
    case 'alter_policy': return facts({ requires: change.to.refs, releases: change.from.refs });
    case 'set_owner': return facts({ requires: [targetRef(change.target)], provides: change.target.kind === 'table' ? [`owner:${change.target.key}`] : [] });
    case 'set_comment': case 'grant': case 'revoke': return facts({ requires: [targetRef(change.target)] });
    case 'set_default_privileges': {
      const d = (change.to ?? change.from)!;
      return facts({ requires: d.schema ? [schemaRef(d.schema)] : [] });
    }
    case 'create_foreign_data_wrapper': case 'drop_foreign_data_wrapper': case 'alter_foreign_data_wrapper': case 'create_server': case 'drop_server':
    case 'alter_server': case 'create_user_mapping': case 'drop_user_mapping': case 'alter_user_mapping': case 'set_foreign_table_options':
    case 'set_column_fdw_options': case 'create_publication': case 'drop_publication': case 'alter_publication':
      return facts(foreignFacts(change, ctx));
    default: return assertNever(change);
  }
};
