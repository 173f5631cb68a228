/**
 * The CLI as a new user meets it: paths as CI passes them, no embedded database created for bad
 * input, no noise, names that cannot hijack a hint or a terminal, connection strings of every
 * kind, and user mistakes never reported as internal errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDir, type CliResult } from '../support/cli.js';
import { execSql, freshDatabase } from '../support/database.js';

const ok = (r: CliResult): CliResult => { assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`); return r; };

/** Where the embedded default would keep its cluster for `dir` (.pg-flux/, or the temp-dir fallback). */
const embeddedCreated = async (dir: string): Promise<boolean> => {
  const key = createHash('sha256').update(await realpath(dir)).digest('hex').slice(0, 16);
  return existsSync(join(dir, '.pg-flux')) || existsSync(join(tmpdir(), 'pg-flux-data', key));
};

describe('no embedded database before the input is validated', () => {
  it('drift outside a project says so, and creates nothing', async () => {
    const dir = await tempDir();
    try {
      const r = await runCli(['drift'], { cwd: dir.path });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: schema directory schema does not exist (run pg-flux init, or pass --schema-dir)\n');
      for (const cmd of [['migrate', 'status'], ['migrate', 'apply'], ['migrate', 'rollback']]) {
        const s = await runCli(cmd, { cwd: dir.path });
        assert.equal(s.code, 1);
        assert.match(s.stderr, /^error: \S+ is not a pg-flux project: no \.pg-flux\.yml, schema\/ or migrations\/ here \(run pg-flux init, or pass --db URL \/ --schema-dir DIR\)\n$/);
      }
      assert.equal(await embeddedCreated(dir.path), false);
    } finally { await dir.remove(); }
  });
  it('a broken schema file or migration file is reported before any database is created', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'schema'));
      await writeFile(join(dir.path, 'schema', 'a.sql'), 'CREATE TABLE t (id int;\n');
      for (const cmd of [['drift'], ['plan'], ['migrate', 'generate']]) {
        const r = await runCli(cmd, { cwd: dir.path });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: schema\/a\.sql:1:23: syntax error at or near ";"/);
      }
      await mkdir(join(dir.path, 'migrations'));
      await writeFile(join(dir.path, 'migrations', '20260101_000000_a.sql'), 'CREATE TABLE t (id int;\n');
      for (const cmd of [['migrate', 'apply'], ['migrate', 'status'], ['migrate', 'rollback']]) {
        const r = await runCli(cmd, { cwd: dir.path });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /20260101_000000_a\.sql:1:\d+: syntax error/);
      }
      assert.equal(await embeddedCreated(dir.path), false);
    } finally { await dir.remove(); }
  });
});

