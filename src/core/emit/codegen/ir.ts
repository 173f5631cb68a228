/**
 * What the printers print: the model reduced to row shapes, with every decision that is the
 * same in all languages already made (names, nullability, write optionality, brands, CHECK
 * facts). Printers only spell it.
 */
import type { ResolvedType } from './types/resolve.js';

/** Facts a validator can check, taken from CHECK constraints (never stricter than the database). */
export interface FieldChecks {
  /** `col IN (...)` / `col = ANY (ARRAY[...])`: the allowed literals. */
  readonly literals: readonly string[] | null;
  readonly min: { readonly value: number; readonly inclusive: boolean } | null;
  readonly max: { readonly value: number; readonly inclusive: boolean } | null;
  readonly minLength: number | null;
  readonly maxLength: number | null;
  /** A POSIX pattern that means the same as a JavaScript regular expression. */
  readonly pattern: string | null;
}

export const NO_CHECKS: FieldChecks = { literals: null, min: null, max: null, minLength: null, maxLength: null, pattern: null };

export type InsertMode = 'required' | 'optional' | 'omit';

export interface GenField {
  /** The column name as the database (and so the driver) spells it. */
  readonly column: string;
  readonly type: ResolvedType;
  readonly nullable: boolean;
  readonly insert: InsertMode;
  readonly update: 'optional' | 'omit';
  /** Branded key type name (Pascal, language-neutral), or null. */
  readonly brand: string | null;
  readonly checks: FieldChecks;
  readonly comment: string | null;
}

export interface GenRelation {
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view' | 'materialized_view';
  /** Row type name (Pascal, e.g. `User` for table users); Insert/Update append a suffix. */
  readonly typeName: string;
  /** File stem for per-object layouts (`users`, `auth_users`). */
  readonly fileStem: string;
  readonly fields: readonly GenField[];
  /** Insert/Update shapes exist (tables; auto-updatable views). */
  readonly writable: boolean;
  readonly comment: string | null;
}

export interface GenEnum {
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly typeName: string;
  readonly values: readonly string[];
  readonly comment: string | null;
}

export interface GenBrand {
  readonly name: string;
  /** The key column's type (what the brand wraps). */
  readonly type: ResolvedType;
  /** `schema.table.column` it identifies (the brand's tag). */
  readonly tag: string;
  /** The key's table (`schema.table`) and column, as raw names. */
  readonly table: string;
  readonly column: string;
}

export interface GenParam {
  readonly name: string;
  readonly type: ResolvedType;
  readonly nullable: boolean;
  readonly optional: boolean;
  readonly variadic: boolean;
}

export interface GenFunction {
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: 'function' | 'procedure';
  /** Pascal base for Args/Result type names, unique across overloads. */
  readonly typeName: string;
  readonly params: readonly GenParam[];
  /**
   * The result: `scalar` (one value), `row` (OUT/TABLE columns or a composite), `relation` (a
   * table's row type), or `void`. `set` for SETOF / RETURNS TABLE (an array of results).
   */
  readonly result:
    | { readonly kind: 'void' }
    | { readonly kind: 'scalar'; readonly type: ResolvedType; readonly nullable: boolean; readonly set: boolean }
    | { readonly kind: 'row'; readonly fields: readonly GenField[]; readonly set: boolean }
    | { readonly kind: 'relation'; readonly typeName: string; readonly set: boolean };
  readonly comment: string | null;
}

export interface GenModel {
  /** sha256 of the model the code was generated from (the schema hash). */
  readonly hash: string;
  /** The `pg-flux gen ...` command that regenerates this output (stated in every header). */
  readonly command: string;
  readonly enums: readonly GenEnum[];
  readonly brands: readonly GenBrand[];
  readonly relations: readonly GenRelation[];
  readonly functions: readonly GenFunction[];
  /** Things the user should know (types mapped to text, columns a driver cannot decode). */
  readonly warnings: readonly string[];
}
