/**
 * Partition changes on tables that hold rows: the rows stay where they belong (a changed bound
 * keeps them, a default partition hands the rows of a new partition over to it, a plain table
 * attached keeps its rows), indexes built online end up valid and attached, a changed key is
 * planned as DATA_LOSS with its reason, and a second plan is empty. Fixtures cannot hold rows,
 * hence these tests.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, withClient, type FreshDatabase } from '../support/database.js';
import { applyPlan, inspectUrl, loadSql, parseSource, planBetween, planSql } from '../support/pipeline.js';
import { parseOnly } from '../support/pipeline.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const dbs: FreshDatabase[] = [];
after(async () => { await Promise.all(dbs.map((d) => d.drop())); });

/** Load `before` and `rows`, plan to `after`, apply; returns the url, the plan and the rows query. */
const migrate = async (beforeSql: string, rows: string, afterSql: string) => {
  const db = await freshDatabase('parts');
  dbs.push(db);
  await loadSql(db.url, beforeSql + rows);
  const live = await inspectUrl(db.url);
  const desired = await parseSource(afterSql);
  const p = planBetween(live.schema, desired, live.serverVersionNum);
  await applyPlan(db.url, p);
  const again = await inspectUrl(db.url);
  const second = planSql(planBetween(again.schema, desired, again.serverVersionNum));
  const q = (sql: string) => withClient(db.url, async (c) => (await c.query(sql)).rows as Record<string, unknown>[]);
  return { url: db.url, plan: p, sql: planSql(p), second, q };
};

