/**
 * SQL fragments that compute, inside the catalog queries, the same identity texts the model
 * uses (constant text only, no user input): a routine's signature and the dependency refs of
 * order/refs.ts. Computing them in SQL keeps pg_depend rows as plain strings on the wire.
 */

/**
 * The signature text of one type oid: `typname` for pg_catalog types, `schema.typname` for the
 * rest, `[]` appended for arrays (the element type named); see canon/type-names.ts
 * signatureTypeKey. int2vector and oidvector have an element type but are not arrays
 * (typstorage 'p'), as format_type knows.
 */
export const typeKeySql = (oid: string): string => `(SELECT
    CASE WHEN tkn.nspname = 'pg_catalog' THEN '' ELSE tkn.nspname || '.' END || tke.typname
    || CASE WHEN tke.oid <> tkt.oid THEN '[]' ELSE '' END
  FROM pg_catalog.pg_type tkt
  JOIN pg_catalog.pg_type tke
    ON tke.oid = CASE WHEN tkt.typelem <> 0 AND tkt.typstorage <> 'p' THEN tkt.typelem ELSE tkt.oid END
  JOIN pg_catalog.pg_namespace tkn ON tkn.oid = tke.typnamespace
  WHERE tkt.oid = ${oid})`;

/** The identity argument types of pg_proc row `p`, comma-separated (FunctionDef.signature). */
export const signatureSql = (p: string): string =>
  `pg_catalog.array_to_string(ARRAY(SELECT ${typeKeySql('sa.t')}
    FROM pg_catalog.unnest(${p}.proargtypes::pg_catalog.oid[]) WITH ORDINALITY sa(t, i) ORDER BY sa.i), ',')`;

/** `function:schema.name(signature)` of pg_proc row `p` in namespace row `n`. */
export const functionRefSql = (p: string, n: string): string =>
  `'function:' || ${n}.nspname || '.' || ${p}.proname || '(' || ${signatureSql(p)} || ')'`;
