/**
 * Catalog text → model pieces, through the same builders the source parser uses, so that
 * `parse(S)` and `inspect(load(S))` agree by construction. The catalog text comes from
 * pg_get_expr / pg_get_constraintdef / pg_get_indexdef / format_type, read with an empty
 * search_path so that every non-built-in name is schema-qualified.
 */
import type { QualifiedName } from '../model/names.js';
import type { SqlExpr } from '../model/expr.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ConstraintDef, IndexDef } from '../model/objects.js';

/** format_type(atttypid, atttypmod) → TypeRef. */
export const typeFromCatalog = (_formatType: string): TypeRef => { throw new Error('typeFromCatalog: not implemented yet'); };

/** pg_get_expr(adbin, adrelid) of a column default → SqlExpr (null for a NULL constant). */
export const defaultFromCatalog = (_text: string): SqlExpr | null => { throw new Error('defaultFromCatalog: not implemented yet'); };

/** pg_get_expr of a STORED generated column's expression → SqlExpr. */
export const generatedFromCatalog = (_text: string): SqlExpr => { throw new Error('generatedFromCatalog: not implemented yet'); };

/** pg_get_constraintdef(oid) (PRIMARY KEY/UNIQUE/CHECK/FOREIGN KEY/EXCLUDE) → ConstraintDef. */
export const constraintFromCatalog = (_args: { table: QualifiedName; name: string; definition: string }): ConstraintDef => {
  throw new Error('constraintFromCatalog: not implemented yet');
};

/** pg_get_indexdef(indexrelid) → IndexDef. */
export const indexFromCatalog = (_definition: string): IndexDef => { throw new Error('indexFromCatalog: not implemented yet'); };
