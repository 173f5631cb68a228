/** DROP in schema/: a leading DROP ... IF EXISTS is the no-op it is on an empty database; any other DROP is refused at its place. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOnly, parseSource } from '../support/pipeline.js';
import type { DiagnosticError } from '../../src/core/model/diagnostic.js';

test('DROP ... IF EXISTS before anything declares the object drops nothing', async () => {
  const r = await parseOnly(`DROP TABLE IF EXISTS orders;
DROP VIEW IF EXISTS v;
DROP FUNCTION IF EXISTS f(int);
DROP TYPE IF EXISTS mood;
CREATE TABLE orders (id int PRIMARY KEY);
`);
  assert.deepEqual(Object.keys(r.schema.tables), ['public.orders']);
});

test('a DROP of something declared before it, or without IF EXISTS, is an error at its line', async () => {
  await assert.rejects(parseOnly('CREATE TABLE t (id int);\nDROP TABLE IF EXISTS t;\nDROP SEQUENCE s;\n'), (e: DiagnosticError) => {
    assert.deepEqual(e.diagnostics.map((d) => [d.location?.line, d.message]), [
      [2, 'DROP TABLE IF EXISTS of something this source declares before it'],
      [3, 'DROP SEQUENCE in the schema source'],
    ]);
    return true;
  });
});

test('ALTER TABLE IF EXISTS of a table not declared yet changes nothing (pg_dump --clean --if-exists); of a declared one it applies', async () => {
  const r = await parseOnly(`ALTER TABLE IF EXISTS ONLY public.orders DROP CONSTRAINT IF EXISTS orders_customer_fk;
CREATE TABLE orders (id int PRIMARY KEY, note text);
ALTER TABLE IF EXISTS orders ALTER COLUMN note SET NOT NULL;
`);
  assert.deepEqual(Object.keys(r.schema.tables), ['public.orders']);
  assert.equal(r.schema.tables['public.orders']?.columns.find((c) => c.name === 'note')?.notNull, true);
});

test("pg_dump --clean's view stubs: DROP VIEW IF EXISTS takes the stub declared before it, and the real view comes later", async () => {
  const schema = await parseSource(`CREATE TABLE orders (id int PRIMARY KEY, total numeric);
CREATE OR REPLACE VIEW public.order_totals AS SELECT NULL::integer AS id, NULL::numeric AS total;
DROP VIEW IF EXISTS public.order_totals;
CREATE VIEW public.order_totals AS SELECT id, total FROM orders;
`);
  assert.deepEqual(Object.keys(schema.views), ['public.order_totals']);
  assert.match(schema.views['public.order_totals']!.query, /FROM public\.orders/);
});

test('a DROP VIEW IF EXISTS of a view that a later-declared view still uses is refused, as PostgreSQL would refuse it', async () => {
  await assert.rejects(parseOnly(`CREATE VIEW a AS SELECT 1 AS x;
CREATE VIEW b AS SELECT x FROM a;
DROP VIEW IF EXISTS a;
`), (e: DiagnosticError) => {
    assert.deepEqual(e.diagnostics.map((d) => [d.location?.line, d.message]), [[3, 'DROP VIEW IF EXISTS of something this source declares before it']]);
    return true;
  });
});

test("pg_dump's view cycle breaker: a stub view, a function using it, then CREATE OR REPLACE VIEW with the real query", async () => {
  const schema = await parseSource(`CREATE TABLE orders (id int PRIMARY KEY, total numeric);
CREATE VIEW public.big_orders AS SELECT NULL::integer AS id, NULL::numeric AS total;
CREATE FUNCTION public.threshold() RETURNS numeric LANGUAGE sql AS 'SELECT 100::numeric';
CREATE OR REPLACE VIEW public.big_orders AS SELECT id, total FROM orders WHERE total > public.threshold();
`);
  assert.deepEqual(Object.keys(schema.views), ['public.big_orders']);
  assert.match(schema.views['public.big_orders']!.query, /FROM public\.orders\s+WHERE \(total > public\.threshold\(\)\)/);
});
