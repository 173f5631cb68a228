/**
 * A SQL expression kept twice: `sql` is valid SQL to emit (as written in source, or as the
 * catalog printed it), `canon` is the canonical text both parse and inspect produce for the
 * same meaning. Equality of expressions is equality of `canon` only.
 */
export interface SqlExpr {
  readonly sql: string;
  readonly canon: string;
  /**
   * Objects the expression uses, read from its syntax tree (not its text): `sequence:s.n` for
   * nextval('s.n') and regclass literals, `type:s.n` for casts to non-built-in types,
   * `column:c` for columns of the expression's own table.
   * Facts for ordering only; not part of equality.
   */
  readonly refs: readonly string[];
}
