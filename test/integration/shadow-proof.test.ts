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
import { ensureRoles, execSql, freshDatabase, testServerUrl, withClient } from '../support/database.js';
import { openProject } from '../../src/shell/operations/project.js';
import { computePlan } from '../../src/shell/operations/compute-plan.js';
import { proveNewMigration, ShadowProofError } from '../../src/shell/operations/shadow-proof.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup) await c(); });

/** `url` with a password in it (the test server trusts every connection, so any password works). */
const withPassword = (url: string, password: string): string => { const u = new URL(url); u.password = password; return u.toString(); };

/** A project on a fresh database; the shadow server is the test server (same major), proving on. */
const project = async (setup = '', extraEnv: Record<string, string | undefined> = {}) => {
  const dir = await tempDir('pgflux-proof-');
  const db = await freshDatabase('proof');
  cleanup.push(async () => { await db.drop(); await dir.remove(); });
  await mkdir(join(dir.path, 'schema'));
  await mkdir(join(dir.path, 'migrations'));
  if (setup) await execSql(db.url, setup);
  const env = { PGFLUX_MIGRATE_PROVE: 'true', PGFLUX_SHADOW_DSN: testServerUrl(), ...extraEnv };
  return {
    dir: dir.path, db: db.url,
    cli: (...args: string[]) => runCli([...args, '--db', db.url], { cwd: dir.path, env }),
    cliAs: (url: string, ...args: string[]) => runCli([...args, '--db', url], { cwd: dir.path, env }),
    write: (name: string, text: string) => writeFile(join(dir.path, name), text),
    schema: (sql: string) => writeFile(join(dir.path, 'schema', 'a.sql'), sql),
    migration: (name: string, sql: string) => writeFile(join(dir.path, 'migrations', name), sql),
    files: async () => (await readdir(join(dir.path, 'migrations'))).sort(),
    rows: (sql: string) => withClient(db.url, async (c) => (await c.query(sql)).rows),
  };
};

