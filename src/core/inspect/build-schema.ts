/**
 * Pure rows → Schema. Everything is keyed as in model/schema.ts with keys inserted in sorted
 * order, and every definition goes through the canonicalisers the source parser uses, so the
 * live model compares equal to the parsed one for the same schema.
 *
 * One builder per query, so the shell can build each part while the server runs the next query.
 */
import type { Schema } from '../model/schema.js';
import type {
  ConstraintDef, EnumDef, ExtensionDef, IndexDef, NamespaceDef, SequenceDef, TableDef, UnmanagedObject,
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

/** Sorted by kind, then key. */
export const buildUnmanaged = (rows: readonly UnmanagedRow[], more: readonly UnmanagedObject[] = []): UnmanagedObject[] =>
  [...rows.map((r): UnmanagedObject => ({ kind: r.kind, key: r.key })), ...more]
    .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.key, b.key));

export const buildSchema = (rows: InspectRows): Schema => {
  const tables = buildTables(rows.tables);
  return {
    schemas: buildSchemas(rows.namespaces),
    extensions: buildExtensions(rows.extensions),
    enums: buildEnums(rows.enums),
    sequences: buildSequences(rows.sequences),
    tables: tables.tables,
    constraints: buildConstraints(rows.constraints),
    indexes: buildIndexes(rows.indexes),
    views: {}, functions: {}, aggregates: {}, triggers: {}, rules: {},
    unmanaged: buildUnmanaged(rows.unmanaged, tables.unmanaged),
  };
};

/**
 * Builds the Schema one query result at a time (raw driver rows, validated here), so the shell
 * can overlap building one part with the server running the next query.
 */
export class SchemaAssembler {
  private schemas: Rec<NamespaceDef> = {};
  private extensions: Rec<ExtensionDef> = {};
  private enums: Rec<EnumDef> = {};
  private sequences: Rec<SequenceDef> = {};
  private tables: ReturnType<typeof buildTables> = { tables: {}, unmanaged: [] };
  private constraints: Rec<ConstraintDef> = {};
  private indexes: Rec<IndexDef> = {};
  private unmanaged: readonly UnmanagedRow[] = [];

  add(name: InspectQueryName, raw: readonly unknown[]): void {
    switch (name) {
      case 'namespaces': this.schemas = buildSchemas(raw.map(toNamespaceRow)); break;
      case 'extensions': this.extensions = buildExtensions(raw.map(toExtensionRow)); break;
      case 'enums': this.enums = buildEnums(raw.map(toEnumRow)); break;
      case 'sequences': this.sequences = buildSequences(raw.map(toSequenceRow)); break;
      case 'tables': this.tables = buildTables(raw.map(toTableRow)); break;
      case 'constraints': this.constraints = buildConstraints(raw.map(toConstraintRow)); break;
      case 'indexes': this.indexes = buildIndexes(raw.map(toIndexRow)); break;
      case 'unmanaged': this.unmanaged = raw.map(toUnmanagedRow); break;
    }
  }

  finish(): Schema {
    return {
      schemas: this.schemas, extensions: this.extensions, enums: this.enums, sequences: this.sequences,
      tables: this.tables.tables, constraints: this.constraints, indexes: this.indexes,
      views: {}, functions: {}, aggregates: {}, triggers: {}, rules: {},
      unmanaged: buildUnmanaged(this.unmanaged, this.tables.unmanaged),
    };
  }
}
