/**
 * The migration lock under real contention: 8 `migrate apply` processes at once apply each file
 * exactly once, and every one that had to wait named the holder (pid, application — which names
 * the other process —, client, since when). A run that gives up says how to release the lock.
 * The lock is per database, whatever the client calls the host.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { freshDatabase, withClient } from '../support/database.js';
import { migrationLockKey } from '../../src/shell/runner/advisory-lock.js';

interface Run { pid: number; code: number; stdout: string; stderr: string }

const spawnApply = (cwd: string, url: string): Promise<Run> => new Promise((resolve, reject) => {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [BIN, 'migrate', 'apply', '--db', url], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('error', reject);
  child.on('close', (code) => resolve({ pid: child.pid!, code: code ?? -1, stdout, stderr }));
});

const project = async (files: Record<string, string>): Promise<{ dir: string; remove(): Promise<void> }> => {
  const tmp = await tempDir('pgflux-lock-');
  await mkdir(join(tmp.path, 'migrations'));
  await mkdir(join(tmp.path, 'schema'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(tmp.path, 'migrations', name), sql);
  return { dir: tmp.path, remove: () => tmp.remove() };
};

describe('the migration lock', () => {
  it('8 concurrent migrate apply runs apply each file exactly once; the waiters name the holder', { timeout: 180_000 }, async () => {
    const db = await freshDatabase('lock8');
    const p = await project({
      '20260101_000001_log.sql': 'CREATE TABLE ran (file text NOT NULL);\nINSERT INTO ran VALUES (\'1\');\nSELECT pg_sleep(2);\n',
      '20260101_000002_two.sql': 'CREATE TABLE t2 (id int);\nINSERT INTO ran VALUES (\'2\');\n',
      '20260101_000003_three.sql': 'INSERT INTO ran VALUES (\'3\');\n',
    });
    try {
      const runs = await Promise.all(Array.from({ length: 8 }, () => spawnApply(p.dir, db.url)));
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      const ran = await withClient(db.url, async (c) => (await c.query<{ file: string; n: number }>('SELECT file, count(*)::int AS n FROM ran GROUP BY file ORDER BY file')).rows);
      assert.deepEqual(ran, [{ file: '1', n: 1 }, { file: '2', n: 1 }, { file: '3', n: 1 }], 'each file ran exactly once');
      const tracked = await withClient(db.url, async (c) => (await c.query('SELECT filename FROM _pgflux.migrations ORDER BY filename')).rows.map((r) => r['filename'] as string));
      assert.equal(tracked.length, 3);
      const appliedBy = runs.flatMap((r) => r.stdout.split('\n').filter((l) => l.startsWith('applied ')));
      assert.equal(appliedBy.length, 3, 'each file reported applied once, by one run');
      const pids = new Set(runs.map((r) => r.pid));
      const waiters = runs.filter((r) => /waiting up to/.test(r.stderr));
      assert.ok(waiters.length >= 1, 'with a 2 s file, some runs had to wait');
      for (const w of waiters) {
        assert.equal((w.stderr.match(/waiting up to/g) ?? []).length, 1, 'the waiting message is printed once');
        const m = /waiting up to 30 s for the migration lock, held by pid \d+ \(application "pg-flux migrate apply pid (\d+) on [^"]+", client [^,]+, connected since \d{4}-\d\d-\d\dT/.exec(w.stderr);
        assert.ok(m, w.stderr);
        assert.ok(pids.has(Number(m[1])) && Number(m[1]) !== w.pid, 'the holder named is another of the 8 runs');
        assert.match(w.stdout, /^No pending migrations\n$|^applied /);
      }
    } finally { await p.remove(); await db.drop(); }
  });

  it('gives up after --lock-wait naming the holder and how to end it (never pg_advisory_unlock)', { timeout: 60_000 }, async () => {
    const db = await freshDatabase('lockwait');
    const p = await project({ '20260101_000001_a.sql': 'CREATE TABLE a (id int);\n' });
    const holder = new pg.Client({ connectionString: db.url, application_name: 'nightly-job' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [migrationLockKey(db.name, '_pgflux')]);
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const t0 = Date.now();
      const r = await runCli(['migrate', 'apply', '--db', db.url, '--lock-wait', '800ms'], { cwd: p.dir });
      assert.ok(Date.now() - t0 >= 800);
      assert.equal(r.code, 1);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0]!, new RegExp(`^waiting up to 800 ms for the migration lock, held by pid ${pid} \\(application "nightly-job", client `));
      assert.match(lines[1]!, new RegExp(`^error: could not acquire the pg-flux migration lock within 800 ms: it is held by pid ${pid} \\(application "nightly-job", client [^,]+, connected since [^,]+, idle since [^)]+\\)\\.`));
      assert.match(lines[1]!, new RegExp(`check it first: SELECT pid, application_name, client_addr, state, query_start, query FROM pg_stat_activity WHERE pid = ${pid}; then end it with: SELECT pg_terminate_backend\\(${pid}\\);`));
      assert.doesNotMatch(r.stderr, /pg_advisory_unlock/);
      // The same database reached through another host name takes the same lock.
      const other = db.url.replace('127.0.0.1', 'localhost');
      assert.notEqual(other, db.url);
      const viaLocalhost = await runCli(['migrate', 'apply', '--db', other, '--lock-wait', '300ms'], { cwd: p.dir });
      assert.equal(viaLocalhost.code, 1);
      assert.match(viaLocalhost.stderr, /could not acquire the pg-flux migration lock/);
      // Another database on the same server is not blocked.
      const db2 = await freshDatabase('lockwait2');
      try {
        assert.equal((await runCli(['migrate', 'apply', '--db', db2.url, '--lock-wait', '300ms'], { cwd: p.dir })).code, 0);
      } finally { await db2.drop(); }
    } finally { await holder.end(); await p.remove(); await db.drop(); }
  });
});
