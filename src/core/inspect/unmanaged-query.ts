/**
 * One query listing every live object the model does not manage yet, as (kind, key) rows, so the
 * user is told about them instead of having them silently ignored. Objects that are parts of an
 * unmanaged relation (its columns, indexes, constraints) are covered by the relation's row;
 * triggers, policies and rules are listed on every relation. Database-wide objects (event
 * triggers, casts, ...) belong to no schema and are listed only when no schema filter is given.
 * Extension members are never listed.
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
  // Foreign-data wrappers, servers, user mappings and publications are managed; subscriptions hold connection strings and are not.
  global('pg_subscription', 'su', 'subscription', 'su.subname::text', 'su.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())'),
  global('pg_language', 'la', 'language', 'la.lanname::text', 'la.oid >= 16384'),
  // User-defined casts only: built-in ones have oids below FirstNormalObjectId.
  global('pg_cast', 'ca', 'cast', `${typeName('ca.castsource')} || ' AS ' || ${typeName('ca.casttarget')}`,
    'ca.oid >= 16384'),
];

export const UNMANAGED_SQL = `WITH ${EXT}, ${NS}
${BRANCHES.map((b) => `(${b})`).join('\nUNION ALL\n')}`;
