/**
 * Catalog queries of the inspector. A fixed set of set-based queries: the number of round trips
 * never depends on the number of objects (no query per table, no correlated subquery per row
 * where a join or aggregate does the job).
 *
 * Every query takes the same two parameters, bound by the driver (never spliced into the text):
 *   $1::text[]  schema filter, NULL = every managed schema
 *   $2::text    the tracking schema, never reported
 * They run in one REPEATABLE READ transaction with `search_path = ''`, so format_type,
 * pg_get_expr, pg_get_constraintdef and pg_get_indexdef schema-qualify every non-built-in name.
 */
import { EXT, NS, PG_CLASS, REL, TBL, notExtMember, seqOptionsJson } from './query-parts.js';
import { VIEWS_SQL } from './views.js';
import { FUNCTIONS_SQL } from './functions.js';
import { AGGREGATES_SQL } from './aggregates.js';
import { TRIGGERS_SQL } from './triggers.js';
import { EVENT_TRIGGERS_SQL } from './event-triggers.js';
import { CASTS_SQL } from './casts.js';
import { STATISTICS_SQL } from './statistics.js';
import { RULES_SQL } from './rules.js';
import { DEPENDENCIES_SQL } from './dependencies.js';
import { COLLATIONS_SQL, COMPOSITE_TYPES_SQL, DOMAINS_SQL, RANGE_TYPES_SQL } from './types.js';
import { POLICIES_SQL } from './policies.js';
import { AUTHZ_SQL, DEFAULT_PRIVILEGES_SQL, ROLES_SQL } from './authz.js';
import { COMMENTS_SQL } from './comments.js';
import { UNMANAGED_SQL } from './unmanaged-query.js';
import { FOREIGN_SQL, optionPairs } from './foreign.js';
import { publicationsSql } from './publications.js';

/** Session setup, sent as one simple-protocol round trip; its last result is the version row. */
export const SESSION_SETUP_SQL = [
  'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  "SET LOCAL search_path = ''",
  // Constants in defaults are printed with these; fix them so the output does not depend on the
  // caller's session settings.
  "SET LOCAL datestyle = 'ISO, MDY'",
  "SET LOCAL intervalstyle = 'postgres'",
  "SET LOCAL timezone = 'UTC'",
  'SET LOCAL extra_float_digits = 1',
  'SET LOCAL quote_all_identifiers = off',
  "SELECT pg_catalog.current_setting('server_version_num') AS version_num, pg_catalog.current_setting('server_version') AS version, current_user::text AS current_user",
].join(';\n');

export const MIN_SERVER_VERSION_NUM = 140000;

export const NAMESPACES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS name FROM ns n`;

export const EXTENSIONS_SQL = `SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version, e.extrelocatable AS relocatable
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
  AND n.nspname <> $2::text
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;

