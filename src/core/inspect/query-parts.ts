/** SQL fragments shared by the inspector's queries (constant text only, no user input). */

export const PG_CLASS = "'pg_catalog.pg_class'::pg_catalog.regclass";

/**
 * Extension members (pg_depend deptype 'e'): materialised once, small, anti-joined everywhere.
 * They reference their pg_extension row, so the refclassid condition lets the planner use
 * pg_depend_reference_index instead of scanning all of pg_depend (~70k rows on GitLab).
 */
export const EXT = `ext AS MATERIALIZED (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
  WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e')`;

export const notExtMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext.objid = ${oid})`;

/** Managed namespaces (the filter and tracking schema applied). Needs EXT. */
export const NS = `ns AS (
  SELECT n.oid, n.nspname::text AS nspname
  FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp_'
    AND n.nspname <> $2::text
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ${notExtMember('pg_namespace', 'n.oid')})`;

/**
 * Tables the model manages: plain and partitioned tables, partitions, inheritance children and
 * foreign tables (not typed tables). Needs NS.
 */
export const TBL = `tbl AS (
  SELECT c.oid, n.nspname, c.relname::text AS relname, c.relpersistence, c.reloptions, c.reltoastrelid,
    c.relrowsecurity, c.relforcerowsecurity, c.relkind, c.relispartition, c.relpartbound, c.relreplident, c.relam
  FROM pg_catalog.pg_class c
  JOIN ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f') AND c.reloftype = 0
    AND ${notExtMember('pg_class', 'c.oid')})`;

/** Sequence options of pg_sequence `s` joined with its pg_type `st`, as a JSON object. */
export const seqOptionsJson = (s: string, st: string): string => `json_build_object(
    'data_type', ${st}.typname, 'start', ${s}.seqstart::text, 'increment', ${s}.seqincrement::text,
    'min_value', ${s}.seqmin::text, 'max_value', ${s}.seqmax::text, 'cache', ${s}.seqcache::text,
    'cycle', ${s}.seqcycle)`;

/**
 * Relations the model manages and that other objects hang on (indexes, triggers, rules): the
 * plain tables of TBL, views and materialized views. Needs TBL (and so NS).
 */
export const REL = `rel AS (
  SELECT t.oid, t.nspname, t.relname FROM tbl t
  UNION ALL
  SELECT c.oid, n.nspname, c.relname::text
  FROM pg_catalog.pg_class c
  JOIN ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm') AND ${notExtMember('pg_class', 'c.oid')})`;

/**
 * A routine of the model: not an extension member, and not part of another object (the
 * constructor functions of a range type depend on it internally and come and go with it).
 */
export const managedRoutine = (p: string): string => `${notExtMember('pg_proc', `${p}.oid`)}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend di WHERE di.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
    AND di.objid = ${p}.oid AND di.deptype = 'i')`;