describe('partition changes under rows', () => {
  it('a changed bound detaches and attaches the partition: its rows stay', async () => {
    const r = await migrate(
      `CREATE TABLE logs (at date NOT NULL, line text) PARTITION BY RANGE (at);
       CREATE TABLE logs_a PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');`,
      `INSERT INTO logs SELECT DATE '2024-01-01' + i, 'l' || i FROM generate_series(0, 150) i;`,
      `CREATE TABLE logs (at date NOT NULL, line text) PARTITION BY RANGE (at);
       CREATE TABLE logs_a PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`);
    assert.match(r.sql, /DETACH PARTITION public\.logs_a;\n\[main\] ALTER TABLE public\.logs ATTACH PARTITION public\.logs_a FOR VALUES FROM \('2024-01-01'\) TO \('2025-01-01'\)/);
    assert.deepEqual(await r.q(`SELECT count(*)::int AS n, count(DISTINCT line)::int AS d FROM logs`), [{ n: 151, d: 151 }]);
    assert.equal(r.second, '');
    // Rows the new bound admits go to the partition.
    await r.q(`INSERT INTO logs VALUES ('2024-12-31', 'late')`);
  });

  it('a default partition hands the rows of a new partition over to it, then is attached again', async () => {
    const r = await migrate(
      `CREATE TABLE tickets (id int NOT NULL, status text NOT NULL, note text) PARTITION BY LIST (status);
       CREATE TABLE tickets_open PARTITION OF tickets FOR VALUES IN ('open');
       CREATE TABLE tickets_rest PARTITION OF tickets DEFAULT;`,
      `INSERT INTO tickets SELECT i, (ARRAY['open', 'closed', 'done', 'stale'])[1 + i % 4], 'n' || i FROM generate_series(1, 400) i;`,
      `CREATE TABLE tickets (id int NOT NULL, status text NOT NULL, note text) PARTITION BY LIST (status);
       CREATE TABLE tickets_open PARTITION OF tickets FOR VALUES IN ('open');
       CREATE TABLE tickets_closed PARTITION OF tickets FOR VALUES IN ('closed', 'done');
       CREATE TABLE tickets_rest PARTITION OF tickets DEFAULT;`);
    assert.match(r.sql, /DETACH PARTITION public\.tickets_rest;[\s\S]*CREATE TABLE public\.tickets_closed[\s\S]*DO \$pgflux\$[\s\S]*ATTACH PARTITION public\.tickets_rest DEFAULT/);
    const detach = r.plan.steps.find((s) => s.change.kind === 'detach_partition');
    assert.match(JSON.stringify(detach?.change), /rows that belong to the new partitions move to them/);
    const where = await r.q(`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM tickets GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(where, [{ part: 'tickets_closed', n: 200 }, { part: 'tickets_open', n: 100 }, { part: 'tickets_rest', n: 100 }]);
    assert.deepEqual(await r.q(`SELECT count(DISTINCT note)::int AS n FROM tickets`), [{ n: 400 }]);
    assert.equal(r.second, '');
  });

  it('a plain table with rows becomes a partition through a validated CHECK, which is dropped after', async () => {
    const r = await migrate(
      `CREATE TABLE metrics (at date NOT NULL, v int) PARTITION BY RANGE (at);
       CREATE TABLE metrics_2025 (v int, at date NOT NULL);`,
      `INSERT INTO metrics_2025 SELECT i, DATE '2025-01-01' + i FROM generate_series(0, 99) i;`,
      `CREATE TABLE metrics (at date NOT NULL, v int) PARTITION BY RANGE (at);
       CREATE TABLE metrics_2025 PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`);
    assert.match(r.sql, /ADD CONSTRAINT metrics_2025_pgflux_bound CHECK \(at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01'\) NOT VALID;\n.*VALIDATE CONSTRAINT metrics_2025_pgflux_bound;\n.*ATTACH PARTITION public\.metrics_2025 FOR VALUES[^\n]*;\n.*DROP CONSTRAINT metrics_2025_pgflux_bound/);
    assert.deepEqual(await r.q(`SELECT count(*)::int AS n, sum(v)::int AS s FROM metrics`), [{ n: 100, s: 4950 }]);
    assert.deepEqual(await r.q(`SELECT conname FROM pg_constraint WHERE conrelid = 'metrics_2025'::regclass AND contype = 'c'`), []);
    assert.equal(r.second, '');
  });

  it('an index on a partitioned table with rows is built per partition and attached: valid on every level', async () => {
    const parts = [1, 2, 3, 5].map((i) => `CREATE TABLE r_${i} PARTITION OF r FOR VALUES FROM (${i * 100}) TO (${i * 100 + 100});`).join('\n');
    const schema = `CREATE TABLE r (sensor int NOT NULL, at int NOT NULL) PARTITION BY RANGE (at);\n${parts}
      CREATE TABLE r_4 PARTITION OF r FOR VALUES FROM (400) TO (500) PARTITION BY HASH (sensor);
      CREATE TABLE r_4a PARTITION OF r_4 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE r_4b PARTITION OF r_4 FOR VALUES WITH (MODULUS 2, REMAINDER 1);`;
    const r = await migrate(schema, `INSERT INTO r SELECT i % 7, 100 + i % 500 FROM generate_series(1, 2000) i;`,
      `${schema}\nCREATE INDEX r_sensor ON r (sensor, at);`);
    assert.match(r.sql, /^\[main\] CREATE INDEX r_sensor ON ONLY public\.r \(sensor, at\);$/m);
    assert.equal((r.sql.match(/\[after\] CREATE INDEX CONCURRENTLY/g) ?? []).length, 6);
    assert.equal((r.sql.match(/ATTACH PARTITION/g) ?? []).length, 7);
    const idx = await r.q(`SELECT c.relname AS t, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1`);
    assert.equal(idx.length, 8);
    assert.ok(idx.every((x) => x['valid'] === true), JSON.stringify(idx));
    assert.equal(r.second, '');
  });

  it('a changed partition key recreates the table under DATA_LOSS, saying why', async () => {
    const r = await migrate(
      `CREATE TABLE m (id int NOT NULL, kind text NOT NULL) PARTITION BY RANGE (id);
       CREATE TABLE m_low PARTITION OF m FOR VALUES FROM (0) TO (100);`, '',
      `CREATE TABLE m (id int NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
       CREATE TABLE m_low PARTITION OF m FOR VALUES IN ('a');`);
    const loss = r.plan.steps.flatMap((s) => s.hazards).filter((h) => h.type === 'DATA_LOSS').map((h) => h.message);
    assert.ok(loss.some((m) => /drops table public\.m and all its rows \(its partition key changes/.test(m)), loss.join('\n'));
    assert.ok(loss.some((m) => /public\.m_low .*its partitioned parent is created again/.test(m)), loss.join('\n'));
    assert.equal(r.second, '');
  });
});

describe('partition source errors', () => {
  const fails = async (sql: string, re: RegExp) => {
    await assert.rejects(parseOnly(sql), (e: unknown) => e instanceof DiagnosticError && re.test(e.message));
  };
  it('a partition of a table that is not partitioned is an error at the partition', () =>
    fails('CREATE TABLE p (a int);\nCREATE TABLE c PARTITION OF p FOR VALUES IN (1);', /schema\.sql:2:\d+.*is a partition of public\.p, which is not partitioned/));
  it('ATTACH PARTITION of an undeclared table', () =>
    fails('CREATE TABLE p (a int) PARTITION BY LIST (a);\nALTER TABLE ONLY p ATTACH PARTITION c FOR VALUES IN (1);', /schema\.sql:2:\d+.*ATTACH PARTITION names table public\.c, which is declared nowhere/));
  it('a partition with a column its parent lacks', () =>
    fails('CREATE TABLE p (a int) PARTITION BY LIST (a);\nCREATE TABLE c (a int, b int);\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1);', /partition public\.c has column b, which its parent public\.p does not have/));
});
