/**
 * One query listing every live object the model does not manage, as (kind, key) rows, so the
 * user is told about them instead of having them silently ignored (coverage/unmanaged-report.ts
 * says how). Objects that are parts of an unmanaged relation (its columns, indexes, constraints)
 * are covered by the relation's row; triggers, policies and rules on unmanaged relations are
 * listed too. Database-wide objects (access methods, subscriptions, ...) belong to no
 * schema and are listed only when no schema filter is given. Extension members (pg_depend
 * deptype 'e') are never listed: each branch excludes members of its own catalog, and relation
 * rows also through their row type. test/integration/coverage-kinds.test.ts checks every
 * catalog kind is either managed or listed here.
 */
import { EXT, NS, notExtMember } from './query-parts.js';

/** A schema-scoped catalog: `kind` expression, name column, namespace column, catalog name. */
const inSchema = (catalog: string, alias: string, nsCol: string, kind: string, key: string, where = 'true'): string =>
  `SELECT ${kind} AS kind, n.nspname || '.' || ${key} AS key
FROM pg_catalog.${catalog} ${alias} JOIN ns n ON n.oid = ${alias}.${nsCol}
WHERE ${where} AND ${notExtMember(catalog, `${alias}.oid`)}`;

/** Objects attached to a relation (triggers, policies, rules): key `schema.table.name`. */
const onRelation = (catalog: string, alias: string, relCol: string, kind: string, name: string, where: string): string =>
  `SELECT '${kind}' AS kind, n.nspname || '.' || c.relname || '.' || ${alias}.${name} AS key
FROM pg_catalog.${catalog} ${alias}
JOIN pg_catalog.pg_class c ON c.oid = ${alias}.${relCol}
JOIN ns n ON n.oid = c.relnamespace
WHERE ${where} AND ${notExtMember('pg_class', 'c.oid')}`;

/** A database-wide catalog, listed only without a schema filter. */
const global = (catalog: string, alias: string, kind: string, key: string, where = 'true'): string =>
  `SELECT '${kind}' AS kind, ${key} AS key
FROM pg_catalog.${catalog} ${alias}
WHERE $1::text[] IS NULL AND ${where} AND ${notExtMember(catalog, `${alias}.oid`)}`;

const typeName = (oid: string): string =>
  `CASE WHEN ${oid} = 0 THEN 'NONE' ELSE pg_catalog.format_type(${oid}, NULL) END`;

export const RELATION_KIND = `CASE WHEN c.relkind = 'f' THEN 'foreign table'
    WHEN c.relkind = 'c' THEN 'composite type' ELSE 'typed table' END`;

/** Partitioned tables, partitions, inheritance children and foreign tables are managed; typed tables are not. */
export const UNMANAGED_RELATION = `(c.relkind IN ('r', 'p') AND c.reloftype <> 0)`;

// Array types and multiranges are created implicitly with their element/range type.
const TYPE_KIND = `CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type'
    WHEN 'b' THEN 'base type' ELSE 'shell type' END`;
const UNMANAGED_TYPE = `t.typtype IN ('b', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)`;

const BRANCHES: readonly string[] = [
  // An extension's composite type is recorded as a member through its pg_type row, not pg_class.
  inSchema('pg_class', 'c', 'relnamespace', RELATION_KIND, 'c.relname',
    `${UNMANAGED_RELATION} AND ${notExtMember('pg_type', 'c.reltype')}`),
  inSchema('pg_type', 't', 'typnamespace', TYPE_KIND, 't.typname', UNMANAGED_TYPE),
  inSchema('pg_operator', 'o', 'oprnamespace', "'operator'",
    `o.oprname || '(' || ${typeName('o.oprleft')} || ', ' || ${typeName('o.oprright')} || ')'`),
  inSchema('pg_opclass', 'oc', 'opcnamespace', "'operator class'",
    `oc.opcname || ' USING ' || (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = oc.opcmethod)`),
  inSchema('pg_opfamily', 'of', 'opfnamespace', "'operator family'",
    `of.opfname || ' USING ' || (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = of.opfmethod)`),
  inSchema('pg_ts_config', 'tc', 'cfgnamespace', "'text search configuration'", 'tc.cfgname'),
  inSchema('pg_ts_dict', 'td', 'dictnamespace', "'text search dictionary'", 'td.dictname'),
  inSchema('pg_ts_parser', 'tp', 'prsnamespace', "'text search parser'", 'tp.prsname'),
  inSchema('pg_ts_template', 'tt', 'tmplnamespace', "'text search template'", 'tt.tmplname'),
  inSchema('pg_conversion', 'cv', 'connamespace', "'conversion'", 'cv.conname'),
  // Triggers and rules of managed relations are managed; those of other relations are listed.
  onRelation('pg_trigger', 'tg', 'tgrelid', 'trigger', 'tgname', `NOT tg.tgisinternal AND tg.tgparentid = 0 AND ${UNMANAGED_RELATION}`),
  onRelation('pg_policy', 'po', 'polrelid', 'policy', 'polname', UNMANAGED_RELATION),
  // A view's own `_RETURN` rule is the view.
  onRelation('pg_rewrite', 'ru', 'ev_class', 'rule', 'rulename', `ru.rulename <> '_RETURN' AND ${UNMANAGED_RELATION}`),
  // Foreign-data wrappers, servers, user mappings and publications are managed (inspect/foreign.ts, publications.ts).
  global('pg_language', 'la', 'language', 'la.lanname::text', 'la.oid >= 16384'),
  // Casts are managed (inspect/casts.ts).
  // Reported by design (README "What pg-flux manages"): built-in rows have oids below 16384.
  global('pg_am', 'am', 'access method', 'am.amname::text', 'am.oid >= 16384'),
  global('pg_transform', 'tr', 'transform',
    `'FOR ' || ${typeName('tr.trftype')} || ' LANGUAGE ' || (SELECT la.lanname FROM pg_catalog.pg_language la WHERE la.oid = tr.trflang)`),
  // Subscriptions hold connection strings: only columns every role may read (not subconninfo).
  global('pg_subscription', 'su', 'subscription', 'su.subname::text',
    'su.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())'),
  global('pg_largeobject_metadata', 'lo', 'large object', 'lo.oid::text'),
  // A tablespace is the cluster's, but placing this database's relations in it is not modelled.
  global('pg_tablespace', 'sp', 'tablespace', 'sp.spcname::text',
    `EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace WHERE c.reltablespace = sp.oid)`),
];

export const UNMANAGED_SQL = `WITH ${EXT}, ${NS}
${BRANCHES.map((b) => `(${b})`).join('\nUNION ALL\n')}`;
