/**
 * The inspector's pure builders (core/inspect): memoised canonical forms give exactly what a
 * fresh build gives, and PRIMARY KEY / UNIQUE storage parameters are put back where the grammar
 * has them. Also: parseSchemaAsync gives what parseSchema gives.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema, parseSchemaAsync } from '../../src/core/parse/parse-schema.js';
import { constraintFromCatalog } from '../../src/core/canon/catalog.js';
import { buildConstraints, buildTables } from '../../src/core/inspect/build-schema.js';
import { buildTable } from '../../src/core/inspect/tables.js';
import { withIndexOptions } from '../../src/core/inspect/constraints.js';
import type { ConstraintRow, TableRow } from '../../src/core/inspect/rows.js';

before(() => loadParser());

describe('inspect builders', () => {
  it('puts index storage parameters after the column and INCLUDE lists, before deferrability', () => {
    assert.equal(withIndexOptions('PRIMARY KEY (id)', []), 'PRIMARY KEY (id)');
    assert.equal(withIndexOptions('PRIMARY KEY (id)', ['fillfactor=70']), "PRIMARY KEY (id) WITH (fillfactor='70')");
    assert.equal(
      withIndexOptions('UNIQUE ("a)b") INCLUDE (c) DEFERRABLE INITIALLY DEFERRED', ['fillfactor=60', 'deduplicate_items=off']),
      "UNIQUE (\"a)b\") INCLUDE (c) WITH (fillfactor='60', deduplicate_items='off') DEFERRABLE INITIALLY DEFERRED");
  });

  it('a memoised constraint equals a fresh build for its own table and name', () => {
    const defs = ['PRIMARY KEY (id)', 'CHECK ((amount >= (0)::numeric))', 'FOREIGN KEY (parent_id) REFERENCES app.t1(id) ON DELETE CASCADE'];
    const rows: ConstraintRow[] = [];
    for (const [i, definition] of defs.entries()) {
      for (const t of ['t1', 't2', 'other']) rows.push({ schema: i === 2 ? 'app' : 'public', table: t, name: `${t}_c${i}`, definition, indexOptions: [] });
    }
    rows.push({ schema: 'public', table: 't3', name: 't3_pkey', definition: 'PRIMARY KEY (id)', indexOptions: ['fillfactor=80'] });
    const built = buildConstraints(rows);
    for (const r of rows) {
      const table = { schema: r.schema, name: r.table };
      const fresh = constraintFromCatalog({ table, name: r.name, definition: withIndexOptions(r.definition, r.indexOptions) });
      assert.deepEqual(built[`${r.schema}.${r.table}.${r.name}`], fresh);
    }
    assert.notEqual(built['public.t3.t3_pkey']!.definition.canon, built['public.t1.t1_c0']!.definition.canon);
  });

  it('memoised column defaults equal fresh builds', () => {
    const col = (name: string, expr: string | null) => ({
      name, type: 'integer', notNull: false, expr, generated: '', identity: '', identitySequence: null, collation: null,
      storage: null, compression: null, statTarget: null, options: [], notNullName: null, notNullValid: null,
    });
    const rows: TableRow[] = ['a', 'b'].map((n) => ({
      schema: 'public', name: n, unlogged: false, rowSecurity: false, forceRowSecurity: false, options: [], toastOptions: [], partitionBy: null, partitionBound: null, parents: [],
      replicaIdentity: 'd', replicaIndex: null, accessMethod: null,
      columns: [col('x', '0'), col('y', 'now()'), col('z', null), col('w', "nextval('public.s'::regclass)")],
    }));
    const built = buildTables(rows);
    for (const r of rows) assert.deepEqual(built.tables[`public.${r.name}`], buildTable(r).table);
  });

  it('parseSchemaAsync gives what parseSchema gives', async () => {
    const files = [
      { path: 'a.sql', text: 'CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES b);\nCREATE INDEX ON a (id);' },
      { path: 'b.sql', text: Array.from({ length: 900 }, (_, i) => `CREATE TABLE t${i} (id serial PRIMARY KEY, v text DEFAULT 'x');`).join('\n') + '\nCREATE TABLE b (id int PRIMARY KEY);' },
    ];
    let pauses = 0;
    const async = await parseSchemaAsync(files, async () => { pauses++; });
    assert.ok(pauses >= 3, `paused ${pauses} times`);
    assert.equal(JSON.stringify(async), JSON.stringify(parseSchema(files)));
  });
});
