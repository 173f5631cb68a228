import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { ConnectionError, connect } from '../../src/shell/db/connect.js';
import { redactText, redactUrl } from '../../src/shell/db/redact.js';
import { LockTimeoutError, migrationLockKey } from '../../src/shell/runner/advisory-lock.js';
import { applyMigrations, MigrationApplyError } from '../../src/shell/runner/apply.js';
import { checksum, MigrationFileError, migrationFileName, parseMigrationFile, renderMigrationFile } from '../../src/shell/runner/migration-file.js';
import { migrationStatus } from '../../src/shell/runner/status.js';
import { adminUrl, createRunnerDb, query, type RunnerDb } from '../support/runner-db.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

describe('migration files (no server)', () => {
  before(() => loadParser());

  test('render -> parse round-trip keeps header, sections and line numbers', () => {
    const statements = [
      { sql: "CREATE TABLE public.users (id int PRIMARY KEY, bio text DEFAULT 'a;b')", phase: 'main' },
      { sql: "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'ok'", phase: 'before' },
      { sql: 'CREATE INDEX CONCURRENTLY users_bio ON public.users (bio)', phase: 'after' },
      { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$', phase: 'main' },
    ] as const;
    const input = { version: '0.1.0', created: new Date('2026-11-22T10:32:45.123Z'), label: 'add_users', baseline: H1, target: H2, statements };
    const text = renderMigrationFile({ ...input, hazards: ['DATA_LOSS', 'COLUMN_TYPE_CHANGE'] });
    assert.equal(text, renderMigrationFile({ ...input, hazards: ['COLUMN_TYPE_CHANGE', 'DATA_LOSS', 'DATA_LOSS'] }), 'deterministic');
    assert.match(text, /^-- pg-flux migration\n-- version: 0\.1\.0\n-- created: 2026-11-22T10:32:45Z\n-- label: add_users\n/);
    assert.match(text, /-- hazards: COLUMN_TYPE_CHANGE, DATA_LOSS\n/);
    const f = parseMigrationFile('m/x.sql', text);
    assert.deepEqual(f.header, { version: '0.1.0', created: '2026-11-22T10:32:45Z', label: 'add_users', baseline: H1, target: H2, hazards: ['COLUMN_TYPE_CHANGE', 'DATA_LOSS'] });
    assert.deepEqual(f.sections.before.map((s) => s.sql), ["ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'ok'"]);
    assert.deepEqual(f.sections.main.map((s) => s.sql), [
      "CREATE TABLE public.users (id int PRIMARY KEY, bio text DEFAULT 'a;b')",
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$',
    ]);
    assert.deepEqual(f.sections.after.map((s) => s.sql), ['CREATE INDEX CONCURRENTLY users_bio ON public.users (bio)']);
    const lines = text.split('\n');
    for (const s of [...f.sections.before, ...f.sections.main, ...f.sections.after]) assert.ok(lines[s.line - 1]!.startsWith(s.sql.split('\n')[0]!));
  });

  test('file names, checksums and a hand-written file without markers', () => {
    assert.equal(migrationFileName(new Date('2026-05-20T10:32:45.999Z'), 'Add Users-Email!'), '20260520_103245_add_users_email.sql');
    assert.equal(migrationFileName(new Date('2026-05-20T10:32:45Z'), null), '20260520_103245.sql');
    assert.equal(checksum('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const f = parseMigrationFile('h.sql', '-- just sql\nCREATE TABLE a (x int);\n\nINSERT INTO a VALUES (1);\n');
    assert.equal(f.header, null);
    assert.deepEqual(f.sections.main.map((s) => s.line), [2, 4]);
  });

  test('BEGIN / COMMIT and CONCURRENTLY in the transaction section are refused with file:line', () => {
    assert.throws(() => parseMigrationFile('m/a.sql', '-- hi\nBEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\n'),
      (e: unknown) => e instanceof MigrationFileError && e.message.startsWith('m/a.sql:2: BEGIN') && /pg-flux wraps each file in a transaction/.test(e.message));
    const fails = (name: string, text: string, re: RegExp): void =>
      assert.throws(() => parseMigrationFile(name, text), (e: unknown) => e instanceof MigrationFileError && re.test(e.message));
    fails('m/b.sql', 'CREATE TABLE a (x int);\n/* c */ create unique index concurrently i on a (x);\n',
      /^m\/b\.sql:2: CREATE INDEX CONCURRENTLY cannot run inside a transaction; move it into a "-- pg-flux:after-transaction"/);
    fails('m/c.sql', 'CREATE TABLE a (x int);\nCREATE TABLE (;\n', /^m\/c\.sql:2:\d+: syntax error/);
    fails('m/d.sql', '-- pg-flux:transaction\nSELECT 1;\n-- pg-flux:before-transaction\n', /^m\/d\.sql:3: section .* must come before/);
    fails('m/e.sql', 'SELECT 1;\n-- pg-flux:after-transaction\nVACUUM;\n', /^m\/e\.sql:2: missing the "-- pg-flux:transaction" section/);
  });

  test('redactUrl and redactText never leak the password', () => {
    assert.equal(redactUrl('postgres://u:secret@h/db'), 'postgres://u:***@h/db');
    assert.equal(redactUrl('postgresql://u:p%40ss@h:5432/db?sslmode=require&password=also'), 'postgresql://u:***@h:5432/db?sslmode=require&password=***');
    assert.equal(redactUrl("host=h user=u password='se cret' dbname=d"), 'host=h user=u password=*** dbname=d');
    assert.equal(redactUrl('postgres://h/db'), 'postgres://h/db');
    const url = 'postgres://u:s3cr@t@h/db';
    const out = redactText(`failed: ${url} (password s3cr@t, decoded p@ss) other postgres://x:hunter2@y/z`, [url, 'postgres://a:p%40ss@b/c']);
    for (const leak of ['s3cr@t', 'p@ss', 'hunter2']) assert.ok(!out.includes(leak), out);
    assert.ok(out.includes('postgres://u:***@h/db'), out);
  });
});

const dbSkip = adminUrl() ? false : 'PGFLUX_TEST_DATABASE_URL is not set';

describe('migration runner (PostgreSQL)', { skip: dbSkip }, () => {
  let db: RunnerDb;
  let dir: string;
  const dbs: RunnerDb[] = [];
  const fresh = async (): Promise<void> => {
    db = await createRunnerDb();
    dbs.push(db);
    dir = await mkdtemp(join(tmpdir(), 'pgflux-runner-'));
  };
  const write = (name: string, text: string): Promise<void> => writeFile(join(dir, name), text);
  const apply = (extra: Partial<Parameters<typeof applyMigrations>[0]> = {}) =>
    applyMigrations({ url: db.url, migrationsDir: dir, toolVersion: '0.1.0-test', ...extra });
  const rows = () => query<{ filename: string; checksum: string; pending_after: number }>(db.url,
    'SELECT filename, checksum, pending_after FROM _pgflux.migrations ORDER BY filename');
  const exists = async (rel: string) => (await query<{ r: string | null }>(db.url, 'SELECT to_regclass($1)::text AS r', [rel]))[0]!.r !== null;
  after(async () => { for (const d of dbs) await d.drop(); });

  test('applies two files in order and records rows with checksums', async () => {
    await fresh();
    const a = 'CREATE TABLE t1 (id int PRIMARY KEY);\n';
    const b = `-- pg-flux migration\n-- baseline: ${H1}\n-- target: ${H2}\n\n-- pg-flux:transaction\nCREATE TABLE t2 (id int REFERENCES t1);\n`;
    await write('20260101_000000_a.sql', a);
    await write('20260102_000000_b.sql', b);
    const report = await apply();
    assert.deepEqual(report.applied.map((x) => x.file), ['20260101_000000_a.sql', '20260102_000000_b.sql']);
    assert.deepEqual((await rows()).map((r) => [r.filename, r.checksum]), [['20260101_000000_a.sql', checksum(a)], ['20260102_000000_b.sql', checksum(b)]]);
    const [row] = await query(db.url, `SELECT baseline, target, tool_version FROM _pgflux.migrations WHERE filename = '20260102_000000_b.sql'`);
    assert.deepEqual(row, { baseline: H1, target: H2, tool_version: '0.1.0-test' });
    assert.deepEqual((await apply()).skipped, ['20260101_000000_a.sql', '20260102_000000_b.sql']);
  });

  test('a failing statement rolls back the whole file; the error names file, line, position and SQLSTATE', async () => {
    await fresh();
    await write('20260101_000000_bad.sql', 'CREATE TABLE first_t (id int);\n\nCREATE VIEW second_v AS\n  SELECT id, nope FROM first_t;\n');
    await assert.rejects(apply(), (e: unknown) => {
      assert.ok(e instanceof MigrationApplyError);
      assert.match(e.message, /20260101_000000_bad\.sql:4:14: column "nope" does not exist \(SQLSTATE 42703\)/);
      assert.match(e.message, /statement \(line 3\): CREATE VIEW second_v AS\n.*rolled back/);
      return true;
    });
    assert.equal(await exists('first_t'), false);
    assert.deepEqual(await rows(), []);
  });

  test('an applied file edited afterwards is refused', async () => {
    await fresh();
    await write('20260101_000000_a.sql', 'CREATE TABLE t1 (id int);\n');
    await apply();
    await write('20260101_000000_a.sql', 'CREATE TABLE t1 (id bigint);\n');
    await write('20260102_000000_b.sql', 'CREATE TABLE t2 (id int);\n');
    await assert.rejects(apply(), (e: unknown) => {
      assert.equal((e as Error).name, 'ModifiedMigrationError');
      assert.match((e as Error).message, /20260101_000000_a\.sql was edited after it was applied \(recorded checksum [0-9a-f]{12}…, file [0-9a-f]{12}…\)/);
      assert.match((e as Error).message, /Restore the file from version control, or, .*pg-flux migrate repair --file 20260101_000000_a\.sql/);
      return true;
    });
    assert.equal(await exists('t2'), false);
  });

  test('after-transaction statements run after commit; an interrupted CONCURRENTLY build resumes', async () => {
    await fresh();
    await write('20260101_000000_a.sql', [
      '-- pg-flux:transaction', 'CREATE TABLE t (x int);', 'INSERT INTO t VALUES (1), (1);', '',
      '-- pg-flux:after-transaction', 'CREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x);', 'CREATE INDEX CONCURRENTLY t_x2 ON t ((x * 2));', '',
    ].join('\n'));
    await assert.rejects(apply(), (e: unknown) => e instanceof MigrationApplyError && e.sqlstate === '23505' && /:6: could not create unique index/.test(e.message));
    // The transaction committed with its row; both after-statements are still owed.
    assert.deepEqual((await rows()).map((r) => r.pending_after), [2]);
    const validity = () => query<{ relname: string; indisvalid: boolean }>(db.url,
      `SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 't_x%' ORDER BY 1`);
    assert.deepEqual(await validity(), [{ relname: 't_x', indisvalid: false }]);
    assert.equal((await migrationStatus({ url: db.url, migrationsDir: dir }))[0]!.state, 'incomplete');
    await query(db.url, 'DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t)');
    const report = await apply();
    assert.deepEqual(report.applied, [{ file: '20260101_000000_a.sql', durationMs: report.applied[0]!.durationMs, resumed: true }]);
    assert.deepEqual(await validity(), [{ relname: 't_x', indisvalid: true }, { relname: 't_x2', indisvalid: true }]);
    assert.deepEqual((await rows()).map((r) => r.pending_after), [0]);
  });

  test('a concurrent apply waits for the lock and then names the holder', async () => {
    await fresh();
    await write('20260101_000000_a.sql', 'CREATE TABLE t1 (id int);\n');
    const holder = await connect(db.url, { applicationName: 'lock-holder-test' });
    try {
      const key = migrationLockKey(db.name, '_pgflux');
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const t0 = Date.now();
      await assert.rejects(apply({ lockWaitMs: 700 }), (e: unknown) => {
        assert.ok(e instanceof LockTimeoutError);
        assert.equal(e.holder?.pid, pid);
        assert.match(e.message, new RegExp(`held by pid ${pid} \\(application "lock-holder-test", client [^,]+, connected since \\d{4}-`));
        assert.ok(e.message.includes(`SELECT pg_terminate_backend(${pid})`) && e.message.includes(`WHERE pid = ${pid}`), e.message);
        assert.ok(!e.message.includes('pg_advisory_unlock'), 'pg_advisory_unlock does nothing from another session: never suggest it');
        return true;
      });
      assert.ok(Date.now() - t0 >= 650, 'waited for the timeout');
      assert.equal(await exists('t1'), false);
      // Released while a second apply waits: that apply proceeds.
      setTimeout(() => void holder.query('SELECT pg_advisory_unlock($1::bigint)', [key]), 400);
      assert.equal((await apply({ lockWaitMs: 10_000 })).applied.length, 1);
    } finally {
      await holder.end();
    }
  });

  test('an out-of-order file is a warning with the fix, and an error under strictOrder', async () => {
    await fresh();
    await write('20260102_000000_b.sql', 'CREATE TABLE b (id int);\n');
    await apply();
    await write('20260101_000000_a.sql', 'CREATE TABLE a (id int);\n');
    await assert.rejects(apply({ strictOrder: true }), (e: unknown) => {
      assert.equal((e as Error).name, 'OutOfOrderError');
      assert.match((e as Error).message, /^out-of-order migration: 20260101_000000_a\.sql sorts before 20260102_000000_b\.sql, which is already applied/);
      assert.match((e as Error).message, /pg-flux migrate rebase/);
      return true;
    });
    assert.equal(await exists('a'), false);
    const lines: string[] = [];
    const r = await apply({ log: (l) => lines.push(l) });
    assert.deepEqual(r.applied.map((x) => x.file), ['20260101_000000_a.sql']);
    assert.equal(lines.filter((l) => l.includes('out-of-order migration')).length, 1, lines.join('\n'));
    assert.match(lines.join('\n'), /1\. git pull origin main[\s\S]*2\. pg-flux migrate apply[\s\S]*3\. pg-flux migrate rebase[\s\S]*4\. git add migrations\//);
    assert.equal(await exists('a'), true);
  });

  test('dry-run changes nothing', async () => {
    await fresh();
    await write('20260101_000000_a.sql', 'CREATE TABLE a (id int);\n');
    const lines: string[] = [];
    const report = await apply({ dryRun: true, log: (l) => lines.push(l) });
    assert.deepEqual(report.applied.map((x) => x.file), ['20260101_000000_a.sql']);
    assert.equal(report.dryRun, true);
    assert.match(report.applied[0]!.sql ?? '', /CREATE TABLE a \(id int\);/);
    assert.equal(await exists('a'), false);
    assert.deepEqual(await query(db.url, `SELECT 1 FROM pg_namespace WHERE nspname = '_pgflux'`), []);
  });

  test('status reports applied, pending, modified and missing', async () => {
    await fresh();
    await write('20260101_000000_a.sql', 'CREATE TABLE a (id int);\n');
    await write('20260102_000000_b.sql', 'CREATE TABLE b (id int);\n');
    await write('20260103_000000_c.sql', 'CREATE TABLE c (id int);\n');
    await apply();
    await write('20260102_000000_b.sql', 'CREATE TABLE b (id bigint);\n');
    await rm(join(dir, '20260103_000000_c.sql'));
    await write('20260104_000000_d.sql', 'CREATE TABLE d (id int);\n');
    const st = await migrationStatus({ url: db.url, migrationsDir: dir });
    assert.deepEqual(st.map((s) => [s.file, s.state]), [
      ['20260101_000000_a.sql', 'applied'], ['20260102_000000_b.sql', 'modified'],
      ['20260103_000000_c.sql', 'missing'], ['20260104_000000_d.sql', 'pending'],
    ]);
    assert.ok(st[0]!.appliedAt !== null && st[3]!.appliedAt === null);
  });

  test('connection failures never contain the password', async () => {
    const u = new URL(adminUrl()!);
    u.username = 'postgres';
    u.password = 'Sup3rS3cret';
    u.pathname = '/pgflux_no_such_database';
    for (const url of [u.toString(), 'postgres://me:Sup3rS3cret@127.0.0.1:1/db']) {
      await assert.rejects(connect(url), (e: unknown) => {
        assert.ok(e instanceof ConnectionError);
        assert.ok(!e.message.includes('Sup3rS3cret'), e.message);
        assert.match(e.message, /^could not connect to postgres(ql)?:\/\/[^:]+:\*\*\*@.+: \S/);
        return true;
      });
    }
  });
});
