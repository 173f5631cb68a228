/**
 * Composite types, range types of the schema and declared array dimensions, language by language:
 * what each driver returns decides the type (codegen.md §2.1), the types a driver must load come
 * in dependency order, and declared dimensions are informational (never compared or hashed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from '../support/pipeline.js';
import { generateCode } from '../../src/core/emit/codegen/generate.js';
import { buildGenModel } from '../../src/core/emit/codegen/build-model.js';
import { defaultOptions, type GenOptions, type Language } from '../../src/core/emit/codegen/options.js';
import { resolveType } from '../../src/core/emit/codegen/types/resolve.js';
import { schemaHash } from '../../src/core/model/compare.js';
import type { Schema } from '../../src/core/model/schema.js';

const SOURCE = `
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE "My Pair" AS (a posint, m mood);
CREATE TYPE outer_t AS (p "My Pair", doc tsvector);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE textrange AS RANGE (subtype = text);
CREATE TABLE t (
  id int PRIMARY KEY,
  pair "My Pair",
  o outer_t,
  r floatrange NOT NULL,
  mr floatmultirange,
  tr textrange,
  grid int[][],
  flat int[]
);
`;

const files = (s: Schema, lang: Language, o: Partial<GenOptions> = {}): string =>
  generateCode(s, { ...defaultOptions(lang), ...o }).files.map((f) => `--- ${f.path}\n${f.text}`).join('\n');

test('types a driver must load come after what they are made of, and are quoted as SQL reads them', async () => {
  const s = await parseSource(SOURCE);
  const loads = buildGenModel(s, 'h', '', defaultOptions('go')).typeLoads.map((l) => `${l.kind} ${l.sqlName}`);
  assert.deepEqual(loads, [
    'domain public.posint', 'enum public.mood', 'composite public."My Pair"', 'composite public.outer_t',
    'range public.floatrange', 'multirange public.floatmultirange', 'range public.textrange', 'multirange public.textmultirange',
  ]);
  assert.match(files(s, 'go'), /\t\t"public\.\\"My Pair\\"\[\]",\n/, 'RegisterTypes loads the array type too, as a Go string');
});

test('declared dimensions reach the types and are not part of the schema hash', async () => {
  const s = await parseSource(SOURCE);
  const cols = s.tables['public.t']!.columns;
  const grid = cols.find((c) => c.name === 'grid')!;
  assert.equal(grid.type.arrayDims, 1, 'the model keeps "array or not"');
  assert.equal(grid.type.declaredDims, 2);
  assert.equal(resolveType(s, grid.type).arrayDims, 2);
  const flat = await parseSource(SOURCE.replace('int[][]', 'int[]'));
  assert.equal(schemaHash(s), schemaHash(flat), 'int[] and int[][] are the same column type to PostgreSQL');
  assert.match(files(s, 'ts'), /\bgrid: \(number \| null\)\[\]\[\] \| null;/);
  assert.match(files(s, 'go'), /\bGrid +\[\]\[\]\*int32\b/);
  assert.match(files(s, 'python'), /\bgrid: list\[list\[int \| None\]\] \| None/);
  assert.match(files(s, 'rust'), /column "grid" left out: sqlx decodes one-dimensional arrays only/);
});

test('TypeScript: composites and ranges are the text node-postgres returns; the composite shape is an interface', async () => {
  const text = files(await parseSource(SOURCE), 'ts', { validators: 'zod' });
  assert.match(text, /\bpair: string \| null;/);
  assert.match(text, /\br: string;/);
  assert.match(text, /\bmr: string \| null;/);
  assert.match(text, /export interface MyPair \{\n {2}a: number \| null;\n {2}m: Mood \| null;\n\}/);
  assert.match(text, /export const MyPairSchema = z\.object\(\{\n {2}a: z\.number\(\)\.int\(\)[^\n]*\.nullable\(\),\n {2}m: z\.enum\(MoodValues\)\.nullable\(\),\n\}\);/);
});

test('Go: pgx scans into the structs and pgtype ranges (text for a subtype without a pgtype value); database/sql gets text', async () => {
  const s = await parseSource(SOURCE);
  const pgx = files(s, 'go');
  assert.match(pgx, /\bPair +\*MyPair\b/);
  assert.match(pgx, /\bR +pgtype\.Range\[pgtype\.Float8\]/);
  assert.match(pgx, /\bMr +pgtype\.Multirange\[pgtype\.Range\[pgtype\.Float8\]\]/);
  assert.match(pgx, /\bTr +pgtype\.Range\[pgtype\.Text\]/);
  const sql = files(s, 'go', { goDriver: 'database/sql' });
  assert.match(sql, /\bPair +sql\.NullString\b/);
  assert.match(sql, /\bR +string\b/);
  assert.doesNotMatch(sql, /register\.go/, 'database/sql has no type registration');
});

test('Python: models and psycopg Range / Multirange, registered in order by register_types', async () => {
  const py = files(await parseSource(SOURCE), 'python');
  assert.match(py, /\bpair: MyPair \| None/);
  assert.match(py, /\br: Range\[float\]\n/);
  assert.match(py, /\bmr: Multirange\[float\] \| None/);
  assert.match(py, /_register_composite\(conn, "public\.\\"My Pair\\"", MyPair\)\n {4}_register_composite\(conn, "public\.outer_t", OuterT\)/);
  assert.match(py, /_register_range\(conn, "public\.floatrange"\)\n {4}_register_multirange\(conn, "public\.floatmultirange"\)/);
});

test('Rust: derive(sqlx::Type) structs and PgRange newtypes; what sqlx cannot decode is left out with the reason', async () => {
  const rs = files(await parseSource(SOURCE), 'rust');
  assert.match(rs, /#\[sqlx\(type_name = "My Pair"\)\]\npub struct MyPair \{\n {4}pub a: Option<i32>,\n {4}pub m: Option<Mood>,\n\}/);
  assert.match(rs, /composite type public\.outer_t left out: attribute "doc": sqlx cannot decode tsvector/);
  assert.match(rs, /column "o" left out: sqlx cannot decode an attribute of composite public\.outer_t/);
  assert.match(rs, /pub struct Floatrange\(pub sqlx::postgres::types::PgRange<f64>\);/);
  assert.match(rs, /pub r: Floatrange,/);
  assert.match(rs, /column "mr" left out: sqlx has no multirange type/);
});
