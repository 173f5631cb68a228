/**
 * Pure rows → Schema. Everything is keyed as in model/schema.ts with keys inserted in sorted
 * order, and every definition goes through the canonicalisers the source parser uses, so the
 * live model compares equal to the parsed one for the same schema.
 *
 * One builder per query, so the shell can build each part while the server runs the next query.
 */
import { functionKey, onTableKey, type Schema } from '../model/schema.js';
import type {
  AggregateDef, ConstraintDef, EnumDef, ExtensionDef, FunctionDef, IndexDef, NamespaceDef, RuleDef, SequenceDef, TableDef,
  TriggerDef, UnmanagedObject, ViewDef,
} from '../model/objects.js';
import { keyOf } from '../model/names.js';
import {
  toConstraintRow, toEnumRow, toExtensionRow, toIndexRow, toNamespaceRow, toSequenceRow, toTableRow, toUnmanagedRow,
  type ConstraintRow, type EnumRow, type IndexRow, type ExtensionRow, type InspectRows, type NamespaceRow, type SequenceRow,
  type TableRow, type UnmanagedRow,
} from './rows.js';
import type { InspectQueryName } from './queries.js';
import { buildEnum, buildExtension, buildNamespace } from './namespaces.js';
import { buildSequence } from './sequences.js';
import { buildTable, defaultMemo } from './tables.js';
import { buildConstraint, buildIndexRows, constraintMemo } from './constraints.js';
import { buildView, toViewRow, type ViewRow } from './views.js';
import { buildFunction, toFunctionRow, type FunctionRow } from './functions.js';
import { buildAggregate, toAggregateRow, type AggregateRow } from './aggregates.js';
import { buildTrigger, toTriggerRow, type TriggerRow } from './triggers.js';
import { buildEventTrigger } from './event-triggers.js';
import { buildCast } from './casts.js';
import { castKey } from '../canon/casts.js';
import { buildStatistics } from './statistics.js';
import { buildForeign } from './foreign.js';
import { buildPublications } from './publications.js';
import { buildRule, toRuleRow, type RuleRow } from './rules.js';
import { toDependencyRow, type DependencyRow } from './dependencies.js';
import { buildCollation, buildCompositeType, buildDomain, buildRangeType } from './types.js';
import { buildPolicy } from './policies.js';
import { buildAuthz, buildDefaultPrivilege } from './authz.js';
import { buildComment } from './comments.js';
import { defaultPrivilegeKey } from '../model/schema.js';
import { targetExists } from '../model/targets.js';
import type { RowSecurityDef } from '../model/objects.js';
import { compareText, sortedRecord } from './records.js';

type Rec<T> = Record<string, T>;

export const buildSchemas = (rows: readonly NamespaceRow[]): Rec<NamespaceDef> =>
  sortedRecord('schemas', rows.map((r) => [r.name, buildNamespace(r)] as const));

export const buildExtensions = (rows: readonly ExtensionRow[]): Rec<ExtensionDef> =>
  sortedRecord('extensions', rows.map((r) => [r.name, buildExtension(r)] as const));

export const buildEnums = (rows: readonly EnumRow[]): Rec<EnumDef> =>
  sortedRecord('enums', rows.map((r) => { const e = buildEnum(r); return [keyOf(e.name), e] as const; }));

export const buildSequences = (rows: readonly SequenceRow[]): Rec<SequenceDef> =>
  sortedRecord('sequences', rows.map((r) => { const s = buildSequence(r); return [keyOf(s.name), s] as const; }));

/** Tables, plus the parts of them the model cannot represent yet (reported as unmanaged). */
export const buildTables = (rows: readonly TableRow[]): { tables: Rec<TableDef>; unmanaged: UnmanagedObject[] } => {
  const memo = defaultMemo(rows);
  const built = rows.map((r) => buildTable(r, memo));
  return {
    tables: sortedRecord('tables', built.map(({ table }) => [keyOf(table.name), table] as const)),
    unmanaged: built.flatMap((t) => t.unmanaged),
  };
};

export const buildConstraints = (rows: readonly ConstraintRow[]): Rec<ConstraintDef> => {
  const memo = constraintMemo(rows);
  return sortedRecord('constraints', rows.map((r) => buildConstraint(r, memo)));
};

export const buildIndexes = (rows: readonly IndexRow[]): Rec<IndexDef> =>
  sortedRecord('indexes', buildIndexRows(rows));

export const buildViews = (rows: readonly ViewRow[]): Rec<ViewDef> =>
  sortedRecord('views', rows.map((r) => { const v = buildView(r); return [keyOf(v.name), v] as const; }));

export const buildFunctions = (rows: readonly FunctionRow[]): Rec<FunctionDef> =>
  sortedRecord('functions', rows.map((r) => { const f = buildFunction(r); return [functionKey(f), f] as const; }));

