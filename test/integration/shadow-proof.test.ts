/**
 * The shadow proof: migrate generate proves each new file on a copy of the target and records it
 * in the header; migrate apply with a shadow server runs the pending files on a copy first and
 * refuses, before touching the target, when they fail there or do not give the source.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir } from '../support/cli.js';
import { execSql, freshDatabase, testServerUrl, withClient } from '../support/database.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup) await c(); });

/** A project on a fresh database; the shadow server is the test server (same major), proving on. */
const project = async (setup = '') => {
  const dir = await tempDir('pgflux-proof-');
  const db = await freshDatabase('proof');
  cleanup.push(async () => { await db.drop(); await dir.remove(); });
  await mkdir(join(dir.path, 'schema'));
  await mkdir(join(dir.path, 'migrations'));
  if (setup) await execSql(db.url, setup);
  const env = { PGFLUX_MIGRATE_PROVE: 'true', PGFLUX_SHADOW_DSN: testServerUrl() };
  return {
    dir: dir.path, db: db.url,
    cli: (...args: string[]) => runCli([...args, '--db', db.url], { cwd: dir.path, env }),
    schema: (sql: string) => writeFile(join(dir.path, 'schema', 'a.sql'), sql),
    migration: (name: string, sql: string) => writeFile(join(dir.path, 'migrations', name), sql),
    files: async () => (await readdir(join(dir.path, 'migrations'))).sort(),
    rows: (sql: string) => withClient(db.url, async (c) => (await c.query(sql)).rows),
  };
};

describe('shadow proof', () => {
  it('generate proves the new file on a copy of the target and records it; --no-prove skips it', async () => {
    const p = await project("CREATE TABLE t (id int PRIMARY KEY, n text); INSERT INTO t VALUES (1, 'a');");
    await p.schema('CREATE TABLE t (id int PRIMARY KEY, n text NOT NULL, c int DEFAULT 0 CHECK (c >= 0));\nCREATE INDEX t_n ON t (n);\n');
    const g = await p.cli('migrate', 'generate', '--label', 'proven');
    assert.equal(g.code, 0, g.stderr);
    const [name] = await p.files();
    assert.match(await readFile(join(p.dir, 'migrations', name!), 'utf8'), /^-- proof: applied to a copy of the target on PostgreSQL \d+, the result equals schema\/ \(owners and grants not compared\)$/m);
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'pgflux_scratch_%'"), [{ n: 0 }], 'the copy is dropped');
    const dry = await p.cli('migrate', 'generate', '--dry-run', '--no-prove');
    assert.equal(dry.code, 1, 'a file is still pending');
    assert.equal((await p.cli('migrate', 'apply', '--no-prove')).code, 0);
    await p.schema('CREATE TABLE t (id int PRIMARY KEY, n text NOT NULL, c int DEFAULT 0 CHECK (c >= 0), d int);\nCREATE INDEX t_n ON t (n);\n');
    const unproven = await p.cli('migrate', 'generate', '--no-prove', '--dry-run');
    assert.equal(unproven.code, 0, unproven.stderr);
    assert.doesNotMatch(unproven.stdout, /-- proof:/);
  });

  it('apply with a shadow server: a file that would fail half-way (after its transaction) is refused before the target is touched', async () => {
    const p = await project('CREATE TABLE t (id int);');
    await p.migration('20260101_000000_a.sql', '-- pg-flux:transaction\nCREATE TABLE u (id int);\n-- pg-flux:after-transaction\nCREATE INDEX CONCURRENTLY u_nope ON u (nope);\n');
    await p.schema('CREATE TABLE t (id int);\nCREATE TABLE u (id int);\n');
    const r = await p.cli('migrate', 'apply');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refusing to apply: the pending migrations fail on a copy of the target \(shadow server .*\); nothing was applied to the target:/);
    assert.match(r.stderr, /20260101_000000_a\.sql:4: column "nope" does not exist/);
    assert.deepEqual(await p.rows("SELECT to_regclass('u') AS u"), [{ u: null }]);
  });

  it('apply with a shadow server: files whose result differs from schema/ are refused with the difference; --dry-run runs only the proof', async () => {
    const p = await project('CREATE TABLE t (id int);');
    await p.migration('20260101_000000_a.sql', 'ALTER TABLE t ADD COLUMN extra int;\n');
    await p.schema('CREATE TABLE t (id int);\n');
    const r = await p.cli('migrate', 'apply');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /after the pending migrations a copy of the target \(.*\) differs from schema\/; nothing was applied to the target; the copy would still need:\n {2}.*extra.*ALTER TABLE public\.t DROP COLUMN extra/);
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'extra'"), [{ n: 0 }]);
    await p.schema('CREATE TABLE t (id int, extra int);\n');
    const dry = await p.cli('migrate', 'apply', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /shadow proof passed on shadow server .*: 1 pending migration\(s\) give exactly schema\//);
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'extra'"), [{ n: 0 }], 'dry run: the target is untouched');
    const ok = await p.cli('migrate', 'apply');
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'extra'"), [{ n: 1 }]);
  });
});
