/**
 * A column type in canonical form.
 * - `schema` is null for built-in types (pg_catalog), else the schema of the type.
 * - `name` is the internal name for built-ins (`int4`, `varchar`, `timestamptz`, `bpchar`).
 * - `modifiers` are the type modifiers as written canonically, e.g. [10] or [10, 2]; interval
 *   field restrictions are folded into the name (`interval day to second`).
 * - `arrayDims` counts array dimensions (PostgreSQL does not enforce sizes, so only the count
 *   is kept, and the catalog only knows "array or not": any count > 0 is normalised to 1).
 * - `declaredDims` is the number of dimensions a table column, composite attribute or domain was
 *   declared with, when more than one (`int[][]`; pg_attribute.attndims, pg_type.typndims).
 *   PostgreSQL does not enforce it and loses it in places (CREATE TABLE ... LIKE, views, function
 *   arguments), so it is informational: never compared, never hashed; codegen spells nested arrays
 *   from it.
 */
export interface TypeRef {
  readonly schema: string | null;
  readonly name: string;
  /** Numbers, or (extension types such as PostGIS geometry(Polygon,4326)) identifiers as the parser folds them. */
  readonly modifiers: readonly (number | string)[];
  readonly arrayDims: number;
  readonly declaredDims?: number;
}

/** The dimensions a type was declared with: `declaredDims` when set, else `arrayDims`. */
export const declaredDimsOf = (t: TypeRef): number => (t.arrayDims > 0 ? t.declaredDims ?? t.arrayDims : 0);

/** `t` with the declared dimension count `n` (from the source or the catalog), kept only when more than one. */
export const withDeclaredDims = (t: TypeRef, n: number): TypeRef => {
  const { declaredDims: _old, ...rest } = t;
  return t.arrayDims > 0 && n > 1 ? { ...rest, declaredDims: n } : rest;
};
