import type {
  ConstraintDef, EnumDef, ExtensionDef, IndexDef, NamespaceDef, SequenceDef, TableDef, UnmanagedObject,
} from './objects.js';

/**
 * A whole database (or source tree) as plain, JSON-serialisable data. Every record is keyed by
 * the object's identity key: `schema` for schemas, `name` for extensions, `schema.name` for
 * relations and types, `schema.table.name` for constraints.
 */
export interface Schema {
  readonly schemas: Readonly<Record<string, NamespaceDef>>;
  readonly extensions: Readonly<Record<string, ExtensionDef>>;
  readonly enums: Readonly<Record<string, EnumDef>>;
  readonly sequences: Readonly<Record<string, SequenceDef>>;
  readonly tables: Readonly<Record<string, TableDef>>;
  readonly constraints: Readonly<Record<string, ConstraintDef>>;
  readonly indexes: Readonly<Record<string, IndexDef>>;
  /** Live objects of kinds not managed yet (views, functions, ...), reported to the user. */
  readonly unmanaged: readonly UnmanagedObject[];
}

export const emptySchema = (): Schema => ({
  schemas: {}, extensions: {}, enums: {}, sequences: {}, tables: {}, constraints: {}, indexes: {}, unmanaged: [],
});

export const constraintKey = (c: { table: { schema: string; name: string }; name: string }): string =>
  `${c.table.schema}.${c.table.name}.${c.name}`;