export const buildAggregates = (rows: readonly AggregateRow[]): Rec<AggregateDef> =>
  sortedRecord('aggregates', rows.map((r) => { const a = buildAggregate(r); return [functionKey(a), a] as const; }));

export const buildTriggers = (rows: readonly TriggerRow[]): Rec<TriggerDef> =>
  sortedRecord('triggers', rows.map((r) => { const t = buildTrigger(r); return [onTableKey(t), t] as const; }));

export const buildRules = (rows: readonly RuleRow[]): Rec<RuleDef> =>
  sortedRecord('rules', rows.map((r) => { const x = buildRule(r); return [onTableKey(x), x] as const; }));

/** Sorted by kind, then key. */
export const buildUnmanaged = (rows: readonly UnmanagedRow[], more: readonly UnmanagedObject[] = []): UnmanagedObject[] =>
  [...rows.map((r): UnmanagedObject => ({ kind: r.kind, key: r.key })), ...more]
    .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.key, b.key));

/**
 * pg_depend facts onto the objects they belong to, by the dependent's ref (`table:s.v` for a
 * view, `function:s.f(sig)`, `trigger:s.t.n`, `rule:s.t.n`; unmanaged policies, triggers and
 * rules by `kind:key`).
 */
export const attachDependencies = (s: Schema, rows: readonly DependencyRow[]): Schema => {
  const deps = new Map(rows.map((r) => [r.ref, r.refs]));
  const attach = <T extends { refs: readonly string[] }>(rec: Rec<T>, refOf: (k: string) => string): Rec<T> => {
    const out: Rec<T> = {};
    for (const [k, v] of Object.entries(rec)) {
      const refs = deps.get(refOf(k));
      out[k] = refs ? { ...v, refs: [...refs] } : v;
    }
    return out;
  };
  return {
    ...s,
    views: attach(s.views, (k) => `table:${k}`),
    functions: attach(s.functions, (k) => `function:${k}`),
    aggregates: attach(s.aggregates, (k) => `function:${k}`),
    triggers: attach(s.triggers, (k) => `trigger:${k}`),
    rules: attach(s.rules, (k) => `rule:${k}`),
    policies: attach(s.policies, (k) => `policy:${k}`),
    // A domain's own refs (types, routines of its default) and those of its constraints.
    domains: Object.fromEntries(Object.entries(s.domains).map(([k, d]) => {
      const refs = deps.get(`domain:${k}`);
      return [k, refs ? { ...d, refs: [...new Set([...d.refs, ...refs.filter((r) => r !== `type:${k}`)])].sort() } : d];
    })),
    unmanaged: s.unmanaged.map((u) => {
      const refs = deps.get(`${u.kind}:${u.key}`);
      return refs ? { ...u, refs: [...refs] } : u;
    }),
  };
};

/** Row security of the tables that have it enabled or forced. */
const buildRowSecurity = (rows: readonly TableRow[]): Rec<RowSecurityDef> =>
  sortedRecord('row security', rows.filter((r) => r.rowSecurity || r.forceRowSecurity).map((r) => [`${r.schema}.${r.name}`, {
    kind: 'row_security', table: { schema: r.schema, name: r.name }, enabled: r.rowSecurity, forced: r.forceRowSecurity, source: null,
  }] as const));

/** Comments, owners and privileges of objects the model holds (not of extension members or unmanaged kinds). */
const attachAuthz = (s: Schema, authzRows: readonly unknown[], commentRows: readonly unknown[]): Schema => {
  const { owners, privileges } = buildAuthz(authzRows);
  const keep = <T extends { target: { kind: Parameters<typeof targetExists>[1]['kind']; key: string } }>(rec: Rec<T>): Rec<T> =>
    sortedRecord('objects', Object.entries(rec).filter(([, v]) => targetExists(s, v.target)));
  return {
    ...s,
    owners: keep(owners),
    privileges: keep(privileges),
    comments: keep(sortedRecord('comments', commentRows.map(buildComment))),
  };
};

