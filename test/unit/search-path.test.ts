/** SET search_path in schema source: unqualified names get the schema PostgreSQL would give them (parse/search-path.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOnly } from '../support/pipeline.js';
import type { DiagnosticError } from '../../src/core/model/diagnostic.js';

test('objects created under a search_path go to its first schema; references find the declaring schema in path order', async () => {
  const r = await parseOnly(`CREATE SCHEMA app;
CREATE SCHEMA lib;
SET search_path = lib, pg_catalog;
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE shared (id int PRIMARY KEY);
SET search_path = app, lib, pg_catalog;
CREATE SEQUENCE n_seq;
CREATE TABLE orders (
  id int DEFAULT nextval('n_seq'::regclass) PRIMARY KEY,
  m mood,
  shared_id int REFERENCES shared
);
ALTER SEQUENCE n_seq OWNED BY orders.id;
CREATE INDEX orders_m ON orders (m);
`);
  assert.deepEqual(Object.keys(r.schema.tables), ['app.orders', 'lib.shared']);
  assert.deepEqual(Object.keys(r.schema.enums), ['lib.mood']);
  assert.deepEqual(Object.keys(r.schema.sequences), ['app.n_seq']);
  assert.deepEqual(Object.keys(r.schema.indexes), ['app.orders_m']);
  const t = r.schema.tables['app.orders']!;
  assert.deepEqual(t.columns.find((c) => c.name === 'm')?.type, { schema: 'lib', name: 'mood', modifiers: [], arrayDims: 0 });
  assert.match(t.columns.find((c) => c.name === 'id')?.default?.sql ?? '', /app\.n_seq/);
  assert.equal(r.schema.sequences['app.n_seq']?.ownedBy?.table.schema, 'app');
  const fk = Object.values(r.schema.constraints).find((c) => c.name === 'orders_shared_id_fkey');
  assert.match(fk?.definition.sql ?? '', /REFERENCES lib\.shared/);
});

test('the path lasts to the end of its file, and RESET / DEFAULT / set_config go back to public', async () => {
  const r = await parseOnly(`CREATE SCHEMA app;
SET search_path TO app;
CREATE TABLE a (id int);
RESET search_path;
CREATE TABLE b (id int);
SELECT pg_catalog.set_config('search_path', 'app', false);
CREATE TABLE c (id int);
SET search_path = DEFAULT;
CREATE TABLE d (id int);
`);
  assert.deepEqual(Object.keys(r.schema.tables), ['app.a', 'app.c', 'public.b', 'public.d']);
  const e = await parseOnly('CREATE SCHEMA ext;\nSET search_path = ext;\nCREATE EXTENSION citext;\nCREATE EXTENSION hstore SCHEMA public;\n');
  assert.deepEqual(Object.values(e.schema.extensions).map((x) => [x.name, x.schema]).sort(), [['citext', 'ext'], ['hstore', 'public']]);
});

test('bodies keep their text and carry the search_path they were written under, for the canonicaliser', async () => {
  const r = await parseOnly(`CREATE SCHEMA app;
SET search_path = app, pg_catalog;
CREATE TABLE t (id int);
CREATE VIEW v AS SELECT id FROM t;
COMMENT ON TABLE t IS 'x';
COMMENT ON COLUMN t.id IS 'y';
`);
  const v = r.bodies.find((b) => b.kind === 'view');
  assert.equal(v?.key, 'app.v');
  assert.deepEqual(v?.searchPath, ['app', 'pg_catalog']);
  assert.match(v?.sql ?? '', /FROM t$/);
  assert.ok(v?.requires.includes('table:app.t'));
});

test('RENAME CONSTRAINT in source renames a declared (or default-named) constraint; BEGIN/COMMIT are accepted, ROLLBACK is not; ALTER DATABASE SET is reported', async () => {
  const r = await parseOnly(`BEGIN;
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, p_id int REFERENCES p);
ALTER TABLE c RENAME CONSTRAINT c_p_id_fkey TO parent;
ALTER DATABASE mydb SET timezone = 'UTC';
COMMIT;
`);
  assert.deepEqual(
    Object.values(r.schema.constraints)
      .map((c) => c.name)
      .sort(),
    ['p_pkey', 'parent'],
  );
  assert.deepEqual(r.warnings, ['ALTER DATABASE ... SET (database settings) is not managed yet: 1 statement(s) ignored']);
  await assert.rejects(
    parseOnly('CREATE TABLE t (id int);\nALTER TABLE t RENAME CONSTRAINT nope TO x;\nROLLBACK;\n'),
    (e: DiagnosticError) => {
      assert.deepEqual(
        e.diagnostics.map((d) => d.location?.line),
        [3],
      );
      return true;
    },
  );
  await assert.rejects(parseOnly('CREATE TABLE t (id int);\nALTER TABLE t RENAME CONSTRAINT nope TO x;\n'), (e: DiagnosticError) => {
    assert.deepEqual(
      e.diagnostics.map((d) => [d.location?.line, d.code]),
      [[2, 'unknown_reference']],
    );
    return true;
  });
});
