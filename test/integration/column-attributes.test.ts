/**
 * What the convergence fixtures cannot show, on a real server: a NOT NULL constraint left NOT
 * VALID live is validated when the source wants it valid (PostgreSQL 18), after the commit,
 * under its own name; a dropped replica identity index reads as NOTHING and is named again.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execSql, freshDatabase, testMajor, withClient } from '../support/database.js';
import { applyPlan, inspectUrl, loadSql, parseSource, planBetween } from '../support/pipeline.js';
import { loadParser } from '../../src/core/parse/pg-query.js';

const statements = (p: ReturnType<typeof planBetween>): string[] => p.steps.flatMap((s) => s.statements.map((x) => `[${x.phase}] ${x.sql}`));

describe('column attributes on a real server', () => {
  before(() => loadParser());

  it('a NOT NULL left NOT VALID is validated after the commit when the source wants it valid', { skip: testMajor() < 18 ? 'NOT NULL constraints are PostgreSQL 18' : false }, async () => {
    const db = await freshDatabase('nn_validate');
    try {
      await loadSql(db.url, "CREATE TABLE t (id int PRIMARY KEY, code text);\nINSERT INTO t VALUES (1, 'a');\nALTER TABLE t ADD CONSTRAINT code_nn NOT NULL code NOT VALID;");
      const live = await inspectUrl(db.url);
      assert.equal(live.schema.tables['public.t']!.columns[1]!.notNullValidated, false);
      const want = await parseSource('CREATE TABLE t (id int PRIMARY KEY, code text CONSTRAINT code_nn NOT NULL);');
      const p = planBetween(live.schema, want, live.serverVersionNum);
      assert.deepEqual(statements(p), ['[after] ALTER TABLE public.t VALIDATE CONSTRAINT code_nn']);
      await applyPlan(db.url, p);
      const rows = await withClient(db.url, async (c) => (await c.query("SELECT convalidated FROM pg_constraint WHERE conname = 'code_nn'")).rows);
      assert.deepEqual(rows, [{ convalidated: true }]);
      const after = await inspectUrl(db.url);
      assert.deepEqual(statements(planBetween(after.schema, want, after.serverVersionNum)), []);
    } finally { await db.drop(); }
  });

  it('a replica identity whose index was dropped by hand reads as NOTHING, and the source\'s is set again', async () => {
    const db = await freshDatabase('replica_lost');
    try {
      const sql = 'CREATE TABLE t (id int NOT NULL, code text NOT NULL);\nCREATE UNIQUE INDEX t_code ON t (code);\nALTER TABLE t REPLICA IDENTITY USING INDEX t_code;';
      await loadSql(db.url, sql);
      await execSql(db.url, 'DROP INDEX t_code');
      const live = await inspectUrl(db.url);
      assert.equal(live.schema.tables['public.t']!.replicaIdentity, 'nothing');
      const p = planBetween(live.schema, await parseSource(sql), live.serverVersionNum);
      assert.deepEqual(statements(p), ['[main] CREATE UNIQUE INDEX t_code ON public.t (code)', '[main] ALTER TABLE public.t REPLICA IDENTITY USING INDEX t_code']);
      await applyPlan(db.url, p);
      assert.deepEqual((await inspectUrl(db.url)).schema.tables['public.t']!.replicaIdentity, { index: 't_code' });
    } finally { await db.drop(); }
  });
});