/** Every part, once all rows are in (the costly ones may be built earlier: see SchemaAssembler). */
const assemble = (r: InspectRows, early: { tables?: ReturnType<typeof buildTables>; constraints?: Rec<ConstraintDef>; indexes?: Rec<IndexDef> }): Schema => {
  const tables = early.tables ?? buildTables(r.tables);
  const base: Schema = {
    schemas: buildSchemas(r.namespaces), extensions: buildExtensions(r.extensions), enums: buildEnums(r.enums),
    sequences: buildSequences(r.sequences), tables: tables.tables, constraints: early.constraints ?? buildConstraints(r.constraints),
    indexes: early.indexes ?? buildIndexes(r.indexes),
    statistics: sortedRecord('statistics', r.statistics.map((x) => { const d = buildStatistics(x); return [keyOf(d.name), d] as const; })),
    views: buildViews(r.views), functions: buildFunctions(r.functions), aggregates: buildAggregates(r.aggregates),
    triggers: buildTriggers(r.triggers), rules: buildRules(r.rules),
    eventTriggers: sortedRecord('event triggers', r.eventTriggers.map((x) => { const e = buildEventTrigger(x); return [e.name, e] as const; })),
    domains: sortedRecord('domains', r.domains.map((x) => { const d = buildDomain(x); return [keyOf(d.name), d] as const; })),
    compositeTypes: sortedRecord('composite types', r.compositeTypes.map((x) => { const d = buildCompositeType(x); return [keyOf(d.name), d] as const; })),
    rangeTypes: sortedRecord('range types', r.rangeTypes.map((x) => { const d = buildRangeType(x); return [keyOf(d.name), d] as const; })),
    collations: sortedRecord('collations', r.collations.map((x) => { const d = buildCollation(x); return [keyOf(d.name), d] as const; })),
    policies: sortedRecord('policies', r.policies.map((x) => { const p = buildPolicy(x); return [onTableKey(p), p] as const; })),
    rowSecurity: buildRowSecurity(r.tables),
    comments: {}, owners: {}, privileges: {},
    defaultPrivileges: sortedRecord('default privileges', r.defaultPrivileges.map((x) => { const d = buildDefaultPrivilege(x); return [defaultPrivilegeKey(d), d] as const; })),
    ...buildForeign(r.foreign), publications: buildPublications(r.publications),
    casts: sortedRecord('casts', r.casts.map((x) => { const c = buildCast(x); return [castKey(c), c] as const; })),
    unmanaged: buildUnmanaged(r.unmanaged, tables.unmanaged),
  };
  return attachAuthz(attachDependencies(base, r.dependencies), r.authz, r.comments);
};

export const buildSchema = (rows: InspectRows): Schema => assemble(rows, {});

/**
 * Builds the Schema one query result at a time (raw driver rows, validated here), so the shell
 * can overlap building one part with the server running the next query.
 */
export class SchemaAssembler {
  private readonly rows: { -readonly [K in keyof InspectRows]: InspectRows[K] } = {
    namespaces: [], extensions: [], enums: [], sequences: [], tables: [], constraints: [], indexes: [], views: [],
    functions: [], aggregates: [], triggers: [], rules: [], dependencies: [], unmanaged: [], domains: [], compositeTypes: [],
    rangeTypes: [], collations: [], eventTriggers: [], casts: [], statistics: [], foreign: [], publications: [], policies: [], authz: [], comments: [], defaultPrivileges: [], roles: [],
  };
  private tables: ReturnType<typeof buildTables> | undefined;
  private constraints: Rec<ConstraintDef> | undefined;
  private indexes: Rec<IndexDef> | undefined;

  add(name: InspectQueryName, raw: readonly unknown[]): void {
    switch (name) {
      // The costly parts are built as soon as their rows arrive (the server runs the next query meanwhile).
      case 'tables': this.rows.tables = raw.map(toTableRow); this.tables = buildTables(this.rows.tables); break;
      case 'constraints': this.constraints = buildConstraints(raw.map(toConstraintRow)); break;
      case 'indexes': this.indexes = buildIndexes(raw.map(toIndexRow)); break;
      case 'namespaces': this.rows.namespaces = raw.map(toNamespaceRow); break;
      case 'extensions': this.rows.extensions = raw.map(toExtensionRow); break;
      case 'enums': this.rows.enums = raw.map(toEnumRow); break;
      case 'sequences': this.rows.sequences = raw.map(toSequenceRow); break;
      case 'views': this.rows.views = raw.map(toViewRow); break;
      case 'functions': this.rows.functions = raw.map(toFunctionRow); break;
      case 'aggregates': this.rows.aggregates = raw.map(toAggregateRow); break;
      case 'triggers': this.rows.triggers = raw.map(toTriggerRow); break;
      case 'rules': this.rows.rules = raw.map(toRuleRow); break;
      case 'dependencies': this.rows.dependencies = raw.map(toDependencyRow); break;
      case 'unmanaged': this.rows.unmanaged = raw.map(toUnmanagedRow); break;
      // Validated by their builders.
      case 'domains': case 'compositeTypes': case 'rangeTypes': case 'collations': case 'eventTriggers': case 'casts': case 'statistics': case 'foreign': case 'publications': case 'policies': case 'authz':
      case 'comments': case 'defaultPrivileges': case 'roles':
        this.rows[name] = raw; break;
    }
  }

  finish(): Schema {
    return assemble(this.rows, {
      ...(this.tables ? { tables: this.tables } : {}), ...(this.constraints ? { constraints: this.constraints } : {}),
      ...(this.indexes ? { indexes: this.indexes } : {}),
    });
  }

  /** Role names of the cluster (from the roles query). */
  roles(): string[] {
    return this.rows.roles.map((r) => String((r as { name?: unknown }).name)).sort();
  }
}
