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
import { buildRule, toRuleRow, type RuleRow } from './rules.js';
import { toDependencyRow, type DependencyRow } from './dependencies.js';
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
    unmanaged: s.unmanaged.map((u) => {
      const refs = deps.get(`${u.kind}:${u.key}`);
      return refs ? { ...u, refs: [...refs] } : u;
    }),
  };
};

export const buildSchema = (rows: InspectRows): Schema => {
  const tables = buildTables(rows.tables);
  return attachDependencies({
    schemas: buildSchemas(rows.namespaces),
    extensions: buildExtensions(rows.extensions),
    enums: buildEnums(rows.enums),
    sequences: buildSequences(rows.sequences),
    tables: tables.tables,
    constraints: buildConstraints(rows.constraints),
    indexes: buildIndexes(rows.indexes),
    views: buildViews(rows.views),
    functions: buildFunctions(rows.functions),
    aggregates: buildAggregates(rows.aggregates),
    triggers: buildTriggers(rows.triggers),
    rules: buildRules(rows.rules),
    unmanaged: buildUnmanaged(rows.unmanaged, tables.unmanaged),
  }, rows.dependencies);
};

/**
 * Builds the Schema one query result at a time (raw driver rows, validated here), so the shell
 * can overlap building one part with the server running the next query.
 */
export class SchemaAssembler {
  private readonly rows: { -readonly [K in keyof InspectRows]: InspectRows[K] } = {
    namespaces: [], extensions: [], enums: [], sequences: [], tables: [], constraints: [], indexes: [], views: [],
    functions: [], aggregates: [], triggers: [], rules: [], dependencies: [], unmanaged: [],
  };
  private tables: ReturnType<typeof buildTables> | null = null;
  private constraints: Rec<ConstraintDef> = {};
  private indexes: Rec<IndexDef> = {};

  add(name: InspectQueryName, raw: readonly unknown[]): void {
    switch (name) {
      // The costly parts are built as soon as their rows arrive (the server runs the next query meanwhile).
      case 'tables': this.tables = buildTables(raw.map(toTableRow)); break;
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
    }
  }

  finish(): Schema {
    const r = this.rows;
    const tables = this.tables ?? { tables: {}, unmanaged: [] };
    return attachDependencies({
      schemas: buildSchemas(r.namespaces), extensions: buildExtensions(r.extensions), enums: buildEnums(r.enums),
      sequences: buildSequences(r.sequences), tables: tables.tables, constraints: this.constraints, indexes: this.indexes,
      views: buildViews(r.views), functions: buildFunctions(r.functions), aggregates: buildAggregates(r.aggregates),
      triggers: buildTriggers(r.triggers), rules: buildRules(r.rules),
      unmanaged: buildUnmanaged(r.unmanaged, tables.unmanaged),
    }, r.dependencies);
  }
}
