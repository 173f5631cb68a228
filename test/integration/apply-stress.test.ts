/**
 * migrate apply under load, bounded for CI (PGFLUX_STRESS_ROWS / PGFLUX_STRESS_KILLS scale them):
 * - concurrent writers: a 1,000,000-row table takes a new index, FK, CHECK, SET NOT NULL and
 *   unique key while two sessions insert and update continuously; no writer waits as long as
 *   the lock timeout, no row is lost;
 * - crash and resume: `kill -9` of the CLI at random points of a file with transactional and
 *   CONCURRENTLY steps; after each kill the tracking table agrees with the schema, a killed
 *   build's INVALID index is dropped and rebuilt, and a re-run converges;
 * - 8 simultaneous `migrate apply`: each file runs exactly once, the others wait and say for whom.
 * Measured numbers are printed (test diagnostics) for the report.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BIN, runCli } from '../support/cli.js';
import { execSql, freshDatabase, testServerUrl, withClient } from '../support/database.js';
import { inspectUrl, parseSource } from '../support/pipeline.js';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { plan } from '../../src/core/plan/plan.js';
import { planStatements } from '../../src/core/emit/plan-statements.js';
import { parseMigrationFile, renderMigrationFile } from '../../src/shell/runner/migration-file.js';
import { applyMigrations } from '../../src/shell/runner/apply.js';

const ROWS = Number(process.env['PGFLUX_STRESS_ROWS'] ?? 1_000_000);
const KILLS = Number(process.env['PGFLUX_STRESS_KILLS'] ?? 20);

const tmp = async (): Promise<{ path: string; done: () => Promise<void> }> => {
  const path = await mkdtemp(join(tmpdir(), 'pgflux-stress-'));
  return { path, done: () => rm(path, { recursive: true, force: true }) };
};

const migrationFor = async (url: string, desired: string): Promise<string> => {
  const live = await inspectUrl(url);
  const p = plan(live.schema, await parseSource(desired), { serverVersionNum: live.serverVersionNum });
  return renderMigrationFile({ version: 't', created: new Date(0), label: null, baseline: p.fromHash, target: p.toHash, hazards: [], statements: planStatements(p) });
};

const secondPlan = async (url: string, desired: string): Promise<string[]> => {
  const live = await inspectUrl(url);
  return plan(live.schema, await parseSource(desired), { serverVersionNum: live.serverVersionNum }).steps.flatMap((s) => s.statements.map((x) => x.sql));
};

describe('apply under load', () => {
  before(() => loadParser());

  it(`concurrent writers: ${ROWS.toLocaleString('en-US')} rows take an index, FK, CHECK, SET NOT NULL and a unique key while writes go on`, { timeout: 300_000 }, async (t) => {
    const db = await freshDatabase('writers');
    const dir = await tmp();
    try {
      const BEFORE = `CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, org int, kind int, note text, ref uuid);`;
      const AFTER = `CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org int REFERENCES orgs, kind int CHECK (kind >= 0), note text NOT NULL, ref uuid UNIQUE);
CREATE INDEX events_kind ON events (kind);`;
      const t0 = Date.now();
      await execSql(db.url, `${BEFORE}
INSERT INTO orgs SELECT g FROM generate_series(1, 100) g;
INSERT INTO events (org, kind, note, ref) SELECT g % 100 + 1, g % 7, 'n' || g, gen_random_uuid() FROM generate_series(1, ${ROWS}) g;
ALTER TABLE events ADD PRIMARY KEY (id);
ANALYZE events;`);
      const loadMs = Date.now() - t0;
      await writeFile(join(dir.path, '20260101_000000_m.sql'), await migrationFor(db.url, AFTER));

      let stop = false;
      let maxWaitMs = 0;
      let inserted = 0;
      let updated = 0;
      const writer = async (kind: 'insert' | 'update'): Promise<void> => {
        const c = new pg.Client({ connectionString: db.url, application_name: `writer-${kind}` });
        await c.connect();
        try {
          while (!stop) {
            const s = performance.now();
            if (kind === 'insert') {
              await c.query("INSERT INTO events (org, kind, note, ref) VALUES (1 + floor(random() * 100)::int, 3, 'w', gen_random_uuid())");
              inserted++;
            } else {
              await c.query('UPDATE events SET kind = kind WHERE id = $1', [1 + Math.floor(Math.random() * ROWS)]);
              updated++;
            }
            maxWaitMs = Math.max(maxWaitMs, performance.now() - s);
          }
        } finally { await c.end(); }
      };
      const writers = [writer('insert'), writer('update')];
      await new Promise((r) => setTimeout(r, 300));
      const lockTimeoutMs = 2000;
      const a0 = Date.now();
      const report = await applyMigrations({ url: db.url, migrationsDir: dir.path, toolVersion: 't', ddlLockTimeoutMs: lockTimeoutMs });
      const applyMs = Date.now() - a0;
      await new Promise((r) => setTimeout(r, 300));
      stop = true;
      await Promise.all(writers);
      assert.equal(report.applied.length, 1);
      const count = await withClient(db.url, async (c) => Number((await c.query('SELECT count(*) AS n FROM events')).rows[0].n));
      const lost = ROWS + inserted - count;
      t.diagnostic(`rows ${ROWS}, load ${loadMs} ms, apply ${applyMs} ms, inserts ${inserted}, updates ${updated}, longest writer wait ${maxWaitMs.toFixed(1)} ms (lock timeout ${lockTimeoutMs} ms), rows lost ${lost}`);
      assert.equal(lost, 0, 'no row lost');
      assert.ok(maxWaitMs < lockTimeoutMs, `longest writer wait ${maxWaitMs} ms stays under the lock timeout`);
      assert.ok(inserted > 0 && updated > 0, 'the writers made progress during the apply');
      assert.deepEqual(await secondPlan(db.url, AFTER), []);
      assert.deepEqual(await withClient(db.url, async (c) => (await c.query(`SELECT conname, convalidated FROM pg_constraint
        WHERE conrelid = 'events'::regclass AND contype IN ('c', 'f', 'u') ORDER BY 1`)).rows), [
        { conname: 'events_kind_check', convalidated: true }, { conname: 'events_org_fkey', convalidated: true }, { conname: 'events_ref_key', convalidated: true },
      ]);
    } finally {
      await db.drop();
      await dir.done();
    }
  });

  it(`crash and resume: kill -9 at ${KILLS} random points, then a re-run converges`, { timeout: 300_000 }, async (t) => {
    const server = testServerUrl();
    const template = `t_crash_tmpl_${process.pid}`;
    const urlOf = (name: string): string => { const u = new URL(server); u.pathname = `/${name}`; return u.toString(); };
    const BEFORE = 'CREATE TABLE items (id int PRIMARY KEY, price int, name text, sku text);';
    const AFTER = `CREATE TABLE items (id int PRIMARY KEY, price int CHECK (price >= 0), name text NOT NULL, sku text UNIQUE, added int);
CREATE INDEX items_name ON items (name);
CREATE INDEX items_price ON items (price, name);`;
    const dir = await tmp();
    await execSql(server, `CREATE DATABASE ${template}`);
    try {
      await execSql(urlOf(template), `${BEFORE} INSERT INTO items SELECT g, g % 1000, 'item ' || g, 'sku-' || g FROM generate_series(1, 30000) g; ANALYZE items;`);
      const text = await migrationFor(urlOf(template), AFTER);
      await writeFile(join(dir.path, '20260101_000000_m.sql'), text);
      const afterCount = parseMigrationFile('m.sql', text).sections.after.length;
      let n = 0;
      const freshCopy = async (): Promise<string> => {
        const name = `t_crash_${process.pid}_${n++}`;
        await execSql(server, `CREATE DATABASE ${name} TEMPLATE ${template}`);
        return urlOf(name);
      };
      const drop = (url: string) => execSql(server, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      /**
       * The CLI with JSON events: `onFile(ms)` once the file starts (the statements begin), so a
       * kill can land anywhere among them rather than in Node's start-up or the checks before.
       */
      const apply = (url: string, onFileStart: (child: ReturnType<typeof spawn>) => void) => {
        const child = spawn(process.execPath, [BIN, 'migrate', 'apply', '--db', url, '--migrations-dir', '.', '--log-format=json', '--lock-wait', '60s'], { cwd: dir.path });
        let buf = '';
        let startedAt: number | null = null;
        let endedAt: number | null = null;
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
            const e = JSON.parse(buf.slice(0, i)) as { event: string };
            buf = buf.slice(i + 1);
            if (e.event === 'file_start' && startedAt === null) { startedAt = Date.now(); onFileStart(child); }
            if (e.event === 'file_end') endedAt = Date.now();
          }
        });
        return new Promise<{ code: number | null; statementsMs: number | null }>((r) => child.on('close', (code) => r({ code, statementsMs: startedAt && endedAt ? endedAt - startedAt : null })));
      };
      const full = await freshCopy();
      const measured = await apply(full, () => undefined);
      assert.equal(measured.code, 0);
      const statementsMs = measured.statementsMs!;
      await drop(full);
      const seen: Record<string, number> = {};
      let invalidRebuilt = 0;
      const one = async (i: number): Promise<void> => {
        const url = await freshCopy();
        try {
          await apply(url, (child) => { setTimeout(() => child.kill('SIGKILL'), Math.random() * statementsMs); });
          const state = await withClient(url, async (c) => {
            // The server notices the dead client within client_connection_check_interval.
            for (let w = 0; w < 100; w++) {
              if (!(await c.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'pg-flux%' AND datname = current_database()")).rowCount) break;
              await new Promise((r) => setTimeout(r, 100));
            }
            const tracked = await c.query('SELECT pending_after FROM _pgflux.migrations');
            const added = (await c.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'added' AND NOT attisdropped")).rowCount;
            const invalid = (await c.query('SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid')).rows.map((r) => r.relname as string);
            return { row: (tracked.rows[0] as { pending_after: number } | undefined) ?? null, added: added === 1, invalid };
          });
          // Never a half-applied transactional part: the column exists exactly when the file is recorded.
          assert.equal(state.added, state.row !== null, `kill ${i}: tracking row ${JSON.stringify(state.row)} vs column added ${state.added}`);
          if (state.row === null) assert.deepEqual(state.invalid, [], 'no build starts before the transaction commits');
          const label = state.row === null ? 'in the transaction' : state.row.pending_after === 0 ? 'complete' : `after-section statement ${afterCount - state.row.pending_after + 1} of ${afterCount}`;
          seen[label] = (seen[label] ?? 0) + 1;
          // The re-run in this process (a kill needs a process of its own; resuming does not).
          const lines: string[] = [];
          await applyMigrations({ url, migrationsDir: dir.path, toolVersion: 'test', lockWaitMs: 60_000, log: (l) => lines.push(l) });
          if (state.invalid.length) {
            assert.ok(lines.some((l) => /dropping INVALID index .* left by an interrupted CREATE INDEX CONCURRENTLY/.test(l)), lines.join('\n'));
            invalidRebuilt++;
          }
          assert.deepEqual(await secondPlan(url, AFTER), [], `kill ${i}: converged`);
          assert.deepEqual(await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid')).rows), [{ n: 0 }]);
          assert.deepEqual(await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM items')).rows), [{ n: 30000 }]);
        } finally {
          await drop(url);
        }
      };
      // Three lanes: each kill is mostly waiting (start-up, the server noticing the dead client).
      const lanes = [0, 1, 2].map(async (lane) => { for (let i = lane; i < KILLS; i += 3) await one(i); });
      await Promise.all(lanes);
      // And one kill that certainly lands inside a CONCURRENTLY build: an open snapshot makes the
      // build wait (it waits for transactions with older snapshots), the process dies, the server
      // cancels the build and leaves its INVALID index, which the next run must drop and build again.
      const url = await freshCopy();
      const holder = new pg.Client({ connectionString: url, application_name: 'old-snapshot' });
      await holder.connect();
      let poll: NodeJS.Timeout | undefined;
      try {
        await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1;');
        await apply(url, (child) => {
          poll = setInterval(() => void withClient(url, async (c) => {
            const r = await c.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'pg-flux%' AND query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'");
            if (r.rowCount) { clearInterval(poll); child.kill('SIGKILL'); }
          }).catch(() => undefined), 50);
        });
        clearInterval(poll);
        // Keep the snapshot until the server has cancelled the orphaned build (it would finish otherwise).
        const invalidAfterKill = await withClient(url, async (c) => {
          for (let w = 0; w < 100; w++) {
            if (!(await c.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'pg-flux%' AND datname = current_database()")).rowCount) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          return (await c.query('SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid')).rows.map((r) => r.relname);
        });
        await holder.query('COMMIT');
        assert.deepEqual(invalidAfterKill, ['items_sku_key'], 'the killed build left its INVALID index');
        const lines: string[] = [];
        await applyMigrations({ url, migrationsDir: dir.path, toolVersion: 'test', log: (l) => lines.push(l) });
        assert.ok(lines.some((l) => /dropping INVALID index (public\.)?items_sku_key left by an interrupted CREATE INDEX CONCURRENTLY/.test(l)), lines.join('\n'));
        assert.deepEqual(await secondPlan(url, AFTER), []);
        invalidRebuilt++;
      } finally {
        clearInterval(poll);
        await holder.end();
        await drop(url);
      }
      t.diagnostic(`statements of a full run ${statementsMs} ms; kill points: ${JSON.stringify(seen)}; INVALID indexes found, dropped and rebuilt: ${invalidRebuilt}`);
    } finally {
      await execSql(server, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await dir.done();
    }
  });

  it('8 simultaneous migrate apply: each file applied exactly once; the waiters say whom they wait for', { timeout: 120_000 }, async () => {
    const db = await freshDatabase('eight');
    const dir = await tmp();
    try {
      // The applier holds the lock until each of the other seven has tried to take it (at most
      // 60 s): on a loaded machine a CLI can take seconds to start, and one that starts after the
      // lock is released has nobody to wait for. A waiter says whom it waits for right after its
      // first failed pg_try_advisory_lock (the grace of 0.5 s covers that); sessions seen with
      // that query are collected, as it alternates with the waiter's lookup of the holder.
      await writeFile(join(dir.path, '20260101_000000_a.sql'), `CREATE TABLE ran (file text);
INSERT INTO ran VALUES ('a');
DO $$ DECLARE seen int[] := '{}'; BEGIN
  FOR i IN 1..600 LOOP
    PERFORM pg_stat_clear_snapshot();  -- pg_stat_activity is read once per transaction otherwise
    seen := ARRAY(SELECT DISTINCT p FROM unnest(seen || ARRAY(SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_try_advisory_lock(%')) p);
    EXIT WHEN cardinality(seen) >= 7;
    PERFORM pg_sleep(0.1);
  END LOOP;
  PERFORM pg_sleep(0.5);
END $$;
`);
      await writeFile(join(dir.path, '20260102_000000_b.sql'), "INSERT INTO ran VALUES ('b');\n");
      await writeFile(join(dir.path, '20260103_000000_c.sql'), "-- pg-flux:transaction\nINSERT INTO ran VALUES ('c');\n-- pg-flux:after-transaction\nCREATE INDEX CONCURRENTLY ran_file ON ran (file);\n");
      const runs = await Promise.all(Array.from({ length: 8 }, () => runCli(['migrate', 'apply', '--db', db.url, '--migrations-dir', '.', '--lock-wait', '60s'], { cwd: dir.path })));
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await withClient(db.url, async (c) => (await c.query('SELECT file, count(*)::int AS n FROM ran GROUP BY file ORDER BY file')).rows),
        [{ file: 'a', n: 1 }, { file: 'b', n: 1 }, { file: 'c', n: 1 }]);
      const appliers = runs.filter((r) => /applied 20260101_000000_a\.sql/.test(r.stdout));
      assert.equal(appliers.length, 1, 'one run applied the files');
      const waiters = runs.filter((r) => r !== appliers[0]);
      for (const w of waiters) {
        // The holder may release between a waiter's attempt and its look at pg_locks: then it
        // cannot be named, and says so.
        assert.match(w.stderr, /migration lock, held by (pid \d+|another session)/);
        assert.match(w.stdout, /No pending migrations/);
      }
      assert.ok(waiters.some((w) => /migration lock, held by pid \d+/.test(w.stderr)), 'the waiters name the holder');
    } finally {
      await db.drop();
      await dir.done();
    }
  });

  after(async () => undefined);
});
