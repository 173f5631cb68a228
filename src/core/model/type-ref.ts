/**
 * A column type in canonical form.
 * - `schema` is null for built-in types (pg_catalog), else the schema of the type.
 * - `name` is the internal name for built-ins (`int4`, `varchar`, `timestamptz`, `bpchar`).
 * - `modifiers` are the type modifiers as written canonically, e.g. [10] or [10, 2]; interval
 *   field restrictions are folded into the name (`interval day to second`).
 * - `arrayDims` counts array dimensions (PostgreSQL does not enforce sizes, so only the count
 *   is kept, and the catalog only knows "array or not": any count > 0 is normalised to 1).
 */
export interface TypeRef {
  readonly schema: string | null;
  readonly name: string;
  /** Numbers, or (extension types such as PostGIS geometry(Polygon,4326)) identifiers as the parser folds them. */
  readonly modifiers: readonly (number | string)[];
  readonly arrayDims: number;
}
