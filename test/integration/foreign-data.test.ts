/**
 * The inspector on foreign data and publications: a wrapper an extension creates is the
 * extension's (neither managed nor reported), servers on it are managed; secret option values
 * never reach the model; subscriptions are reported, never managed; under a schema filter none
 * of these database-wide objects is read.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { execSql, freshDatabase, type FreshDatabase } from '../support/database.js';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';

const inspect = async (url: string, schemas?: readonly string[]) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await inspectDatabase(c, schemas ? { schemas } : {}); } finally { await c.end(); }
};

describe('inspecting foreign data and publications', () => {
  const dbs: FreshDatabase[] = [];
  after(async () => { for (const d of dbs) await d.drop(); });

  it('reads servers, mappings, foreign tables and publications; not the extension\'s wrapper; subscriptions are unmanaged', async () => {
    const db = await freshDatabase('inspect_fdw');
    dbs.push(db);
    await execSql(db.url, `
      CREATE EXTENSION postgres_fdw;
      CREATE SERVER w FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h', dbname 'd');
      CREATE USER MAPPING FOR PUBLIC SERVER w OPTIONS (user 'u', password 'never-read-1');
      CREATE FOREIGN TABLE ft (id int OPTIONS (column_name 'i') NOT NULL, CHECK (id > 0)) SERVER w OPTIONS (table_name 't');
      CREATE TABLE t (id int PRIMARY KEY, v text);
      CREATE PUBLICATION pub FOR TABLE t WITH (publish = 'insert');
      CREATE SUBSCRIPTION sub CONNECTION 'host=localhost dbname=nowhere password=never-read-2' PUBLICATION pub WITH (connect = false);
    `);
    try {
      const { schema } = await inspect(db.url);
      assert.deepEqual(Object.keys(schema.foreignDataWrappers), []);
      assert.deepEqual(schema.foreignServers['w']?.options, ['dbname=d', 'host=h']);
      assert.deepEqual(schema.userMappings['public@w']?.options, ['user=u']);
      assert.deepEqual(schema.userMappings['public@w']?.secretOptions, ['password']);
      assert.deepEqual(schema.tables['public.ft']?.foreign, { server: 'w', options: ['table_name=t'], secretOptions: [] });
      assert.deepEqual(schema.tables['public.ft']?.columns.map((c) => [c.name, c.notNull, c.fdwOptions]), [['id', true, ['column_name=i']]]);
      assert.ok(Object.values(schema.constraints).some((c) => c.table.name === 'ft' && c.type === 'check'));
      assert.deepEqual(schema.publications['pub']?.publish, ['insert']);
      assert.deepEqual(schema.unmanaged.map((u) => `${u.kind}:${u.key}`), ['subscription:sub']);
      const json = JSON.stringify(schema);
      assert.ok(!json.includes('never-read-1') && !json.includes('never-read-2'), 'a secret value reached the model');
      const filtered = await inspect(db.url, ['public']);
      assert.deepEqual([Object.keys(filtered.schema.foreignServers), Object.keys(filtered.schema.userMappings), Object.keys(filtered.schema.publications)], [[], [], []]);
    } finally {
      // A subscription must lose its slot name before it can be dropped without a connection.
      await execSql(db.url, 'ALTER SUBSCRIPTION sub DISABLE; ALTER SUBSCRIPTION sub SET (slot_name = NONE); DROP SUBSCRIPTION sub;');
    }
  });
});