describe('paths, output and messages', () => {
  it('absolute --schema-dir and --migrations-dir work from any directory; apply reports each file once, without NOTICE noise', async () => {
    const proj = await tempDir();
    const elsewhere = await tempDir();
    const db = await freshDatabase('abs');
    try {
      await mkdir(join(proj.path, 'db', 'schema'), { recursive: true });
      await writeFile(join(proj.path, 'db', 'schema', 'a.sql'), 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int);\n');
      const dirs = ['--schema-dir', join(proj.path, 'db', 'schema'), '--migrations-dir', join(proj.path, 'db', 'migrations'), '--db', db.url];
      const gen = ok(await runCli(['migrate', 'generate', '--label', 'one', ...dirs], { cwd: elsewhere.path }));
      assert.match(gen.stdout, new RegExp(`^${join(proj.path, 'db', 'migrations')}/\\d{8}_\\d{6}_one\\.sql\\n$`));
      const dry = ok(await runCli(['migrate', 'apply', '--dry-run', ...dirs], { cwd: elsewhere.path }));
      assert.match(dry.stdout, /^-- would apply \d{8}_\d{6}_one\.sql\n-- transaction\nCREATE TABLE public\.a \(/);
      assert.equal(dry.stderr, '');
      const first = ok(await runCli(['migrate', 'apply', ...dirs], { cwd: elsewhere.path }));
      assert.match(first.stdout, /^applied \d{8}_\d{6}_one\.sql \(\d+ ms\)\n$/);
      assert.equal(first.stderr, '', 'no NOTICE, no progress line, nothing twice');
      const again = ok(await runCli(['migrate', 'apply', ...dirs], { cwd: elsewhere.path }));
      assert.equal(again.stdout, 'No pending migrations\n');
      assert.equal(again.stderr, '', 'no "already exists, skipping" NOTICE');
      ok(await runCli(['drift', '--strict', ...dirs], { cwd: elsewhere.path }));
    } finally { await db.drop(); await proj.remove(); await elsewhere.remove(); }
  });

  it('init --force lists what it overwrote', async () => {
    const dir = await tempDir();
    try {
      ok(await runCli(['init'], { cwd: dir.path }));
      await writeFile(join(dir.path, '.pg-flux.yml'), 'version: 1\n');
      await writeFile(join(dir.path, 'schema', 'users.sql'), '-- mine\n');
      const r = ok(await runCli(['init', '--force'], { cwd: dir.path }));
      assert.match(r.stdout, /^overwrote +\.pg-flux\.yml \(--force; the previous content is gone\)$/m);
      assert.equal(await readFile(join(dir.path, 'schema', 'users.sql'), 'utf8'), '-- mine\n', 'schema files are never overwritten');
    } finally { await dir.remove(); }
  });

  it('an empty schema/ against a database with objects warns first; the drops need consent', async () => {
    const dir = await tempDir();
    const db = await freshDatabase('empty');
    try {
      await mkdir(join(dir.path, 'schema'));
      await execSql(db.url, 'CREATE TABLE precious (id int); CREATE TABLE more (id int);');
      const r = await runCli(['migrate', 'generate', '--db', db.url], { cwd: dir.path });
      assert.equal(r.code, 5);
      assert.match(r.stderr.split('\n')[0]!, /^note: the schema source schema\/ has no \.sql files, but the database has 2 managed object\(s\): the plan drops all of them\. Check --schema-dir/);
      assert.equal(existsSync(join(dir.path, 'migrations')), false);
    } finally { await db.drop(); await dir.remove(); }
  });

  it('drift reports an INVALID index left by a failed CREATE INDEX CONCURRENTLY, and the fix rebuilds it', async () => {
    const dir = await tempDir();
    const db = await freshDatabase('invalid');
    try {
      await mkdir(join(dir.path, 'schema'));
      await writeFile(join(dir.path, 'schema', 'a.sql'), 'CREATE TABLE t (x int);\nCREATE UNIQUE INDEX t_x ON t (x);\n');
      await execSql(db.url, 'CREATE TABLE t (x int); INSERT INTO t VALUES (1), (1);');
      await execSql(db.url, 'CREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x)').catch(() => undefined);
      const r = await runCli(['drift', '--db', db.url], { cwd: dir.path });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /note: index public\.t_x is INVALID \(a CREATE INDEX CONCURRENTLY failed or was interrupted\)/);
      const sql = await runCli(['drift', '--sql', '--db', db.url], { cwd: dir.path });
      // Rebuilt online: built again under a temporary name, swapped in.
      assert.match(sql.stdout, /CREATE UNIQUE INDEX CONCURRENTLY t_x__pgflux_new ON public\.t \(x\);\nDROP INDEX CONCURRENTLY IF EXISTS public\.t_x;\nALTER INDEX public\.t_x__pgflux_new RENAME TO t_x;/);
      const json = JSON.parse((await runCli(['drift', '--json', '--db', db.url], { cwd: dir.path })).stdout);
      assert.deepEqual(json.invalidIndexes, ['public.t_x']);
    } finally { await db.drop(); await dir.remove(); }
  });

  it('names in hints are quoted, and control characters never reach the terminal raw', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'schema'));
      await writeFile(join(dir.path, 'schema', 'a.sql'), 'CREATE TABLE "s; DROP TABLE victim; --".t (id int);\nCREATE TABLE "evil\u001b[2Jname" (id int REFERENCES "gone\u001b]0;x\u0007" (id));\n');
      const r = await runCli(['plan', '--db', 'postgres://nobody@127.0.0.1:1/x'], { cwd: dir.path });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /\(add CREATE SCHEMA "s; DROP TABLE victim; --"\)/);
      assert.match(r.stderr, /references table public\.U&"gone\\001B\]0;x\\0007", which is declared nowhere/);
      // eslint-disable-next-line no-control-regex -- looking for them is the point
      assert.doesNotMatch(r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no raw control character');
    } finally { await dir.remove(); }
  });

  it('user mistakes are never internal errors: a migrations path that is a file, a bad config key', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'schema'));
      await writeFile(join(dir.path, 'migrations'), 'not a directory');
      const r = await runCli(['migrate', 'status', '--db', 'postgres://nobody@127.0.0.1:1/x'], { cwd: dir.path });
      assert.equal(r.stderr, 'error: migrations directory migrations is a file, not a directory (pass --migrations-dir DIR, or set migrations_dir in .pg-flux.yml)\n');
      await writeFile(join(dir.path, '.pg-flux.yml'), 'version: 1\ndb_url: postgres://x@h/d\n');
      const c = await runCli(['drift'], { cwd: dir.path });
      assert.equal(c.code, 1);
      assert.match(c.stderr, /^error: \.pg-flux\.yml:2:1: unknown key "db_url": did you mean "db"\?/);
      assert.doesNotMatch(r.stderr + c.stderr, /internal error/);
    } finally { await dir.remove(); }
  });
});