export const ENUMS_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, t.typname::text AS name,
  pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FILTER (WHERE e.oid IS NOT NULL) AS labels
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND ${notExtMember('pg_type', 't.oid')}
GROUP BY n.nspname, t.oid, t.typname`;

export const SEQUENCES_SQL = `WITH ${EXT}, ${NS},
owned AS (
  SELECT d.objid AS seqid, tn.nspname::text AS schema, tc.relname::text AS table_name, a.attname::text AS column_name
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = ${PG_CLASS} AND d.refclassid = ${PG_CLASS} AND d.deptype = 'a' AND d.refobjsubid > 0)
SELECT n.nspname AS schema, c.relname::text AS name, ${seqOptionsJson('s', 'st')} AS options,
  o.schema AS owned_schema, o.table_name AS owned_table, o.column_name AS owned_column
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid AND c.relkind = 'S'
JOIN ns n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type st ON st.oid = s.seqtypid
LEFT JOIN owned o ON o.seqid = c.oid
WHERE ${notExtMember('pg_class', 'c.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = ${PG_CLASS} AND d.objid = c.oid AND d.deptype = 'i')`;

/**
 * One row per managed table, its columns aggregated in attnum order. The default/generation
 * expression is sent once; `generated` tells which it is ('' default, 's' stored, 'v' virtual).
 */
export const TABLES_SQL = `WITH ${EXT}, ${NS}, ${TBL},
ident AS (
  SELECT d.refobjid AS relid, d.refobjsubid AS attnum, sn.nspname::text AS seq_schema,
    sc.relname::text AS seq_name, ${seqOptionsJson('s', 'st')} AS options
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
  JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = sc.oid
  JOIN pg_catalog.pg_type st ON st.oid = s.seqtypid
  WHERE d.classid = ${PG_CLASS} AND d.refclassid = ${PG_CLASS} AND d.deptype = 'i' AND d.refobjsubid > 0),
-- NOT NULL constraints (contype 'n', PostgreSQL 18; none before): their names and validation.
nn AS (
  SELECT c.conrelid, c.conkey[1] AS attnum, c.conname::text AS conname, c.convalidated
  FROM pg_catalog.pg_constraint c JOIN tbl t ON t.oid = c.conrelid
  WHERE c.contype = 'n'),
cols AS (
  SELECT a.attrelid, json_agg(json_build_object(
      'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'ndims', a.attndims, 'not_null', a.attnotnull,
      -- A default cannot reference columns, so it is printed without the relation as context:
      -- pg_get_expr(.., relid) opens the relation on every call and is ~6x slower.
      'expr', CASE WHEN a.atthasdef THEN
        pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) END,
      'generated', a.attgenerated, 'identity', a.attidentity,
      'identity_sequence', CASE WHEN i.relid IS NOT NULL THEN
        json_build_object('schema', i.seq_schema, 'name', i.seq_name, 'options', i.options) END,
      'collation', CASE WHEN co.oid IS NOT NULL THEN
        json_build_object('schema', con.nspname, 'name', co.collname) END,
      -- A foreign table column's OPTIONS (secret values stay on the server).
      'fdw', CASE WHEN a.attfdwoptions IS NOT NULL THEN json_build_object(${optionPairs('a.attfdwoptions')}) END,
      -- Attributes that differ from their defaults (attstattarget is NULL for the default since 17, -1 before).
      'storage', CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage END,
      'compression', NULLIF(a.attcompression, ''), 'stat_target', NULLIF(a.attstattarget, -1),
      'options', a.attoptions::text[], 'not_null_name', nn.conname, 'not_null_valid', nn.convalidated)
    ORDER BY a.attnum) AS columns
  FROM pg_catalog.pg_attribute a
  JOIN tbl t ON t.oid = a.attrelid
  JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation
  LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
  LEFT JOIN ident i ON i.relid = a.attrelid AND i.attnum = a.attnum
  LEFT JOIN nn ON nn.conrelid = a.attrelid AND nn.attnum = a.attnum
  -- Columns inherited from a parent (every column of a partition) are the parent's.
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
  GROUP BY a.attrelid),
-- The NOT NULL constraint names of inherited columns (PostgreSQL 18): the defining parent's for a
-- child created under it, the child's own for one that joined later (INHERIT / ATTACH PARTITION
-- keep it). Live-only: a table leaving its parent renames what it has.
inherited_nn AS (
  SELECT a.attrelid, json_object_agg(a.attname, nn.conname) AS names
  FROM pg_catalog.pg_attribute a
  JOIN nn ON nn.conrelid = a.attrelid AND nn.attnum = a.attnum
  WHERE a.attinhcount > 0 AND NOT a.attisdropped
  GROUP BY a.attrelid),
-- A partition's own default / NOT NULL where they differ from its parent's (ATTACH copies none;
-- PARTITION OF copies the parent's, then the partition may set its own).
overrides AS (
  SELECT a.attrelid, json_object_agg(a.attname, json_build_object(
      'expr', CASE WHEN ad.adbin IS NOT NULL THEN pg_catalog.pg_get_expr(ad.adbin, 0) END,
      'default_differs', pg_catalog.pg_get_expr(ad.adbin, 0) IS DISTINCT FROM pg_catalog.pg_get_expr(pd.adbin, 0),
      'not_null', a.attnotnull AND NOT pa.attnotnull) ORDER BY a.attname) AS overrides
  FROM pg_catalog.pg_attribute a
  JOIN tbl t ON t.oid = a.attrelid AND t.relispartition
  JOIN pg_catalog.pg_inherits ih ON ih.inhrelid = a.attrelid
  JOIN pg_catalog.pg_attribute pa ON pa.attrelid = ih.inhparent AND pa.attname = a.attname
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity = ''
    AND (a.attnotnull AND NOT pa.attnotnull OR pg_catalog.pg_get_expr(ad.adbin, 0) IS DISTINCT FROM pg_catalog.pg_get_expr(pd.adbin, 0))
  GROUP BY a.attrelid),
parents AS (
  SELECT i.inhrelid, json_agg(json_build_object('schema', pn.nspname, 'name', pc.relname) ORDER BY i.inhseqno) AS parents
  FROM pg_catalog.pg_inherits i
  JOIN tbl t ON t.oid = i.inhrelid
  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
  JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
  GROUP BY i.inhrelid)
SELECT t.nspname AS schema, t.relname AS name, t.relpersistence = 'u' AS unlogged,
  t.relrowsecurity AS row_security, t.relforcerowsecurity AS force_row_security,
  COALESCE(t.reloptions::text[], '{}') AS options, COALESCE(tt.reloptions::text[], '{}') AS toast_options,
  COALESCE(cols.columns, '[]'::json) AS columns,
  CASE WHEN t.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(t.oid) END AS partition_by,
  CASE WHEN t.relispartition THEN pg_catalog.pg_get_expr(t.relpartbound, t.oid) END AS partition_bound,
  COALESCE(p.parents, '[]'::json) AS parents, inn.names AS inherited_not_null, ov.overrides AS column_overrides,
  CASE WHEN ft.ftrelid IS NOT NULL THEN json_build_object('server', fs.srvname::text, ${optionPairs('ft.ftoptions')}) END AS foreign,
  t.relreplident::text AS replica_identity, ri.relname::text AS replica_index, ci.relname::text AS cluster_index,
  CASE WHEN am.amname <> 'heap' THEN am.amname::text END AS access_method
FROM tbl t
LEFT JOIN cols ON cols.attrelid = t.oid
LEFT JOIN parents p ON p.inhrelid = t.oid
LEFT JOIN inherited_nn inn ON inn.attrelid = t.oid
LEFT JOIN overrides ov ON ov.attrelid = t.oid
LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = t.oid
LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
LEFT JOIN pg_catalog.pg_am am ON am.oid = t.relam
LEFT JOIN (SELECT i.indrelid, ic.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  WHERE i.indisreplident) ri ON ri.indrelid = t.oid
LEFT JOIN (SELECT i.indrelid, ic.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  WHERE i.indisclustered) ci ON ci.indrelid = t.oid
LEFT JOIN pg_catalog.pg_class tt ON tt.oid = t.reltoastrelid`;

/**
 * Constraints of managed tables. NOT NULL constraints (contype 'n', PG 18) are column facts;
 * partition clones (conparentid) and purely inherited constraints belong to their parent.
 */
export const CONSTRAINTS_SQL = `WITH ${EXT}, ${NS}, ${TBL}
SELECT t.nspname AS schema, t.relname AS table_name, c.conname::text AS name,
  pg_catalog.pg_get_constraintdef(c.oid) AS definition, ic.reloptions::text[] AS index_options
FROM pg_catalog.pg_constraint c
JOIN tbl t ON t.oid = c.conrelid
-- pg_get_constraintdef omits WITH (...) of PRIMARY KEY / UNIQUE: their index holds it.
LEFT JOIN pg_catalog.pg_class ic ON ic.oid = c.conindid AND c.contype IN ('p', 'u')
WHERE c.contype IN ('p', 'u', 'c', 'f', 'x') AND c.conparentid = 0 AND (c.conislocal OR c.coninhcount = 0)`;

/**
 * Indexes of managed tables and materialized views, except those backing a PRIMARY
 * KEY/UNIQUE/EXCLUDE constraint of the same table (a foreign key's conindid points at the
 * *referenced* table's index, hence conrelid).
 */
export const INDEXES_SQL = `WITH ${EXT}, ${NS}, ${TBL}, ${REL}
SELECT t.nspname AS schema, t.relname AS table_name, ic.relname::text AS name,
  pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, NOT i.indisvalid AS invalid,
  -- ALTER INDEX ... ALTER COLUMN n SET STATISTICS k: the columns off the default (NULL since 17, -1 before).
  (SELECT json_object_agg(a.attnum, a.attstattarget ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0) AS stat_targets
FROM pg_catalog.pg_index i
JOIN rel t ON t.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
  -- A partition's index attached to its parent's partitioned index is implied by that index.
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = i.indexrelid)`;


/**
 * The catalog queries in the order the shell runs them; each takes ($1 schema filter, $2 tracking
 * schema). The costly ones first: the first query runs on the server while the shell is busy
 * with other work (parsing the source), and the rest while their predecessors are built.
 */
export const INSPECT_QUERIES = {
  tables: TABLES_SQL,
  indexes: INDEXES_SQL,
  constraints: CONSTRAINTS_SQL,
  functions: FUNCTIONS_SQL,
  dependencies: DEPENDENCIES_SQL,
  views: VIEWS_SQL,
  sequences: SEQUENCES_SQL,
  triggers: TRIGGERS_SQL,
  eventTriggers: EVENT_TRIGGERS_SQL,
  casts: CASTS_SQL,
  statistics: STATISTICS_SQL,
  foreign: FOREIGN_SQL,
  // Its catalogs differ by major: the text is chosen once the server's version is known.
  publications: publicationsSql,
  aggregates: AGGREGATES_SQL,
  rules: RULES_SQL,
  authz: AUTHZ_SQL,
  comments: COMMENTS_SQL,
  domains: DOMAINS_SQL,
  compositeTypes: COMPOSITE_TYPES_SQL,
  rangeTypes: RANGE_TYPES_SQL,
  collations: COLLATIONS_SQL,
  policies: POLICIES_SQL,
  defaultPrivileges: DEFAULT_PRIVILEGES_SQL,
  roles: ROLES_SQL,
  unmanaged: UNMANAGED_SQL,
  enums: ENUMS_SQL,
  namespaces: NAMESPACES_SQL,
  extensions: EXTENSIONS_SQL,
} as const;

export type InspectQueryName = keyof typeof INSPECT_QUERIES;

/** The text of a query for a server of this version. */
export const inspectQueryText = (name: InspectQueryName, versionNum: number): string => {
  const q: string | ((v: number) => string) = INSPECT_QUERIES[name];
  return typeof q === 'function' ? q(versionNum) : q;
};

export { UNMANAGED_SQL };
