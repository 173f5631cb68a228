/**
 * Views and materialized views: one row each, output columns aggregated in attnum order, the
 * query as pg_get_viewdef prints it (with the inspector's empty search_path every name outside
 * pg_catalog is schema-qualified). Dependency refs are attached later (dependencies.ts).
 */
import type { ViewColumn, ViewDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { typeFromCatalog } from '../canon/catalog.js';
import { EXT, NS, notExtMember } from './query-parts.js';
import { qualified, reader } from './rows.js';
import { compareText, forObject } from './records.js';

export const VIEWS_SQL = `WITH ${EXT}, ${NS},
cols AS (
  SELECT a.attrelid, json_agg(json_build_object(
      'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
      'collation', CASE WHEN co.oid IS NOT NULL THEN json_build_object('schema', con.nspname, 'name', co.collname) END,
      -- ALTER VIEW ... ALTER COLUMN ... SET DEFAULT: what an INSERT through the view gets.
      'default', pg_catalog.pg_get_expr(ad.adbin, 0))
    ORDER BY a.attnum) AS columns
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('v', 'm')
  -- Only managed schemas: the system views alone have thousands of columns to format.
  JOIN ns ON ns.oid = c.relnamespace
  JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation
  LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped
  GROUP BY a.attrelid)
SELECT n.nspname AS schema, c.relname::text AS name, c.relkind = 'm' AS materialized,
  pg_catalog.pg_get_viewdef(c.oid) AS query, COALESCE(c.reloptions::text[], '{}') AS options,
  CASE WHEN c.relkind = 'm' AND am.amname <> 'heap' THEN am.amname::text END AS access_method,
  COALESCE(cols.columns, '[]'::json) AS columns,
  (SELECT ic.relname::text FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid = c.oid AND i.indisclustered) AS cluster_index
FROM pg_catalog.pg_class c
JOIN ns n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN cols ON cols.attrelid = c.oid
WHERE c.relkind IN ('v', 'm') AND ${notExtMember('pg_class', 'c.oid')}`;

export interface ViewRow {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly query: string;
  readonly options: readonly string[];
  readonly accessMethod: string | null;
  readonly clusterIndex?: string | null;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly collation: { schema: string; name: string } | null; readonly default?: string | null }[];
}

export const toViewRow = (raw: unknown): ViewRow => {
  const r = reader('views', raw);
  return {
    schema: r.str('schema'), name: r.str('name'), materialized: r.bool('materialized'), query: r.str('query'),
    options: r.strs('options'), accessMethod: r.optStr('access_method'), clusterIndex: r.row['cluster_index'] === undefined ? null : r.optStr('cluster_index'),
    columns: r.list('columns').map((c) => {
      const cr = reader('views.columns', c);
      const coll = cr.row['collation'];
      return { name: cr.str('name'), type: cr.str('type'), collation: coll === null ? null : qualified('views.columns.collation', coll), default: cr.row['default'] === undefined ? null : cr.optStr('default') };
    }),
  };
};

/** Boolean view options as the server reads them: `on`, `yes`, `1` all mean true. */
const BOOLEAN_OPTIONS = new Set(['security_barrier', 'security_invoker']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1', 't', 'y']);

export const canonicalViewOption = (option: string): string => {
  const i = option.indexOf('=');
  const key = option.slice(0, i);
  const value = option.slice(i + 1);
  return BOOLEAN_OPTIONS.has(key) ? `${key}=${TRUE_WORDS.has(value.toLowerCase()) ? 'true' : 'false'}` : option;
};

/** pg_get_viewdef ends the query with a semicolon; the model keeps the bare query. */
export const bareQuery = (q: string): string => q.trim().replace(/;$/, '');

export const buildView = (row: ViewRow): ViewDef => forObject(`view ${row.schema}.${row.name}`, () => ({
  kind: 'view',
  name: qname(row.schema, row.name),
  materialized: row.materialized,
  columns: row.columns.map((c): ViewColumn => ({
    name: c.name, type: typeFromCatalog(c.type), collation: c.collation === null ? null : qname(c.collation.schema, c.collation.name),
    ...(c.default ? { default: c.default } : {}),
  })),
  query: bareQuery(row.query),
  options: row.options.map(canonicalViewOption).sort(compareText),
  accessMethod: row.accessMethod,
  ...(row.clusterIndex ? { clusterOn: row.clusterIndex } : {}),
  refs: [],
  source: null,
}));
