/**
 * migrate apply enforces safety on what it is about to run: hazards of hand-written and
 * generated files (consent by flag or by the file's allow-hazards line), data pre-flight,
 * before-section progress, lock timeouts with retries that name the blocker, validation state.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { runCli, tempDir } from '../support/cli.js';
import { execSql, freshDatabase, withClient } from '../support/database.js';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { applyMigrations } from '../../src/shell/runner/apply.js';
import { parseMigrationFile } from '../../src/shell/runner/migration-file.js';
import type { ApplyEvent } from '../../src/shell/runner/events.js';

interface Project {
  dir: string; db: string;
  cli(...args: string[]): ReturnType<typeof runCli>;
  schema(file: string, sql: string): Promise<void>;
  migration(name: string, sql: string): Promise<void>;
  migrations(): Promise<string[]>;
  apply(extra?: Partial<Parameters<typeof applyMigrations>[0]>): ReturnType<typeof applyMigrations>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  done(): Promise<void>;
}

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup) await c(); });

const project = async (setup = ''): Promise<Project> => {
  const dir = await tempDir('pgflux-safe-');
  const db = await freshDatabase('safe');
  await mkdir(join(dir.path, 'schema'));
  await mkdir(join(dir.path, 'migrations'));
  if (setup) await execSql(db.url, setup);
  const p: Project = {
    dir: dir.path,
    db: db.url,
    cli: (...args) => runCli([...args, '--db', db.url], { cwd: dir.path }),
    schema: (file, sql) => writeFile(join(dir.path, 'schema', file), sql),
    migration: (name, sql) => writeFile(join(dir.path, 'migrations', name), sql),
    migrations: async () => (await readdir(join(dir.path, 'migrations'))).sort(),
    apply: (extra = {}) => applyMigrations({ url: db.url, migrationsDir: join(dir.path, 'migrations'), toolVersion: 'test', retryBackoffMs: 50, ...extra }),
    rows: (sql) => withClient(db.url, async (c) => (await c.query(sql)).rows),
    done: async () => { await db.drop(); await dir.remove(); },
  };
  cleanup.push(() => p.done());
  return p;
};

const REFUSAL = 'error: refusing to apply: blocking hazards; pass --allow-hazards or change schema';

describe('hazards on what apply runs', () => {
  it('a DROP TABLE added by hand is refused before the first statement (exit 5, the seeds\' message), and passes with consent', async () => {
    const p = await project('CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1), (2);');
    await p.migration('20260101_000000_a.sql', 'CREATE TABLE audit (id int);\nDROP TABLE users;\n');
    const r = await p.cli('migrate', 'apply');
    assert.equal(r.code, 5, r.stderr);
    const lines = r.stderr.split('\n');
    assert.equal(lines[0], REFUSAL);
    assert.match(lines[1]!, /^ {2}DATA_LOSS: drops table public\.users and all its rows \(~\d+ rows/);
    assert.match(lines[2]!, /^ {4}statement \(.*migrations\/20260101_000000_a\.sql:2\): DROP TABLE users;?$/);
    assert.match(lines[3]!, /^ {4}safer: /);
    assert.match(r.stderr, /--allow-hazards DATA_LOSS or with a "-- pg-flux:allow-hazards DATA_LOSS" line in the file/);
    // Nothing ran, not even the harmless first statement.
    assert.deepEqual(await p.rows("SELECT to_regclass('audit') AS a, to_regclass('users')::text AS u"), [{ a: null, u: 'users' }]);
    const ok = await p.cli('migrate', 'apply', '--allow-hazards=DATA_LOSS');
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(await p.rows("SELECT to_regclass('users') AS u"), [{ u: null }]);
  });

  it('consent by an allow-hazards line in the file; a hazard the line does not name is still refused', async () => {
    const p = await project('CREATE TABLE t (id int, v text); INSERT INTO t VALUES (1, \'x\');');
    await p.migration('20260101_000000_a.sql', '-- pg-flux:allow-hazards DATA_LOSS\nALTER TABLE t DROP COLUMN v;\nGRANT SELECT ON t TO PUBLIC;\n');
    const r = await p.cli('migrate', 'apply');
    assert.equal(r.code, 5);
    assert.match(r.stderr, /AUTHZ_CHANGE: GRANT table privileges/);
    assert.doesNotMatch(r.stderr, /DATA_LOSS:/, 'consented by the file');
    assert.equal((await p.cli('migrate', 'apply', '--allow-hazards', 'AUTHZ_CHANGE')).code, 0);
    // An unknown name on the line is an error at its line.
    await p.migration('20260102_000000_b.sql', 'SELECT 1;\n-- pg-flux:allow-hazards DATA_LOS\n');
    const bad = await p.cli('migrate', 'apply');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /20260102_000000_b\.sql:2: -- pg-flux:allow-hazards takes a comma-separated list .*unknown: DATA_LOS/);
  });

  it('generate --allow-hazards writes the consent into the file, and apply honours it; a hand edit adding a new hazard is caught', async () => {
    const p = await project('CREATE TABLE old_t (id int); INSERT INTO old_t VALUES (1); CREATE TABLE keep (id int);');
    await p.schema('a.sql', 'CREATE TABLE keep (id int);\n');
    const gen = await p.cli('migrate', 'generate', '--allow-hazards', 'DATA_LOSS', '--label', 'drop_old');
    assert.equal(gen.code, 0, gen.stderr);
    const [name] = await p.migrations();
    const path = join(p.dir, 'migrations', name!);
    const text = await readFile(path, 'utf8');
    assert.match(text, /^-- hazards: DATA_LOSS\n-- pg-flux:allow-hazards DATA_LOSS\n/m);
    await writeFile(path, text.replace('-- pg-flux:transaction\n', '-- pg-flux:transaction\nTRUNCATE keep;\nCREATE INDEX keep_id ON keep (id);\n'));
    await execSql(p.db, 'INSERT INTO keep VALUES (1)');
    const edited = await p.cli('migrate', 'apply');
    assert.equal(edited.code, 5, edited.stderr);
    assert.match(edited.stderr, /INDEX_BUILD: builds the index without CONCURRENTLY on public\.keep/);
    assert.doesNotMatch(edited.stderr, /DATA_LOSS/);
    await writeFile(path, text);
    const ok = await p.cli('migrate', 'apply');
    assert.equal(ok.code, 0, ok.stderr);
  });
});

describe('migration files are split by the SQL scanner', () => {
  it('a section marker inside a quoted identifier or a string is not a marker', async () => {
    await loadParser();
    const text = '-- pg-flux:transaction\nCREATE TABLE "odd\n-- pg-flux:after-transaction\nname" (x text DEFAULT \'\n-- pg-flux:before-transaction\n\');\n';
    const f = parseMigrationFile('m.sql', text);
    assert.equal(f.sections.main.length, 1);
    assert.equal(f.sections.after.length, 0);
    assert.equal(f.sections.before.length, 0);
    const p = await project();
    await p.migration('20260101_000000_a.sql', text);
    assert.equal((await p.apply()).applied.length, 1);
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_class WHERE relname = E'odd\\n-- pg-flux:after-transaction\\nname'"), [{ n: 1 }]);
  });
});

describe('before-transaction progress', () => {
  it('a lock timeout after the before-section committed: the message says what committed, and the next run resumes without --force-after-drift', async () => {
    const p = await project("CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, m mood); INSERT INTO t VALUES (1, 'ok');");
    await p.schema('a.sql', "CREATE TYPE mood AS ENUM ('ok', 'great');\nCREATE TABLE t (id int, m mood DEFAULT 'great');\n");
    assert.equal((await p.cli('migrate', 'generate')).code, 0);
    const [name] = await p.migrations();
    assert.match(await readFile(join(p.dir, 'migrations', name!), 'utf8'), /-- pg-flux:before-transaction\n.*\nALTER TYPE public\.mood ADD VALUE IF NOT EXISTS 'great' AFTER 'ok';/);
    const blocker = new pg.Client({ connectionString: p.db, application_name: 'holds-t' });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; SELECT * FROM t;');
      const r = await p.cli('migrate', 'apply', '--lock-timeout', '300ms', '--lock-retries', '1');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /canceling statement due to lock timeout \(SQLSTATE 55P03\)/);
      assert.match(r.stderr, /gave up after 2 attempts/);
      assert.match(r.stderr, /blocked by: pid \d+ \(application_name "holds-t", idle in transaction, query started [^)]+\) holding AccessShareLock on t/);
      assert.match(r.stderr, /Its before-transaction section \(1 statement\(s\): ALTER TYPE public\.mood ADD VALUE IF NOT EXISTS 'great' AFTER 'ok'\) had committed and stays; the next migrate apply continues after it/);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    assert.deepEqual(await p.rows("SELECT enum_range(NULL::mood)::text AS r"), [{ r: '{ok,great}' }]);
    const again = await p.cli('migrate', 'apply');
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await p.cli('drift', '--strict')).code, 0);
    assert.deepEqual(await p.rows('SELECT count(*)::int AS n FROM _pgflux.before_progress'), [{ n: 0 }]);
  });
});

describe('lock timeouts', () => {
  it('a statement that cannot get its lock is retried with backoff, then fails naming the blocking session', async () => {
    const p = await project('CREATE TABLE t (id int);');
    await p.migration('20260101_000000_a.sql', 'ALTER TABLE t ADD COLUMN x int;\n');
    const blocker = new pg.Client({ connectionString: p.db, application_name: 'long-report' });
    await blocker.connect();
    const events: ApplyEvent[] = [];
    try {
      await blocker.query('BEGIN; SELECT count(*) FROM t;');
      const pid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await assert.rejects(p.apply({ ddlLockTimeoutMs: 400, lockRetries: 2, onEvent: (e) => events.push(e) }), (e: Error) => {
        assert.match(e.message, /20260101_000000_a\.sql:1: canceling statement due to lock timeout/);
        assert.match(e.message, new RegExp(`blocked by: pid ${pid} \\(application_name "long-report", idle in transaction, query started .*holding AccessShareLock on t; query: SELECT pg_backend_pid`));
        assert.match(e.message, new RegExp(`SELECT pg_terminate_backend\\(${pid}\\)`));
        assert.match(e.message, /rolled back: nothing from its transaction section was applied/);
        return true;
      });
      assert.deepEqual(events.filter((e) => e.event === 'retry').map((e) => e.event === 'retry' && `${e.attempt}/${e.of}`), ['2/3', '3/3']);
      assert.ok(events.some((e) => e.event === 'lock_wait' && e.blockers.some((b) => b.pid === pid)), 'the wait was reported with its blocker');
      // The blocker finishes during the retries: the apply goes through.
      setTimeout(() => void blocker.query('COMMIT'), 600);
      const r = await p.apply({ ddlLockTimeoutMs: 400, lockRetries: 5 });
      assert.equal(r.applied.length, 1);
    } finally {
      await blocker.end();
    }
  });
});

describe('data pre-flight', () => {
  const setup = `CREATE TABLE orgs (id int PRIMARY KEY);
    INSERT INTO orgs VALUES (1);
    CREATE TABLE users (id int PRIMARY KEY, email text, org int, code text, name text);
    INSERT INTO users SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'u' || (g % 5) END, CASE WHEN g = 4 THEN 9 ELSE 1 END,
      CASE WHEN g = 5 THEN 'x5' ELSE g::text END, repeat('n', g) FROM generate_series(1, 12) g;`;

  it('refuses early with the count and a sample key of the offending rows, for each kind of check', async () => {
    const p = await project(setup);
    await p.migration('20260101_000000_a.sql', [
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE users ADD CONSTRAINT short_name CHECK (length(name) < 10);',
      'ALTER TABLE users ADD CONSTRAINT users_org_fkey FOREIGN KEY (org) REFERENCES orgs;',
      'CREATE UNIQUE INDEX users_email_key ON users (email);',
      'ALTER TABLE users ALTER COLUMN code TYPE int USING code::int;',
      'ALTER TABLE users ALTER COLUMN name TYPE varchar(8);',
      '',
    ].join('\n'));
    await assert.rejects(p.apply({ allowHazards: 'all' }), (e: Error) => {
      const m = e.message;
      assert.match(m, /^refusing to apply: existing rows would make these statements fail \(nothing was changed\):/);
      assert.match(m, /public\.users\.email: 4 rows are NULL, e\.g\. id=3\n {4}statement \(.*a\.sql:1\): ALTER TABLE users ALTER COLUMN email SET NOT NULL/);
      assert.match(m, /public\.users\.short_name: 3 rows violate CHECK \(length\(name\) < 10\), e\.g\. id=10/);
      assert.match(m, /public\.users\.users_org_fkey: 1 rows reference no row of public\.orgs \(id\), e\.g\. id=4/);
      assert.match(m, /public\.users_email_key: 3 key values occur more than once, e\.g\. email=u\d/);
      assert.match(m, /public\.users\.code: values cannot be converted to integer: invalid input syntax for type integer: "x5"/);
      return true;
    });
    assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype IN ('c', 'f', 'u')"), [{ n: 0 }], 'nothing ran');
    // The type change of `name` comes after a retype of nothing else; checked alone it is caught too.
    await p.migration('20260101_000000_a.sql', 'ALTER TABLE users ALTER COLUMN name TYPE varchar(8);\n');
    await assert.rejects(p.apply({ allowHazards: 'all' }), /public\.users\.name: 4 rows are longer than 8 characters \(character varying\(8\)\), e\.g\. id=9/);
  });

  it('the checks run in --dry-run; a file that changes data first is not pre-checked (said so), and the statement itself decides', async () => {
    const p = await project(setup);
    await p.migration('20260101_000000_a.sql', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n');
    await assert.rejects(p.apply({ dryRun: true, allowHazards: 'all' }), /public\.users\.email: 4 rows are NULL/);
    await p.migration('20260101_000000_a.sql', "UPDATE users SET email = 'none' WHERE email IS NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
    const lines: string[] = [];
    const r = await p.apply({ allowHazards: 'all', log: (l) => lines.push(l) });
    assert.equal(r.applied.length, 1);
    assert.ok(lines.some((l) => /a\.sql:2: SET NOT NULL on email not pre-checked: an earlier statement changes data \(.*a\.sql:1\)/.test(l)), lines.join('\n'));
  });
});

describe('data pre-flight of what the run itself changes', () => {
  it('a CHECK using an enum label the run adds first is not pre-checked (said so): the target cannot read the label yet', async () => {
    const p = await project("CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int PRIMARY KEY, m mood); INSERT INTO t VALUES (1, 'ok');");
    await p.migration('20260101_000000_a.sql', [
      '-- pg-flux:before-transaction',
      "ALTER TYPE mood ADD VALUE 'sad';",
      '-- pg-flux:transaction',
      "ALTER TABLE t ADD CONSTRAINT not_sad CHECK (m <> 'sad'::mood);",
      '',
    ].join('\n'));
    const lines: string[] = [];
    const r = await p.apply({ allowHazards: 'all', log: (l) => lines.push(l) });
    assert.equal(r.applied.length, 1);
    assert.ok(lines.some((l) => /a\.sql:4: CHECK not_sad not pre-checked: it uses mood, which the run creates or changes before it/.test(l)), lines.join('\n'));
  });
});

describe('validation state', () => {
  it('a live constraint left NOT VALID is drift fixed by VALIDATE; one declared NOT VALID in the source stays so', async () => {
    const p = await project('CREATE TABLE t (id int); ALTER TABLE t ADD CONSTRAINT pos CHECK (id > 0) NOT VALID;');
    await p.schema('a.sql', 'CREATE TABLE t (id int, CONSTRAINT pos CHECK (id > 0));\n');
    const drift = await p.cli('drift', '--sql');
    assert.equal(drift.code, 1);
    assert.match(drift.stdout, /ALTER TABLE public\.t VALIDATE CONSTRAINT pos;/);
    assert.equal((await p.cli('migrate', 'generate')).code, 0);
    assert.equal((await p.cli('migrate', 'apply')).code, 0);
    assert.deepEqual(await p.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'pos'"), [{ convalidated: true }]);
    assert.equal((await p.cli('drift', '--strict')).code, 0);

    const q = await project('CREATE TABLE t (id int); INSERT INTO t VALUES (-1);');
    await q.schema('a.sql', 'CREATE TABLE t (id int);\nALTER TABLE t ADD CONSTRAINT pos CHECK (id > 0) NOT VALID;\n');
    assert.equal((await q.cli('migrate', 'generate')).code, 0);
    const applied = await q.cli('migrate', 'apply');
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(await q.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'pos'"), [{ convalidated: false }]);
    assert.equal((await q.cli('drift', '--strict')).code, 0, 'NOT VALID in the source is what the database has');
  });
});
