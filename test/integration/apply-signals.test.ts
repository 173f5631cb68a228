/**
 * migrate apply as a process: Ctrl-C and SIGTERM cancel the running statement on the server,
 * roll back, release the migration lock and say what state each file is in; --log-format=json
 * writes one event per line and no password.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { freshDatabase, withClient } from '../support/database.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup) await c(); });

const setup = async (files: Record<string, string>) => {
  const dir = await tempDir('pgflux-sig-');
  const db = await freshDatabase('sig');
  cleanup.push(async () => { await db.drop(); await dir.remove(); });
  await mkdir(join(dir.path, 'schema'));
  await mkdir(join(dir.path, 'migrations'));
  for (const [n, t] of Object.entries(files)) await writeFile(join(dir.path, 'migrations', n), t);
  return { dir: dir.path, db: db.url };
};

const waitFor = async (url: string, sql: string, ms = 15_000): Promise<void> => {
  const t0 = Date.now();
  for (;;) {
    const n = await withClient(url, async (c) => (await c.query(sql)).rowCount ?? 0);
    if (n > 0) return;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for: ${sql}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const interrupt = async (signal: NodeJS.Signals, files: Record<string, string>, running: string) => {
  const s = await setup(files);
  const child = spawn(process.execPath, [BIN, 'migrate', 'apply', '--db', s.db], { cwd: s.dir, env: { ...process.env, DATABASE_URL: '' } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number>((res) => child.on('close', (code, sig) => res(code ?? (sig === 'SIGKILL' ? 137 : -1))));
  await waitFor(s.db, `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'pg-flux%' AND state = 'active' AND query LIKE '${running}%'`);
  const t0 = Date.now();
  child.kill(signal);
  const code = await exited;
  return { ...s, code, stderr, tookMs: Date.now() - t0 };
};

const serverState = (url: string) => withClient(url, async (c) => ({
  running: (await c.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()")).rowCount,
  advisory: (await c.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'")).rowCount,
  tables: (await c.query("SELECT relname FROM pg_class WHERE relname IN ('a', 'b', 'c') ORDER BY 1")).rows.map((r) => r.relname),
}));

describe('signals during migrate apply', () => {
  it('Ctrl-C (SIGINT) in a transaction: the statement is cancelled on the server, the file rolled back, the lock released', async () => {
    const r = await interrupt('SIGINT', {
      '20260101_000000_a.sql': 'CREATE TABLE a (id int);\n',
      '20260102_000000_b.sql': 'CREATE TABLE b (id int);\nSELECT pg_sleep(60);\n',
      '20260103_000000_c.sql': 'CREATE TABLE c (id int);\n',
    }, 'SELECT pg_sleep');
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.tookMs < 5000, `stopped in ${r.tookMs} ms`);
    assert.match(r.stderr, /interrupted by SIGINT: the running statement was cancelled and rolled back, and the migration lock released/);
    assert.match(r.stderr, /20260101_000000_a\.sql: applied/);
    assert.match(r.stderr, /20260102_000000_b\.sql: not started/);
    assert.match(r.stderr, /20260103_000000_c\.sql: not started/);
    assert.deepEqual(await serverState(r.db), { running: 0, advisory: 0, tables: ['a'] });
  });

  it('SIGTERM in the after-transaction section: the transaction stays committed and the rest resumes next time', async () => {
    const r = await interrupt('SIGTERM', {
      '20260101_000000_a.sql': '-- pg-flux:transaction\nCREATE TABLE a (id int);\n-- pg-flux:after-transaction\nSELECT pg_sleep(60);\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n',
    }, 'SELECT pg_sleep');
    assert.equal(r.code, 143, r.stderr);
    assert.match(r.stderr, /20260101_000000_a\.sql: transaction committed; 2 after-transaction statement\(s\) left/);
    assert.deepEqual(await serverState(r.db), { running: 0, advisory: 0, tables: ['a'] });
    const rows = await withClient(r.db, async (c) => (await c.query('SELECT pending_after FROM _pgflux.migrations')).rows);
    assert.deepEqual(rows, [{ pending_after: 2 }]);
  });
});

describe('--log-format=json', () => {
  it('one JSON object per line, each event of the run, no password', async () => {
    const s = await setup({ '20260101_000000_a.sql': '-- pg-flux:transaction\nCREATE TABLE a (id int);\n-- pg-flux:after-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n' });
    const u = new URL(s.db);
    u.password = 'Sup3rS3cret';
    const r = await runCli(['migrate', 'apply', '--log-format=json', '--statement-timeout=20min', '--db', u.toString()], { cwd: s.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /Sup3rS3cret/);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; time: string });
    const kinds = events.map((e) => e.event);
    for (const k of ['apply_start', 'file_start', 'statement_start', 'statement_end', 'commit', 'file_end', 'apply_end']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
    assert.ok(events.every((e) => !Number.isNaN(Date.parse(e.time))));
    const end = events.find((e) => e.event === 'statement_end') as unknown as { durationMs: number; statement: { file: string; line: number; phase: string } };
    assert.equal(typeof end.durationMs, 'number');
    assert.equal(end.statement.file, '20260101_000000_a.sql');
    // A refusal is an event too.
    await writeFile(join(s.dir, 'migrations', '20260102_000000_b.sql'), 'DROP TABLE a;\n');
    const refused = await runCli(['migrate', 'apply', '--log-format=json', '--db', s.db], { cwd: s.dir });
    assert.equal(refused.code, 5);
    const ev = refused.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; hazards?: { hazard: { type: string } }[] });
    assert.deepEqual(ev.find((e) => e.event === 'hazard_refusal')?.hazards?.map((h) => h.hazard.type), ['DATA_LOSS']);
  });

  it('durations: --lock-timeout and --statement-timeout take 500ms, 30s, 20min; anything else is a usage error', async () => {
    const s = await setup({});
    const bad = await runCli(['migrate', 'apply', '--lock-timeout', 'soon', '--db', s.db], { cwd: s.dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--lock-timeout must be a duration such as 500ms, 30s, 20min or 1h \(a bare number is seconds\), got "soon"/);
    const ok = await runCli(['migrate', 'apply', '--lock-timeout', '500ms', '--statement-timeout', '20min', '--db', s.db], { cwd: s.dir });
    assert.equal(ok.code, 0, ok.stderr);
  });
});
