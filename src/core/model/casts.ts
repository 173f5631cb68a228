/**
 * User-defined casts (CREATE CAST): database-wide, identified by the pair of types. PostgreSQL has
 * no ALTER CAST, so every other fact is part of what a change drops and creates again.
 */
import type { QualifiedName } from './names.js';
import type { TypeRef } from './type-ref.js';
import type { SourceSpan } from './objects.js';

/** WITH FUNCTION f(args), WITHOUT FUNCTION (binary coercible), WITH INOUT (through text I/O). */
export type CastMethod = 'function' | 'binary' | 'inout';

/** Explicit only (the default), AS ASSIGNMENT, AS IMPLICIT: pg_cast.castcontext 'e', 'a', 'i'. */
export type CastContext = 'explicit' | 'assignment' | 'implicit';

/** The function of a WITH FUNCTION cast: its name and identity argument types (no modifiers). */
export interface CastFunction {
  readonly name: QualifiedName;
  readonly args: readonly TypeRef[];
}

export interface CastDef {
  readonly kind: 'cast';
  /** The types, without modifiers or array dimensions counts beyond "array or not" (as for routine arguments). */
  readonly sourceType: TypeRef;
  readonly targetType: TypeRef;
  readonly method: CastMethod;
  /** Only for method 'function'. */
  readonly function: CastFunction | null;
  readonly context: CastContext;
  readonly source: SourceSpan | null;
}

/**
 * The schema a cast is kept with under a schema filter: that of its source type, else its
 * target type, else its function, when not a built-in (the inspector computes the same in SQL).
 */
export const castSchema = (c: CastDef): string =>
  c.sourceType.schema ?? c.targetType.schema ?? (c.function && c.function.name.schema !== 'pg_catalog' ? c.function.name.schema : '');
