/** The CLI as users run it: exit codes, messages with file:line:column, nothing half-written. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliProject, runCli, tempDir, type CliProject } from '../support/cli.js';
import { execSql } from '../support/database.js';

const project = (): Promise<CliProject> => cliProject('cli');

describe('bad input', () => {
  it('a syntax error names file:line:column, exits 1 and writes nothing', async () => {
    const p = await project();
    try {
      await p.write('users.sql', `${'-- comment\n'.repeat(11)}    CREATE TABLEX foo (id int);\n`);
      const r = await p.cli('migrate', 'generate');
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'error: schema/users.sql:12:12: syntax error at or near "TABLEX"');
      assert.deepEqual(await p.migrations(), []);
    } finally { await p.done(); }
  });

  it('an unsupported statement is an error naming the statement kind and place', async () => {
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE t (id int);\n\nCREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);\n');
      const r = await p.cli('plan');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: schema\/a\.sql:3:1: CREATE OPERATOR is not supported yet/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --verbose');
    } finally { await p.done(); }
  });

  it('a foreign key to an undeclared table and an unknown column type are reported together', async () => {
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE a (\n  id int PRIMARY KEY,\n  b_id int REFERENCES b (id),\n  c mystery\n);\n');
      const r = await p.cli('migrate', 'generate');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /schema\/a\.sql:3:12: foreign key a_b_id_fkey references table public\.b, which is declared nowhere/);
      assert.match(r.stderr, /schema\/a\.sql:4:3: type public\.mystery of column a\.c does not exist/);
      assert.deepEqual(await p.migrations(), []);
    } finally { await p.done(); }
  });

  it('connection failures never show the password', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'schema'));
      const r = await runCli(['drift', '--db', 'postgres://app:s3cret-pw@127.0.0.1:1/app'], { cwd: dir.path });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /could not connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw/);
      const v = await runCli(['drift', '--verbose'], { cwd: dir.path, env: { DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/app' } });
      assert.doesNotMatch(v.stdout + v.stderr, /s3cret-pw/);
    } finally { await dir.remove(); }
  });

  it('an unknown flag or hazard name is a usage error', async () => {
    const p = await project();
    try {
      assert.equal((await p.cli('plan', '--frobnicate')).code, 1);
      const r = await p.cli('plan', '--allow-hazards', 'DATA_LOS');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /unknown hazard type\(s\) DATA_LOS/);
    } finally { await p.done(); }
  });
});

describe('commands', () => {
  it('generate refuses hazards (exit 5, nothing written) unless allowed', async () => {
    const p = await project();
    try {
      await execSql(p.db, 'CREATE TABLE old_stuff (id int); INSERT INTO old_stuff VALUES (1);');
      await p.write('a.sql', 'CREATE TABLE t (id int);\n');
      const refused = await p.cli('migrate', 'generate');
      assert.equal(refused.code, 5);
      assert.match(refused.stderr, /DATA_LOSS: drops table public\.old_stuff/);
      assert.match(refused.stderr, /--allow-hazards DATA_LOSS/);
      assert.deepEqual(await p.migrations(), []);
      const ok = await p.cli('migrate', 'generate', '--allow-hazards', 'DATA_LOSS', '--label', 'cleanup');
      assert.equal(ok.code, 0, ok.stderr);
      const files = await p.migrations();
      assert.equal(files.length, 1);
      const text = await readFile(join(p.dir, 'migrations', files[0]!), 'utf8');
      assert.match(text, /-- hazards: DATA_LOSS/);
      assert.match(text, /-- DATA_LOSS: drops table public\.old_stuff[^\n]*\nDROP TABLE public\.old_stuff;/);
    } finally { await p.done(); }
  });

  it('drift exits 0 when in sync, 1 when different, 2 with --strict', async () => {
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE t (id int PRIMARY KEY, name text);\n');
      const before = await p.cli('drift');
      assert.equal(before.code, 1);
      assert.match(before.stdout, /CREATE TABLE public\.t/);
      assert.equal((await p.cli('drift', '--strict')).code, 2);
      const json = JSON.parse((await p.cli('drift', '--json')).stdout);
      assert.equal(json.drift, true);
      assert.equal(json.differences[0].kind, 'create_table');
      assert.equal((await p.cli('migrate', 'generate')).code, 0);
      assert.equal((await p.cli('migrate', 'apply')).code, 0);
      const after = await p.cli('drift', '--strict');
      assert.equal(after.code, 0, after.stdout + after.stderr);
      await execSql(p.db, 'ALTER TABLE t ADD COLUMN hotfix int');
      const hot = await p.cli('drift');
      assert.equal(hot.code, 1);
      assert.match(hot.stdout, /^DROP COLUMN public\.t\.hotfix$/m);
      assert.match((await p.cli('drift', '--sql')).stdout, /^ALTER TABLE public\.t DROP COLUMN hotfix;$/m);
    } finally { await p.done(); }
  });

  it('plan --json gives the changes as data and writes nothing', async () => {
    const p = await project();
    try {
      await p.write('a.sql', "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE t (id int, m mood);\n");
      const r = await p.cli('plan', '--json');
      assert.equal(r.code, 0, r.stderr);
      const plan = JSON.parse(r.stdout);
      assert.deepEqual(plan.changes.map((c: { kind: string }) => c.kind), ['create_enum', 'create_table']);
      assert.equal(plan.changes[1].object, 'public.t');
      assert.match(plan.fromHash, /^[0-9a-f]{64}$/);
      assert.deepEqual(await p.migrations(), []);
      const text = await p.cli('plan');
      assert.match(text.stdout, /^-- pg-flux migration/);
    } finally { await p.done(); }
  });

  it('status lists applied and pending files; generate refuses while files are pending', async () => {
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE t (id int);\n');
      assert.equal((await p.cli('migrate', 'generate', '--label', 'one')).code, 0);
      const pending = JSON.parse((await p.cli('migrate', 'status', '--json')).stdout);
      assert.equal(pending.length, 1);
      assert.equal(pending[0].state, 'pending');
      await p.write('a.sql', 'CREATE TABLE t (id int, x int);\n');
      const refused = await p.cli('migrate', 'generate');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /not applied yet .*run pg-flux migrate apply first/);
      assert.equal((await p.cli('migrate', 'apply')).code, 0);
      const applied = JSON.parse((await p.cli('migrate', 'status', '--json')).stdout);
      assert.equal(applied[0].state, 'applied');
      assert.ok(applied[0].appliedAt);
      const second = await p.cli('migrate', 'generate', '--label', 'two');
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /migrations\/\d{8}_\d{6}_two\.sql/);
    } finally { await p.done(); }
  });

  it('apply refuses a file whose baseline no longer matches the live schema', async () => {
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE t (id int);\n');
      assert.equal((await p.cli('migrate', 'generate')).code, 0);
      await execSql(p.db, 'CREATE TABLE sneaky (id int)');
      const r = await p.cli('migrate', 'apply');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: refusing to apply \d{8}_\d{6}\.sql: live database state has drifted since this migration was generated \(expected baseline=[0-9a-f]{12}…, live=[0-9a-f]{12}…\)\./);
      const forced = await p.cli('migrate', 'apply', '--force-after-drift');
      assert.equal(forced.code, 0, forced.stderr);
    } finally { await p.done(); }
  });

  it('init creates the scaffold and never overwrites without --force', async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, '.pg-flux.yml'), 'db: postgres://x@localhost/keep\n');
      const r = await runCli(['init'], { cwd: dir.path });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await readFile(join(dir.path, '.pg-flux.yml'), 'utf8'), 'db: postgres://x@localhost/keep\n');
      assert.match(await readFile(join(dir.path, 'schema', 'users.sql'), 'utf8'), /CREATE TABLE users/);
      assert.match(await readFile(join(dir.path, '.gitignore'), 'utf8'), /^\.pg-flux\/$/m);
      await runCli(['init', '--force'], { cwd: dir.path });
      assert.match(await readFile(join(dir.path, '.pg-flux.yml'), 'utf8'), /schema_dir: schema/);
    } finally { await dir.remove(); }
  });

  it('--help works for every command, --version prints the version', async () => {
    const dir = await tempDir();
    try {
      for (const cmd of [['init'], ['plan'], ['migrate', 'generate'], ['migrate', 'apply'], ['migrate', 'status'], ['drift']]) {
        const r = await runCli([...cmd, '--help'], { cwd: dir.path });
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^Usage: pg-flux/);
        assert.match(r.stdout, /Example/);
      }
      assert.match((await runCli(['--version'], { cwd: dir.path })).stdout, /^pg-flux \d+\.\d+\.\d+/);
    } finally { await dir.remove(); }
  });
});
