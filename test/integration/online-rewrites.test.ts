/**
 * Online rewrites on tables that hold rows: each one converges (a second plan is empty, no row
 * lost) and takes the lock it is documented to take, read from pg_locks while the statement
 * waits: before each statement, a second session takes ACCESS EXCLUSIVE on the table (when the
 * migration's own transaction does not hold it already), so the statement queues and its
 * requested lock mode shows in pg_locks; then the session lets go.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshDatabase, withClient } from '../support/database.js';
import { inspectUrl, loadSql, parseSource } from '../support/pipeline.js';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { plan } from '../../src/core/plan/plan.js';
import { planStatements } from '../../src/core/emit/plan-statements.js';
import { renderMigrationFile } from '../../src/shell/runner/migration-file.js';
import { applyMigrations } from '../../src/shell/runner/apply.js';
import type { ApplyEvent, StatementRef } from '../../src/shell/runner/events.js';

const H = 'a'.repeat(64);

interface Observed { readonly sql: string; readonly phase: string; readonly mode: string }

/** Apply the plan before → after on a database loaded with `before` + `data`, watching locks on `table`. */
const run = async (beforeSql: string, data: string, afterSql: string, table: string) => {
  const db = await freshDatabase('online');
  const dir = await mkdtemp(join(tmpdir(), 'pgflux-online-'));
  try {
    await loadSql(db.url, beforeSql + data);
    const live = await inspectUrl(db.url);
    const p = plan(live.schema, await parseSource(afterSql), { serverVersionNum: live.serverVersionNum });
    const text = renderMigrationFile({ version: 't', created: new Date(0), label: null, baseline: H, target: H, hazards: [], statements: planStatements(p) });
    await writeFile(join(dir, '20260101_000000_m.sql'), text);
    const blocker = new pg.Client({ connectionString: db.url, application_name: 'lock-probe' });
    const watcher = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await watcher.connect();
    const observed: Observed[] = [];
    const notices: string[] = [];
    let pending: Promise<void> = Promise.resolve();
    const beforeStatement = async (s: StatementRef): Promise<void> => {
      await pending;
      await blocker.query('BEGIN');
      try {
        await blocker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      } catch {
        // The migration's transaction holds a lock on the table already: nothing new to see.
        await blocker.query('ROLLBACK');
        observed.push({ sql: s.sql, phase: s.phase, mode: '(held by the transaction)' });
        return;
      }
      pending = (async () => {
        let mode = '(no lock on the table)';
        for (let i = 0; i < 25; i++) {
          const r = await watcher.query(`SELECT l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.application_name = 'pg-flux' AND NOT l.granted AND l.relation = $1::regclass`, [table]);
          if (r.rows.length) { mode = r.rows[0].mode; break; }
          await new Promise((res) => setTimeout(res, 20));
        }
        observed.push({ sql: s.sql, phase: s.phase, mode });
        await blocker.query('COMMIT');
      })();
    };
    const url = `${db.url}${db.url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c client_min_messages=debug1')}`;
    await applyMigrations({
      url, migrationsDir: dir, toolVersion: 't', beforeStatement,
      onEvent: (e: ApplyEvent) => { if (e.event === 'message') notices.push(e.text); },
    });
    await pending;
    await blocker.end();
    await watcher.end();
    const again = await inspectUrl(db.url);
    const second = plan(again.schema, await parseSource(afterSql), { serverVersionNum: again.serverVersionNum });
    const rows = await withClient(db.url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n));
    return { observed, notices, second: second.steps.flatMap((s) => s.statements.map((x) => x.sql)), rows };
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
};

const modes = (o: readonly Observed[]) => o.map((x) => `${x.phase} ${x.sql.replace(/ ON public\..*| ADD CONSTRAINT (\S+) .*| (VALIDATE|DROP) CONSTRAINT .*| ALTER COLUMN .*/, (m, c) => (c ? ` ADD ${c}` : m.startsWith(' VALIDATE') ? ' VALIDATE' : m.startsWith(' DROP CONSTRAINT') ? ' DROP CONSTRAINT' : m.startsWith(' ALTER COLUMN') ? ' ALTER COLUMN' : ''))}: ${x.mode}`);

const ROWS = 'INSERT INTO o SELECT g FROM generate_series(1, 50) g; INSERT INTO t SELECT g, g % 50 + 1, g, g::text FROM generate_series(1, 2000) g;';
const BASE = 'CREATE TABLE o (id int PRIMARY KEY);\n';
const T = (extra = '', cols = 'id int NOT NULL, o int, n int, s text') => `${BASE}CREATE TABLE t (${cols}${extra});\n`;