// Independent projects: the tests run side by side (CI time).
describe('shadow proof', { concurrency: true }, () => {
  it('generate proves the new file on a copy of the target and records it; --no-prove skips it', async () => {
    const p = await project("CREATE TABLE t (id int PRIMARY KEY, n text); INSERT INTO t VALUES (1, 'a');");
    await p.schema('CREATE TABLE t (id int PRIMARY KEY, n text NOT NULL, c int DEFAULT 0 CHECK (c >= 0));\nCREATE INDEX t_n ON t (n);\n');
    const g = await p.cli('migrate', 'generate', '--label', 'proven');
    assert.equal(g.code, 0, g.stderr);
    const [name] = await p.files();
    assert.match(await readFile(join(p.dir, 'migrations', name!), 'utf8'), /^-- proof: applied to a copy of the target on PostgreSQL \d+, the result equals schema\/ \(owners and grants not compared\)$/m);
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
    assert.match(r.stderr, /refusing to apply: the pending migrations fail on a copy of the target \(shadow server .*\); nothing was applied to the target\. On the copy:\n/);
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
  it('apply: only the pending files run on the copy (tracking rows copied); passwords of both URLs never shown, a shadow_dsn from the config file included; --log-format=json reports the proof', async () => {
    const shadowSecret = 'Sh4dowSecret-from-config';
    const targetSecret = 'T4rgetSecret-on-the-flag';
    const p = await project('CREATE TABLE t (id int);', { PGFLUX_SHADOW_DSN: undefined });
    await p.write('.pg-flux.yml', `version: 1\nshadow_dsn: ${withPassword(testServerUrl(), shadowSecret)}\n`);
    const target = withPassword(p.db, targetSecret);
    // Applied already: running it again on the copy would fail (u exists).
    await p.migration('20260101_000000_a.sql', 'CREATE TABLE u (id int);\n');
    assert.equal((await p.cliAs(target, 'migrate', 'apply', '--no-prove')).code, 0);
    await p.migration('20260102_000000_b.sql', 'ALTER TABLE u ADD COLUMN n int;\n');
    await p.schema('CREATE TABLE t (id int);\nCREATE TABLE u (id int, n int);\n');
    const ok = await p.cliAs(target, 'migrate', 'apply', '--dry-run', '--log-format=json');
    assert.equal(ok.code, 0, ok.stderr);
    const events = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; ok?: boolean; files?: string[]; server?: string });
    const proof = events.find((e) => e.event === 'shadow_proof');
    assert.deepEqual({ ok: proof?.ok, files: proof?.files }, { ok: true, files: ['20260102_000000_b.sql'] });
    assert.match(proof?.server ?? '', /^shadow server postgresql:\/\/postgres:\*\*\*@/);

    await p.migration('20260103_000000_c.sql', 'ALTER TABLE u ADD COLUMN m nope_type;\n');
    const bad = await p.cliAs(target, 'migrate', 'apply');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /refusing to apply: the pending migrations fail on a copy of the target \(shadow server postgresql:\/\/postgres:\*\*\*@[^)]*\); nothing was applied to the target\. On the copy:\n {2}.*20260103_000000_c\.sql:1(:\d+)?: type "nope_type" does not exist/);
    const badJson = await p.cliAs(target, 'migrate', 'apply', '--log-format=json');
    assert.match(badJson.stdout, /"event":"shadow_proof","ok":false/);
    for (const out of [ok.stdout, ok.stderr, bad.stdout, bad.stderr, badJson.stdout, badJson.stderr]) {
      assert.ok(!out.includes(shadowSecret) && !out.includes(targetSecret), `a password was printed:\n${out}`);
    }
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'u'::regclass AND attname = 'n'"), [{ n: 0 }], 'nothing reached the target');
  });

  it("owners and grants: the copy is made and proven by the shadow's role, not the target's; owners are not compared, grants still run", async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const [app, reader] = [`proof_app_${suffix}`, `proof_reader_${suffix}`];
    await ensureRoles(testServerUrl(), [reader]);
    await execSql(testServerUrl(), `CREATE ROLE ${app} LOGIN SUPERUSER`);
    const p = await project('CREATE TABLE t (id int);');
    cleanup.unshift(async () => { await execSql(testServerUrl(), `DROP ROLE IF EXISTS ${app}; DROP ROLE IF EXISTS ${reader}`).catch(() => undefined); });
    const asApp = (() => { const u = new URL(p.db); u.username = app; return u.toString(); })();
    await execSql(asApp, `ALTER TABLE t OWNER TO ${app}`);
    // Owners managed everywhere: every object's owner is the applying role (here the app role,
    // on the copy the shadow's postgres) — a comparison of owners would refuse every file.
    await p.write('.pg-flux.yml', 'version: 1\nmanage:\n  owners: always\n');
    await p.schema(`CREATE TABLE t (id int);\nCREATE TABLE u (id int);\nGRANT SELECT ON u TO ${reader};\n`);
    const g = await p.cliAs(asApp, 'migrate', 'generate', '--label', 'owned', '--allow-hazards', 'AUTHZ_CHANGE');
    assert.equal(g.code, 0, g.stderr);
    const [name] = await p.files();
    const text = await readFile(join(p.dir, 'migrations', name!), 'utf8');
    assert.match(text, /^-- proof: applied to a copy/m);
    assert.match(text, new RegExp(`GRANT SELECT ON (TABLE )?public\\.u TO ${reader}`));
    const a = await p.cliAs(asApp, 'migrate', 'apply');
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /shadow proof passed/);
    assert.deepEqual(await p.rows("SELECT pg_get_userbyid(relowner) AS o, has_table_privilege('" + reader + "', 'public.u', 'SELECT') AS r FROM pg_class WHERE oid = 'public.u'::regclass"), [{ o: app, r: true }]);
  });

  it('generate: the proof refuses a file that fails on the copy or falls short of schema/ (nothing written)', async () => {
    const p = await project('CREATE TABLE t (id int);');
    await p.schema('CREATE TABLE t (id int, n int);\n');
    const proj = await openProject({ cwd: p.dir, db: p.db, env: { PGFLUX_SHADOW_DSN: testServerUrl() } });
    try {
      const { desired } = await computePlan(proj);
      await assert.rejects(proveNewMigration(proj, { name: '20260101_000000_x.sql', text: 'ALTER TABLE t ADD COLUMN n nope_type;\n' }, desired),
        (e: unknown) => e instanceof ShadowProofError && /^the new migration fails on a copy of the target \(shadow server [^)]*\); nothing was written\. On the copy:\n {2}20260101_000000_x\.sql:1:\d+: type "nope_type" does not exist/.test(e.message));
      await assert.rejects(proveNewMigration(proj, { name: '20260101_000000_x.sql', text: 'ALTER TABLE t ADD COLUMN m int;\n' }, desired),
        (e: unknown) => e instanceof ShadowProofError && /does not reach schema\/ on a copy of the target .*; nothing was written; the copy would still need:\n(?=[\s\S]*\bn\b)(?=[\s\S]*\bm\b)/.test(e.message));
      assert.match(await proveNewMigration(proj, { name: '20260101_000000_x.sql', text: 'ALTER TABLE t ADD COLUMN n int;\n' }, desired), /^-- proof: applied to a copy of the target on PostgreSQL \d+/);
    } finally {
      await proj.close();
    }
    assert.deepEqual(await p.files(), []);
  });

  it('generate proves on an embedded server of the target\'s major when no shadow server is set; roles it lacks are created there', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const owner = `proof_owner_${suffix}`;
    await ensureRoles(testServerUrl(), [owner]);
    const p = await project(`CREATE TABLE t (id int); ALTER TABLE t OWNER TO ${owner};`, { PGFLUX_SHADOW_DSN: undefined });
    cleanup.unshift(async () => { await execSql(testServerUrl(), `DROP ROLE IF EXISTS ${owner}`).catch(() => undefined); });
    await p.schema(`CREATE TABLE t (id int, n int);\nALTER TABLE t OWNER TO ${owner};\n`);
    const g = await p.cli('migrate', 'generate', '--label', 'embedded');
    assert.equal(g.code, 0, g.stderr);
    const [name] = await p.files();
    assert.match(await readFile(join(p.dir, 'migrations', name!), 'utf8'), /^-- proof: applied to a copy of the target on PostgreSQL \d+, the result equals schema\/ \(owners and grants not compared\)$/m);
  });
});
