/** DROP in schema/: a leading DROP ... IF EXISTS is the no-op it is on an empty database; any other DROP is refused at its place. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOnly } from '../support/pipeline.js';
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