describe('online rewrites: convergence and the lock each statement takes', () => {
  before(() => loadParser());
  const cases: (() => Promise<void>)[] = [];
  after(async () => { for (const c of cases) await c(); });

  it('CHECK: ADD ... NOT VALID in the transaction (ACCESS EXCLUSIVE, no scan), VALIDATE after it (SHARE UPDATE EXCLUSIVE)', async () => {
    const r = await run(T(), ROWS, T(', CONSTRAINT pos CHECK (n > 0)'), 't');
    assert.deepEqual(modes(r.observed), [
      'main ALTER TABLE public.t ADD pos: AccessExclusiveLock',
      'after ALTER TABLE public.t VALIDATE: ShareUpdateExclusiveLock',
    ]);
    assert.deepEqual(r.second, []);
    assert.equal(r.rows, 2000);
  });

  it('FOREIGN KEY: NOT VALID (SHARE ROW EXCLUSIVE, writes blocked only for an instant), then VALIDATE (SHARE UPDATE EXCLUSIVE)', async () => {
    const r = await run(T(), ROWS, T(', CONSTRAINT t_o_fkey FOREIGN KEY (o) REFERENCES o'), 't');
    assert.deepEqual(modes(r.observed), [
      'main ALTER TABLE public.t ADD t_o_fkey: ShareRowExclusiveLock',
      'after ALTER TABLE public.t VALIDATE: ShareUpdateExclusiveLock',
    ]);
    assert.deepEqual(r.second, []);
  });

  it('SET NOT NULL: through a validated CHECK (col IS NOT NULL), so SET NOT NULL skips its scan; the helper check is dropped', async () => {
    const r = await run(T(), ROWS, T('', 'id int NOT NULL, o int, n int NOT NULL, s text'), 't');
    assert.deepEqual(modes(r.observed), [
      'main ALTER TABLE public.t ADD n__pgflux_nn: AccessExclusiveLock',
      'after ALTER TABLE public.t VALIDATE: ShareUpdateExclusiveLock',
      'after ALTER TABLE public.t ALTER COLUMN: AccessExclusiveLock',
      'after ALTER TABLE public.t DROP CONSTRAINT: AccessExclusiveLock',
    ]);
    assert.ok(r.notices.some((n) => /existing constraints on column "t\.n" are sufficient to prove that it does not contain nulls/.test(n)), r.notices.join('\n'));
    assert.deepEqual(r.second, []);
  });

  it('UNIQUE and PRIMARY KEY: CREATE UNIQUE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE), then ADD CONSTRAINT ... USING INDEX (ACCESS EXCLUSIVE for an instant: no build)', async () => {
    const r = await run(T(), ROWS, T(', CONSTRAINT t_s_key UNIQUE (s), CONSTRAINT t_pkey PRIMARY KEY (id)'), 't');
    assert.deepEqual(modes(r.observed), [
      'after CREATE UNIQUE INDEX CONCURRENTLY t_pkey: ShareUpdateExclusiveLock',
      'after ALTER TABLE public.t ADD t_pkey: AccessExclusiveLock',
      'after CREATE UNIQUE INDEX CONCURRENTLY t_s_key: ShareUpdateExclusiveLock',
      'after ALTER TABLE public.t ADD t_s_key: AccessExclusiveLock',
    ]);
    assert.deepEqual(r.second, []);
  });

  it('index with a changed definition: built concurrently under a temporary name, the old one dropped concurrently, renamed', async () => {
    const idx = (def: string) => `${T()}CREATE INDEX t_n ON t (${def});\n`;
    const r = await run(idx('n'), ROWS, idx('n, s'), 't');
    assert.deepEqual(modes(r.observed), [
      'after CREATE INDEX CONCURRENTLY t_n__pgflux_new: ShareUpdateExclusiveLock',
      'after DROP INDEX CONCURRENTLY IF EXISTS public.t_n: ShareUpdateExclusiveLock',
      // Renaming an index locks the index, not its table.
      'after ALTER INDEX public.t_n__pgflux_new RENAME TO t_n: (no lock on the table)',
    ]);
    assert.deepEqual(r.second, []);
  });

  it('new index and dropped index on an existing table: CONCURRENTLY', async () => {
    const r = await run(`${T()}CREATE INDEX t_old ON t (s);\n`, ROWS, `${T()}CREATE INDEX t_new ON t (n);\n`, 't');
    assert.deepEqual(modes(r.observed), [
      'after DROP INDEX CONCURRENTLY IF EXISTS public.t_old: ShareUpdateExclusiveLock',
      'after CREATE INDEX CONCURRENTLY t_new: ShareUpdateExclusiveLock',
    ]);
    assert.deepEqual(r.second, []);
  });
});
