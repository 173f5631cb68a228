/**
 * The skeleton of a desired schema that the bodies of programmable objects need in order to
 * load: schemas, extensions, collations, types (enums; domains, composite and range types in
 * the order they use each other), sequences, and tables with just their columns (types and
 * collations) and primary keys (a view may rely on one: GROUP BY a key makes the other columns
 * usable). No defaults, checks, foreign keys or indexes, and types without their CHECKs and
 * support functions: loading is fast even for thousands of tables, and nothing in the skeleton
 * calls a function not created yet.
 */
import type { Schema } from '../model/schema.js';
import type { TypeRef } from '../model/type-ref.js';
import { keyOf } from '../model/names.js';
import { constraintsOf } from '../model/by-table.js';
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from '../emit/sql/quote.js';
import { createCollationSql, createCompositeSql, createDomainSql, createRangeSql } from '../emit/sql/types.js';
import { typeToSql } from '../canon/type-names.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { topoSort } from '../order/graph.js';
import { createTableSql } from '../emit/sql/tables.js';
import { parentsOf } from '../model/inheritance.js';
import type { TableDef } from '../model/objects.js';

const typeKey = (t: TypeRef): string | null => (t.schema === null ? null : `${t.schema}.${t.name}`);

/** Domains, composite and range types, each after the types it is built on. */
const userTypes = (s: Schema): string[] => {
  const items: { key: string; sql: string; uses: (string | null)[] }[] = [
    ...Object.entries(s.domains).map(([key, d]) => ({ key, sql: createDomainSql(d, true), uses: [typeKey(d.baseType)] })),
    ...Object.entries(s.compositeTypes).map(([key, t]) => ({ key, sql: createCompositeSql(t), uses: t.attributes.map((a) => typeKey(a.type)) })),
    ...Object.entries(s.rangeTypes).map(([key, r]) => ({ key, sql: createRangeSql(r, true), uses: [typeKey(r.subtype)] })),
  ];
  const index = new Map(items.map((it, i) => [it.key, i]));
  const edges: [number, number][] = [];
  items.forEach((it, i) => { for (const u of it.uses) { const j = u === null ? undefined : index.get(u); if (j !== undefined && j !== i) edges.push([j, i]); } });
  const { order } = topoSort(items.map((_, i) => i), edges);
  return order.map((i) => items[i]!.sql);
};

/** Tables with partition parents and inheritance parents before their children. */
const parentsFirst = (s: Schema): TableDef[] => {
  const list = Object.values(s.tables);
  const index = new Map(list.map((t, i) => [keyOf(t.name), i]));
  const edges: [number, number][] = [];
  list.forEach((t, i) => { for (const p of parentsOf(t)) { const j = index.get(keyOf(p)); if (j !== undefined && j !== i) edges.push([j, i]); } });
  return topoSort(list.map((_, i) => i), edges).order.map((i) => list[i]!);
};

export const skeletonStatements = (s: Schema): (string | { sql: string; source: TableDef['source'] })[] => {
  const out: (string | { sql: string; source: TableDef['source'] })[] = [];
  for (const n of Object.values(s.schemas)) if (n.name !== DEFAULT_SCHEMA) out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(n.name)}`);
  for (const e of Object.values(s.extensions)) {
    out.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)}${e.version ? ` VERSION ${quoteLiteral(e.version)}` : ''} CASCADE`);
  }
  for (const c of Object.values(s.collations)) out.push(createCollationSql(c));
  for (const e of Object.values(s.enums)) out.push(`CREATE TYPE ${quoteQualified(e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`);
  out.push(...userTypes(s));
  for (const q of Object.values(s.sequences)) out.push(`CREATE SEQUENCE ${quoteQualified(q.name)}`);
  for (const t of parentsFirst(s)) {
    const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${typeToSql(c.type)}${c.collation ? ` COLLATE ${quoteQualified(c.collation)}` : ''}`);
    const pk = constraintsOf(s, keyOf(t.name)).find((c) => c.type === 'primary_key');
    if (pk) cols.push(`PRIMARY KEY (${quoteIdentList(pk.columns)})`);
    // A foreign table loads as a plain one (no server is needed), without storage parameters and
    // access method: the body statements need neither.
    const { foreign: _foreign, accessMethod: _accessMethod, ...plain } = t;
    const sql = createTableSql({ ...plain, options: [] }, cols).replace(/\n\s*/g, ' ');
    out.push(t.partitionOf || t.partitionBy !== undefined || t.inherits ? { sql, source: t.source } : sql);
  }
  return out;
};
