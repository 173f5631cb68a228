/**
 * Pure rows → Schema. Everything is keyed as in model/schema.ts with keys inserted in sorted
 * order, and every definition goes through the canonicalisers the source parser uses, so the
 * live model compares equal to the parsed one for the same schema.
 */
import type { Schema } from '../model/schema.js';
import type { UnmanagedObject } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import type { InspectRows } from './rows.js';
import { buildEnum, buildExtension, buildNamespace } from './namespaces.js';
import { buildSequence } from './sequences.js';
import { buildTable } from './tables.js';
import { buildConstraint, buildIndex } from './constraints.js';
import { compareText, sortedRecord } from './records.js';

export const sortUnmanaged = (list: Iterable<UnmanagedObject>): UnmanagedObject[] =>
  [...list].sort((a, b) => compareText(a.kind, b.kind) || compareText(a.key, b.key));

export const buildSchema = (rows: InspectRows): Schema => {
  const builtTables = rows.tables.map(buildTable);
  return {
    schemas: sortedRecord('schemas', rows.namespaces.map((r) => [r.name, buildNamespace(r)] as const)),
    extensions: sortedRecord('extensions', rows.extensions.map((r) => [r.name, buildExtension(r)] as const)),
    enums: sortedRecord('enums', rows.enums.map((r) => { const e = buildEnum(r); return [keyOf(e.name), e] as const; })),
    sequences: sortedRecord('sequences',
      rows.sequences.map((r) => { const s = buildSequence(r); return [keyOf(s.name), s] as const; })),
    tables: sortedRecord('tables', builtTables.map(({ table }) => [keyOf(table.name), table] as const)),
    constraints: sortedRecord('constraints', rows.constraints.map(buildConstraint)),
    indexes: sortedRecord('indexes', rows.indexes.map(buildIndex)),
    unmanaged: sortUnmanaged([
      ...rows.unmanaged.map((r): UnmanagedObject => ({ kind: r.kind, key: r.key })),
      ...builtTables.flatMap((t) => t.unmanaged),
    ]),
  };
};
