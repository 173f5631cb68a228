/** Pure parts of dump: file names for any identifier, and where each kind's statements go. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileComponent, dumpPath } from '../../src/core/emit/dump/layout.js';
import { emptySchema, type Schema } from '../../src/core/model/schema.js';
import type { SequenceDef, TableDef } from '../../src/core/model/objects.js';

describe('dump file names', () => {
  it('keep letters, digits, _ and -; percent-encode the rest, so distinct names get distinct files', () => {
    assert.equal(fileComponent('users'), 'users');
    assert.equal(fileComponent('Users-2024_b'), 'Users-2024_b');
    assert.equal(fileComponent('a.b'), 'a%2Eb');
    assert.equal(fileComponent('../etc/passwd'), '%2E%2E%2Fetc%2Fpasswd');
    assert.equal(fileComponent('my table'), 'my%20table');
    assert.equal(fileComponent('naïve'), 'naïve');
    assert.equal(fileComponent('50%'), '50%25');
    assert.equal(fileComponent(''), '%00');
    assert.notEqual(fileComponent('a.b'), fileComponent('a%2Eb'));
  });
});

describe('dump placement', () => {
  const table = (schema: string, name: string): TableDef => ({ kind: 'table', name: { schema, name }, unlogged: false, options: [], columns: [], source: null });
  const seq = (owned: boolean): SequenceDef => ({
    kind: 'sequence', name: { schema: 'app', name: 'orders_id_seq' },
    options: { dataType: 'int8', start: '1', increment: '1', minValue: '1', maxValue: '9223372036854775807', cache: '1', cycle: false },
    ownedBy: owned ? { table: { schema: 'app', name: 'Orders.2024' }, column: 'id' } : null, source: null,
  });
  const model = (owned: boolean): Schema => ({
    ...emptySchema(),
    schemas: { app: { kind: 'schema', name: 'app', source: null } },
    tables: { 'app.Orders.2024': table('app', 'Orders.2024') },
    sequences: { 'app.orders_id_seq': seq(owned) },
    indexes: { 'app.orders_idx': { kind: 'index', name: { schema: 'app', name: 'orders_idx' }, table: { schema: 'app', name: 'Orders.2024' }, unique: false, columns: [], definition: { sql: '', canon: '', refs: [] }, source: null } },
  });

  it('by-object: a table\'s index and owned sequence in its file; schemas and extensions apart', () => {
    const s = model(true);
    assert.equal(dumpPath({ field: 'tables', key: 'app.Orders.2024' }, s, 'by-object'), 'app/tables/Orders%2E2024.sql');
    assert.equal(dumpPath({ field: 'indexes', key: 'app.orders_idx' }, s, 'by-object'), 'app/tables/Orders%2E2024.sql');
    assert.equal(dumpPath({ field: 'sequences', key: 'app.orders_id_seq' }, s, 'by-object'), 'app/tables/Orders%2E2024.sql');
    assert.equal(dumpPath({ field: 'sequences', key: 'app.orders_id_seq' }, model(false), 'by-object'), 'app/sequences/orders_id_seq.sql');
    assert.equal(dumpPath({ field: 'schemas', key: 'app' }, s, 'by-object'), 'app/schema.sql');
  });

  it('by-kind: one folder per kind, files named schema.owner; single: one file', () => {
    const s = model(true);
    assert.equal(dumpPath({ field: 'indexes', key: 'app.orders_idx' }, s, 'by-kind'), 'indexes/app.Orders%2E2024.sql');
    assert.equal(dumpPath({ field: 'sequences', key: 'app.orders_id_seq' }, s, 'by-kind'), 'sequences/app.orders_id_seq.sql');
    assert.equal(dumpPath({ field: 'schemas', key: 'app' }, s, 'by-kind'), 'schemas.sql');
    assert.equal(dumpPath({ field: 'tables', key: 'app.Orders.2024' }, s, 'single'), 'schema.sql');
  });
});
