/**
 * Publications (database-wide: read only without a schema filter), with their table lists,
 * column lists and row filters (PostgreSQL 15+) and schemas (FOR TABLES IN SCHEMA, 15+). The
 * catalogs of 14 lack those columns and pg_publication_namespace, so the text depends on the
 * server's version. A row filter is read back through the source's expression canonicaliser.
 */
import type { PublicationDef, PublicationTable, PublishOperation } from '../model/foreign.js';
import { PUBLISH_OPERATIONS } from '../model/foreign.js';
import { parseStatements } from '../parse/pg-query.js';
import { exprFromNode } from '../canon/expressions.js';
import { EXT, notExtMember } from './query-parts.js';
import { reader } from './rows.js';
import { compareText, sortedRecord } from './records.js';

const tablesSql = (v15: boolean): string => `SELECT pr.prpubid, json_agg(json_build_object('schema', n.nspname::text, 'name', c.relname::text,
    'columns', ${v15 ? `(SELECT json_agg(a.attname::text) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs))` : 'NULL'},
    'where', ${v15 ? 'pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL'})) AS tables
  FROM pg_catalog.pg_publication_rel pr
  JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  GROUP BY pr.prpubid`;

const schemasSql = `SELECT pn.pnpubid, pg_catalog.array_agg(n.nspname::text) AS schemas
  FROM pg_catalog.pg_publication_namespace pn JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
  GROUP BY pn.pnpubid`;

// $1 (schema filter) and $2 (tracking schema) are bound for every query; publications are in no schema.
export const publicationsSql = (versionNum: number): string => {
  const v15 = versionNum >= 150000;
  return `WITH ${EXT}, params AS (SELECT $1::text[] AS filter, $2::text AS tracking),
rels AS (${tablesSql(v15)})${v15 ? `,\nnsps AS (${schemasSql})` : ''}
SELECT p.pubname::text AS name, p.puballtables AS all_tables, p.pubinsert AS insert, p.pubupdate AS update, p.pubdelete AS delete,
  p.pubtruncate AS truncate, p.pubviaroot AS via_root, to_jsonb(p) ->> 'pubgencols' AS generated_columns,
  COALESCE(r.tables, '[]'::json) AS tables, ${v15 ? "COALESCE(s.schemas, '{}')" : "'{}'::text[]"} AS schemas
FROM pg_catalog.pg_publication p
LEFT JOIN rels r ON r.prpubid = p.oid
${v15 ? 'LEFT JOIN nsps s ON s.pnpubid = p.oid\n' : ''}WHERE (SELECT filter FROM params) IS NULL AND ${notExtMember('pg_publication', 'p.oid')}`;
};

const whereExpr = (text: string) => {
  const node = parseStatements(`SELECT ${text}`)[0]?.node['SelectStmt']?.targetList?.[0]?.ResTarget?.val;
  if (!node) throw new Error(`unexpected publication row filter from the catalog: ${text}`);
  return exprFromNode(node, text);
};

const buildTable = (raw: unknown): PublicationTable => {
  const r = reader('publications', raw);
  const cols = r.row['columns'];
  return {
    table: { schema: r.str('schema'), name: r.str('name') },
    columns: cols === null ? null : [...r.strs('columns')].sort(compareText),
    where: r.optStr('where') === null ? null : whereExpr(r.str('where')),
  };
};

export const buildPublication = (raw: unknown): PublicationDef => {
  const r = reader('publications', raw);
  const publish: PublishOperation[] = PUBLISH_OPERATIONS.filter((o) => r.bool(o));
  const gen = r.optStr('generated_columns');
  const tables = r.list('tables').map(buildTable).sort((a, b) => compareText(`${a.table.schema}.${a.table.name}`, `${b.table.schema}.${b.table.name}`));
  return {
    kind: 'publication', name: r.str('name'), allTables: r.bool('all_tables'), tables, schemas: [...r.strs('schemas')].sort(compareText),
    publish, viaPartitionRoot: r.bool('via_root'), ...(gen === 's' || gen === 'true' ? { generatedColumns: 'stored' as const } : {}), source: null,
  };
};

export const buildPublications = (rows: readonly unknown[]): Record<string, PublicationDef> =>
  sortedRecord('publications', rows.map((x) => { const p = buildPublication(x); return [p.name, p] as const; }));
