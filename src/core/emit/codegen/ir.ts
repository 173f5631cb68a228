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

/**
 * A composite type (CREATE TYPE x AS (...)): a named shape in every language. Every attribute
 * may be NULL (PostgreSQL cannot declare an attribute NOT NULL). Listed so that a composite
 * comes after the composites its attributes use.
 */
export interface GenComposite {
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  readonly typeName: string;
  /** Attributes in declaration order (the order drivers decode them in). */
  readonly fields: readonly GenField[];
  readonly comment: string | null;
}

/** A range type of the schema (CREATE TYPE x AS RANGE) and its multirange. */
export interface GenRange {
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  /** Name of the range's own type where a language needs one (Rust newtype). */
  readonly typeName: string;
  readonly subtype: ResolvedType;
  readonly multirange: { readonly schema: string; readonly name: string };
}

/** A type of the schema a driver must load before decoding (type-loads.ts), in loading order. */
export interface GenTypeLoad {
  readonly kind: 'enum' | 'domain' | 'composite' | 'range' | 'multirange';
  /** The type's key (a multirange: its range's key). */
  readonly key: string;
  /** The schema-qualified name as SQL reads it (`public.address`; `"My Schema"."T"`). */
  readonly sqlName: string;
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
  readonly composites: readonly GenComposite[];
  readonly ranges: readonly GenRange[];
  /** What drivers must load for the composites and ranges, in order. */
  readonly typeLoads: readonly GenTypeLoad[];
  readonly brands: readonly GenBrand[];
  readonly relations: readonly GenRelation[];
  readonly functions: readonly GenFunction[];
  /** Things the user should know (types mapped to text, columns a driver cannot decode). */
  readonly warnings: readonly string[];
}