describe('the source and the settings', () => {
  it('a schema/ that declares the tracking schema is refused at its place', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'schema'));
      await writeFile(join(dir.path, 'schema', 'a.sql'), 'CREATE TABLE t (id int);\nCREATE SCHEMA _pgflux;\n');
      const r = await runCli(['plan', '--db', 'postgres://nobody@127.0.0.1:1/x'], { cwd: dir.path });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: schema\/a\.sql:2:1: schema _pgflux is pg-flux's tracking schema \(applied migrations are recorded there\): the source must not declare it/);
      await writeFile(join(dir.path, 'schema', 'a.sql'), 'CREATE SCHEMA history;\nCREATE TABLE history.t (id int);\n');
      const other = await runCli(['plan', '--tracking-schema', 'history', '--db', 'postgres://nobody@127.0.0.1:1/x'], { cwd: dir.path });
      assert.match(other.stderr, /schema history is pg-flux's tracking schema/);
    } finally { await dir.remove(); }
  });

  it('--config FILE: the settings of another file, its paths relative to it', async () => {
    const dir = await tempDir();
    const db = await freshDatabase('config');
    try {
      await mkdir(join(dir.path, 'db', 'schema'), { recursive: true });
      await writeFile(join(dir.path, 'db', 'schema', 'a.sql'), 'CREATE TABLE t (id int);\n');
      await writeFile(join(dir.path, 'db', 'pg-flux.yml'), `version: 1\ndb: ${db.url}\nschema_dir: schema\nmigrations_dir: migrations\n`);
      const r = ok(await runCli(['migrate', 'generate', '--config', 'db/pg-flux.yml', '--label', 'x'], { cwd: dir.path }));
      assert.match(r.stdout, /^db\/migrations\/\d{8}_\d{6}_x\.sql\n$/);
      assert.ok(existsSync(join(dir.path, 'db', 'migrations')), 'migrations_dir is relative to the config file');
      const missing = await runCli(['drift', '--config', 'nope.yml'], { cwd: dir.path });
      assert.equal(missing.stderr, 'error: config file nope.yml does not exist\n');
    } finally { await db.drop(); await dir.remove(); }
  });
});

describe('connection strings', () => {
  it('another scheme is refused; a libpq key=value string and the PG* variables work; --db beats DATABASE_URL', async () => {
    const dir = await tempDir();
    const db = await freshDatabase('conn');
    try {
      await mkdir(join(dir.path, 'schema'));
      const mysql = await runCli(['drift', '--db', 'mysql://root:hunter2-mysql@127.0.0.1/app'], { cwd: dir.path });
      assert.equal(mysql.code, 1);
      assert.match(mysql.stderr, /--db has scheme "mysql:"; pg-flux connects to PostgreSQL only/);
      assert.doesNotMatch(mysql.stderr, /hunter2-mysql/);
      const u = new URL(db.url);
      const kv = `host=${u.hostname} port=${u.port} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)}`;
      ok(await runCli(['drift', '--db', kv], { cwd: dir.path }));
      ok(await runCli(['drift'], { cwd: dir.path, env: { PGHOST: u.hostname, PGPORT: u.port, PGDATABASE: u.pathname.slice(1), PGUSER: decodeURIComponent(u.username) } }));
      ok(await runCli(['drift', '--db', db.url], { cwd: dir.path, env: { DATABASE_URL: 'postgres://x:y@127.0.0.1:1/nope' } }));
      const bad = await runCli(['drift'], { cwd: dir.path, env: { DATABASE_URL: 'postgres://app:pa#ss/w?rd@127.0.0.1:1/nope' } });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /could not connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/nope/);
      assert.doesNotMatch(bad.stderr, /pa#ss|w\?rd/);
    } finally { await db.drop(); await dir.remove(); }
  });
});
