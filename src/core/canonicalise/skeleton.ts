/**
 * The skeleton of a desired schema that the bodies of programmable objects need in order to
 * load: schemas, extensions, enum types, sequences, and tables with just their columns (types
 * and collations) and primary keys (a view may rely on one: GROUP BY a key makes the other
 * columns usable). No defaults, checks, foreign keys or indexes: loading is fast even for
 * thousands of tables, and nothing in the skeleton calls a function not created yet.
 */
import type { Schema } from '../model/schema.js';
import { keyOf } from '../model/names.js';
import { constraintsOf } from '../model/by-table.js';
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from '../emit/sql/quote.js';
import { typeToSql } from '../canon/type-names.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';

export const skeletonStatements = (s: Schema): string[] => {
  const out: string[] = [];
  for (const n of Object.values(s.schemas)) if (n.name !== DEFAULT_SCHEMA) out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(n.name)}`);
  for (const e of Object.values(s.extensions)) {
    out.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)}${e.version ? ` VERSION ${quoteLiteral(e.version)}` : ''} CASCADE`);
  }
  for (const e of Object.values(s.enums)) out.push(`CREATE TYPE ${quoteQualified(e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`);
  for (const q of Object.values(s.sequences)) out.push(`CREATE SEQUENCE ${quoteQualified(q.name)}`);
  for (const t of Object.values(s.tables)) {
    const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${typeToSql(c.type)}${c.collation ? ` COLLATE ${quoteQualified(c.collation)}` : ''}`);
    const pk = constraintsOf(s, keyOf(t.name)).find((c) => c.type === 'primary_key');
    if (pk) cols.push(`PRIMARY KEY (${quoteIdentList(pk.columns)})`);
    out.push(`CREATE TABLE ${quoteQualified(t.name)} (${cols.join(', ')})`);
  }
  return out;
};
