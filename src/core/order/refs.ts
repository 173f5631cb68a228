/** Dependency facts of changes, as string keys: `table:s.t`, `col:s.t.c`, `type:s.n`, ... */
import type { QualifiedName } from '../model/names.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ColumnDef, ConstraintDef, IndexDef } from '../model/objects.js';

export const schemaRef = (s: string): string => `schema:${s}`;
export const tableRef = (t: QualifiedName): string => `table:${t.schema}.${t.name}`;
export const colRef = (t: QualifiedName, c: string): string => `col:${t.schema}.${t.name}.${c}`;
export const seqRef = (s: QualifiedName): string => `sequence:${s.schema}.${s.name}`;
export const typeRef = (s: QualifiedName): string => `type:${s.schema}.${s.name}`;
export const extRef = (e: string): string => `ext:${e}`;
export const conRef = (c: { table: QualifiedName; name: string }): string => `con:${c.table.schema}.${c.table.name}.${c.name}`;
export const idxRef = (i: QualifiedName): string => `idx:${i.schema}.${i.name}`;
export const notNullRef = (t: QualifiedName, c: string): string => `notnull:${t.schema}.${t.name}.${c}`;
/** The type of a column as something else is built on it (a generated column's expression). */
export const colTypeRef = (t: QualifiedName, c: string): string => `coltype:${t.schema}.${t.name}.${c}`;
export const noIdentityRef = (t: QualifiedName, c: string): string => `noidentity:${t.schema}.${t.name}.${c}`;
/** Anything from an extension that the model cannot name (types of extensions it does not know). */
export const ANY_EXTENSION = 'ext:*';

export const columnTypeRefs = (t: TypeRef, knownTypes: ReadonlySet<string>): string[] => {
  if (t.schema === null) return [];
  const r = `type:${t.schema}.${t.name}`;
  return knownTypes.has(r) ? [r] : [r, ANY_EXTENSION];
};

export const columnRefs = (c: ColumnDef, knownTypes: ReadonlySet<string>): string[] => [
  ...columnTypeRefs(c.type, knownTypes),
  ...(c.default?.refs ?? []),
  ...(c.generated?.refs ?? []),
  ...(c.identity ? [schemaRef(c.identity.sequenceName.schema)] : []),
];

export const constraintColumnRefs = (c: ConstraintDef): string[] => c.columns.map((col) => colRef(c.table, col));

export const indexColumnRefs = (i: IndexDef): string[] => i.columns.map((col) => colRef(i.table, col));

/** The columns of its own table a generated column's expression reads, as column-type facts. */
export const generatedOnRefs = (t: QualifiedName, c: ColumnDef): string[] =>
  (c.generated?.refs ?? []).filter((r) => r.startsWith('column:')).map((r) => colTypeRef(t, r.slice('column:'.length)));

/** A routine (function, procedure or aggregate) by its identity key `s.name(signature)`. */
export const functionRef = (key: string): string => `function:${key}`;
/** Every routine of a name, whatever its arguments (what a call in an expression or body can be known to name). */
export const fnameRef = (n: QualifiedName): string => `fname:${n.schema}.${n.name}`;
export const triggerRef = (key: string): string => `trigger:${key}`;
export const ruleRef = (key: string): string => `rule:${key}`;
