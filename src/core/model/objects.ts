import type { QualifiedName } from './names.js';
import type { SqlExpr } from './expr.js';
import type { TypeRef } from './type-ref.js';

/** Where an object was declared in source (absent for live objects). */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface NamespaceDef {
  readonly kind: 'schema';
  readonly name: string;
  readonly source: SourceSpan | null;
}

export interface ExtensionDef {
  readonly kind: 'extension';
  readonly name: string;
  /** Schema the extension's objects live in. */
  readonly schema: string;
  /** Declared version; null in source means "whatever the server installs" and is not compared. */
  readonly version: string | null;
  readonly source: SourceSpan | null;
}

export interface EnumDef {
  readonly kind: 'enum';
  readonly name: QualifiedName;
  readonly values: readonly string[];
  readonly source: SourceSpan | null;
}

/** Sequence options with PostgreSQL's defaults filled in, so both sides compare field by field. */
export interface SequenceOptions {
  readonly dataType: 'int2' | 'int4' | 'int8';
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface SequenceDef {
  readonly kind: 'sequence';
  readonly name: QualifiedName;
  readonly options: SequenceOptions;
  /** OWNED BY table.column, or null. */
  readonly ownedBy: { readonly table: QualifiedName; readonly column: string } | null;
  readonly source: SourceSpan | null;
}

export interface IdentitySpec {
  readonly generation: 'always' | 'by_default';
  readonly sequenceName: QualifiedName;
  readonly options: SequenceOptions;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: TypeRef;
  readonly notNull: boolean;
  readonly default: SqlExpr | null;
  readonly identity: IdentitySpec | null;
  /** GENERATED ALWAYS AS (expr) STORED. */
  readonly generated: SqlExpr | null;
  /** Explicit collation (schema-qualified key, e.g. `pg_catalog."C"` kept raw as `pg_catalog.C`), or null for the type's default. */
  readonly collation: QualifiedName | null;
  readonly source: SourceSpan | null;
}

export type ConstraintType = 'primary_key' | 'unique' | 'check' | 'foreign_key' | 'exclude';

export interface ForeignKeyRef {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
}

export interface ConstraintDef {
  readonly kind: 'constraint';
  readonly name: string;
  readonly table: QualifiedName;
  readonly type: ConstraintType;
  /** Columns of this table the constraint covers (key columns; for CHECK, the columns referenced). */
  readonly columns: readonly string[];
  /** For foreign keys, the referenced table and columns. */
  readonly references: ForeignKeyRef | null;
  /**
   * The definition as it follows `ADD CONSTRAINT name` (e.g. `CHECK (x > 0)`), canonicalised.
   * NOT VALID is not part of the canonical form: validation state is not a schema difference.
   */
  readonly definition: SqlExpr;
  readonly source: SourceSpan | null;
}

export interface IndexDef {
  readonly kind: 'index';
  readonly name: QualifiedName;
  readonly table: QualifiedName;
  readonly unique: boolean;
  /** Columns of the table the index uses (key, INCLUDE, expression and predicate columns). */
  readonly columns: readonly string[];
  /** The whole `CREATE INDEX` statement without name, CONCURRENTLY and IF NOT EXISTS, canonicalised. */
  readonly definition: SqlExpr;
  readonly source: SourceSpan | null;
}

export interface TableDef {
  readonly kind: 'table';
  readonly name: QualifiedName;
  readonly unlogged: boolean;
  /** Storage parameters as sorted `key=value` strings. */
  readonly options: readonly string[];
  readonly columns: readonly ColumnDef[];
  readonly source: SourceSpan | null;
}

/** A live object of a kind pg-flux does not manage yet: reported, never touched. */
export interface UnmanagedObject {
  readonly kind: string;
  readonly key: string;
}
