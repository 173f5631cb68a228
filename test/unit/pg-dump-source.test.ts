/**
 * Source accepts whatever pg_dump writes to build a schema: its preamble (SET, set_config),
 * `\restrict` / `\unrestrict` lines, ALTER TABLE ... ADD COLUMN, every OWNER TO it writes, and
 * plpgsql's language statements. Data statements are refused where they are written.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const parse = (text: string) => parseSchema([{ path: 'schema/a.sql', text }]);
const problem = (text: string): string => {
  try { parse(text); } catch (e) { if (e instanceof DiagnosticError) return e.message; throw e; }
  return assert.fail('expected a DiagnosticError');
};

describe('pg_dump output as schema source', () => {
  before(() => loadParser());

  it('blanks \\restrict and \\unrestrict lines, keeping every later position', () => {
    const text = '\\restrict AbC123xyz\n\nSET statement_timeout = 0;\nCREATE TABLE t (a int);\nCREATE TABLE t (a int);\n\n\\unrestrict AbC123xyz\n';
    assert.equal(problem(text), 'schema/a.sql:5:14: table public.t is already declared at schema/a.sql:4');
    assert.deepEqual(Object.keys(parse('\\restrict k\r\nCREATE TABLE t (a int);\r\n\\unrestrict k\r\n').schema.tables), ['public.t']);
  });

  it('accepts the preamble: SET ... and set_config of search_path', () => {
    const text = [
      "SET statement_timeout = 0;", "SET lock_timeout = 0;", "SET idle_in_transaction_session_timeout = 0;", "SET transaction_timeout = 0;",
      "SET client_encoding = 'UTF8';", "SET standard_conforming_strings = on;",
      "SELECT pg_catalog.set_config('search_path', '', false);", "SELECT pg_catalog.set_config('search_path', 'public', false);",
      "SET check_function_bodies = false;", "SET xmloption = content;", "SET client_min_messages = warning;", "SET row_security = off;",
      "SET default_tablespace = '';", "SET default_table_access_method = heap;", "SET search_path = public, pg_catalog;",
      'CREATE TABLE t (a int);',
    ].join('\n');
    assert.deepEqual(Object.keys(parse(text).schema.tables), ['public.t']);
    // Another path takes effect for what follows (test/unit/search-path.test.ts).
    assert.deepEqual(Object.keys(parse("CREATE SCHEMA app;\nSELECT pg_catalog.set_config('search_path', 'app', false);\nCREATE TABLE u (a int);\n").schema.tables), ['app.u']);
  });

  it('folds ALTER TABLE ... ADD COLUMN into the table, after its columns, with inline constraints', () => {
    const s = parse([
      'ALTER TABLE ONLY public.t ADD COLUMN c text NOT NULL DEFAULT \'x\' CHECK (c <> \'\');',
      'CREATE TABLE t (a int PRIMARY KEY);',
      'ALTER TABLE t ADD COLUMN b bigserial, ADD COLUMN IF NOT EXISTS a int;',
      'ALTER TABLE t ALTER COLUMN b SET DEFAULT 7;',
    ].join('\n')).schema;
    const t = s.tables['public.t']!;
    assert.deepEqual(t.columns.map((c) => [c.name, c.notNull]), [['a', true], ['c', true], ['b', true]]);
    assert.ok(Object.keys(s.constraints).includes('public.t.t_c_check'), Object.keys(s.constraints).join());
    assert.ok('public.t_b_seq' in s.sequences);
    assert.match(problem('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a text;\n'), /^schema\/a\.sql:2:26: column a of public\.t is already declared/);
    assert.match(problem('ALTER TABLE nowhere ADD COLUMN a text;\n'), /^schema\/a\.sql:1:\d+: ALTER TABLE names table public\.nowhere, which is declared nowhere/);
  });

  it('ignores plpgsql: CREATE OR REPLACE PROCEDURAL LANGUAGE, ALTER [PROCEDURAL] LANGUAGE ... OWNER TO, its comment', () => {
    const s = parse([
      'CREATE OR REPLACE PROCEDURAL LANGUAGE plpgsql;', 'CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;', 'ALTER PROCEDURAL LANGUAGE plpgsql OWNER TO postgres;',
      'ALTER LANGUAGE plpgsql OWNER TO postgres;', "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';", 'CREATE TABLE t (a int);',
    ].join('\n'));
    assert.deepEqual(Object.keys(s.schema.extensions), []);
    assert.deepEqual(s.authz.owners, []);
    assert.match(problem('ALTER LANGUAGE plperl OWNER TO postgres;\n'), /^schema\/a\.sql:1:1: OWNER TO ON LANGUAGE is not supported yet/);
  });

  it('refuses DO blocks and role statements as not schema state, saying where they belong', () => {
    assert.match(problem("DO $$ BEGIN CREATE ROLE r; END $$;\n"), /^schema\/a\.sql:1:1: DO in schema source: a DO block runs code once and declares no object.*run once per cluster, outside schema\//s);
    for (const sql of ['CREATE ROLE r;', 'ALTER ROLE r LOGIN;', 'GRANT r TO postgres;']) {
      assert.match(problem(`${sql}\n`), /^schema\/a\.sql:1:1: (CREATE ROLE|ALTER ROLE|GRANT role) in schema source: roles belong to the cluster/, sql);
    }
  });

  it('accepts every OWNER TO form pg_dump writes for managed kinds', () => {
    const s = parse(`CREATE SCHEMA s; ALTER SCHEMA s OWNER TO postgres;
CREATE TABLE s.t (a serial, b int); ALTER TABLE s.t OWNER TO postgres; ALTER TABLE s.t_a_seq OWNER TO postgres; ALTER SEQUENCE s.t_a_seq OWNER TO postgres;
CREATE VIEW s.v AS SELECT 1 AS x; ALTER VIEW s.v OWNER TO postgres; ALTER TABLE s.v OWNER TO postgres;
CREATE MATERIALIZED VIEW s.mv AS SELECT 1 AS x; ALTER MATERIALIZED VIEW s.mv OWNER TO postgres; ALTER TABLE s.mv OWNER TO postgres;
CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS 'select 1'; ALTER FUNCTION s.f() OWNER TO postgres;
CREATE PROCEDURE s.p() LANGUAGE sql AS 'select 1'; ALTER PROCEDURE s.p() OWNER TO postgres; ALTER ROUTINE s.p() OWNER TO postgres;
CREATE TYPE s.e AS ENUM ('a'); ALTER TYPE s.e OWNER TO postgres; CREATE DOMAIN s.d AS int; ALTER DOMAIN s.d OWNER TO postgres;
CREATE COLLATION s.c (provider = icu, locale = 'und'); ALTER COLLATION s.c OWNER TO postgres;
CREATE AGGREGATE s.a(int) (sfunc = int4pl, stype = int); ALTER AGGREGATE s.a(int) OWNER TO postgres;
CREATE TYPE s.comp AS (x int); ALTER TYPE s.comp OWNER TO postgres; CREATE TYPE s.r AS RANGE (subtype = int4); ALTER TYPE s.r OWNER TO postgres;
CREATE SEQUENCE s.q; ALTER SEQUENCE s.q OWNER TO postgres;
`);
    assert.equal(s.authz.owners.length, 18);
  });

  it('refuses data statements where they are written, saying where seed data goes', () => {
    for (const [stmt, what] of [
      ['INSERT INTO t VALUES (1);', 'INSERT'], ['COPY t (a) FROM stdin;', 'COPY'], ['UPDATE t SET a = 2;', 'UPDATE'], ['DELETE FROM t;', 'DELETE'],
      ["SELECT pg_catalog.setval('public.t_a_seq', 42, true);", 'SELECT setval(...)'],
    ] as const) {
      assert.equal(problem(`CREATE TABLE t (a int);\n  ${stmt}\n`),
        `schema/a.sql:2:3: ${what} in schema source: seed data does not belong in schema/, which declares structure only ` +
        '(put the rows in a migration file under migrations/ or in a seed script you run after pg-flux migrate apply)');
    }
  });
  it('ADD CONSTRAINT ... USING INDEX takes over an index declared before it, and says why when it cannot', () => {
    const ok = parse('CREATE TABLE t (a int NOT NULL, b int);\nCREATE UNIQUE INDEX t_a ON t (a) INCLUDE (b);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_a;\n').schema;
    assert.deepEqual(Object.keys(ok.indexes), []);
    const pk = Object.values(ok.constraints)[0]!;
    assert.equal(pk.name, 't_pkey');
    assert.equal(pk.definition.canon, 'PRIMARY KEY (a) INCLUDE (b)');
    assert.equal(problem('CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_a;\n'),
      'schema/a.sql:2:19: ADD CONSTRAINT ... USING INDEX t_a: no index of that name is declared on public.t before this statement '
      + '(declare the CREATE UNIQUE INDEX before the ALTER TABLE, or declare the constraint with its columns instead)');
    assert.match(problem('CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a ON t (a) WHERE a > 0;\nALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX t_a;\n'),
      /^schema\/a.sql:3:19: index t_a cannot back a constraint: it is a partial index/);
    assert.match(problem('CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (lower(a::text));\nALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX t_a;\n'), /it is not a UNIQUE index/);
  });
  it('ALTER TABLE ... DROP COLUMN removes the column, with the indexes and constraints of the table that use it', () => {
    const s = parse([
      'CREATE TABLE t (a int PRIMARY KEY, b int CHECK (b > 0), c int, UNIQUE (b, c));',
      'CREATE INDEX t_b ON t (b);', 'CREATE INDEX t_c ON t (c) WHERE b IS NULL;', 'CREATE INDEX t_a ON t (a);',
      'ALTER TABLE t DROP COLUMN b;', 'ALTER TABLE t ADD COLUMN b text;', 'CREATE INDEX t_b2 ON t (b);',
      'ALTER TABLE t DROP COLUMN IF EXISTS zz;',
    ].join('\n')).schema;
    assert.deepEqual(s.tables['public.t']!.columns.map((c) => `${c.name} ${c.type.name}`), ['a int4', 'c int4', 'b text']);
    assert.deepEqual(Object.keys(s.indexes).sort(), ['public.t_a', 'public.t_b2']);
    assert.deepEqual(Object.values(s.constraints).map((c) => c.type), ['primary_key']);
    // Two drops: what the first removes does not make the second reach constraints declared after it.
    const two = parse([
      'CREATE TABLE u (a int CHECK (a > 0), b int CHECK (b > 0), c int);', 'ALTER TABLE u DROP COLUMN a;', 'ALTER TABLE u DROP COLUMN b;',
      'ALTER TABLE u ADD COLUMN b int;', 'ALTER TABLE u ADD CONSTRAINT u_b_check CHECK (b > 1);',
    ].join('\n')).schema;
    assert.deepEqual(Object.values(two.constraints).map((c) => c.definition.canon), ['CHECK (b > 1)']);
    assert.equal(problem('CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN b;\n'), 'schema/a.sql:2:1: DROP COLUMN: column b of public.t does not exist');
    assert.match(problem('CREATE TABLE t (a int PRIMARY KEY);\nCREATE TABLE u (x int REFERENCES t (a));\nALTER TABLE t DROP COLUMN a;\n'),
      /^schema\/a.sql:3:1: DROP COLUMN a of public.t: a foreign key of public.u \(declared at schema\/a.sql:2\) references it/);
  });
});
