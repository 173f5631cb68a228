/**
 * verify, pull, dump, inspect and drift's output formats, through the CLI as users run it, on
 * a real server: every flag, message and exit code, and the seeds' Scenario A literally.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../support/cli.js';
import { freshDatabase, execSql } from '../support/database.js';
import { openProject } from '../../src/shell/operations/project.js';
import { pullOperation } from '../../src/shell/operations/pull.js';

interface Project {
  dir: string;
  db: string;
  cli(...args: string[]): ReturnType<typeof runCli>;
  write(file: string, sql: string): Promise<void>;
  /** generate + apply, asserting both succeed. */
  migrate(): Promise<void>;
  done(): Promise<void>;
}

const project = async (): Promise<Project> => {
  const dir = await tempDir('pgflux-toolkit-');
  const db = await freshDatabase('toolkit');
  await mkdir(join(dir.path, 'schema'));
  const cli = (...args: string[]) => runCli([...args, '--db', db.url], { cwd: dir.path });
  return {
    dir: dir.path,
    db: db.url,
    cli,
    write: async (file, sql) => {
      await mkdir(join(dir.path, 'schema', file, '..'), { recursive: true });
      await writeFile(join(dir.path, 'schema', file), sql);
    },
    migrate: async () => {
      const g = await cli('migrate', 'generate');
      assert.equal(g.code, 0, g.stderr);
      const a = await cli('migrate', 'apply');
      assert.equal(a.code, 0, a.stderr);
    },
    done: async () => { await db.drop(); await dir.remove(); },
  };
};

const USERS = `CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    last_login timestamptz
);
`;

const pulledFiles = async (p: Project): Promise<string[]> => readdir(join(p.dir, 'schema', '_pulled')).catch(() => []);

/** Every file under a directory, relative, sorted, with contents. */
const tree = async (dir: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const abs = join(f.parentPath, f.name);
    out[abs.slice(dir.length + 1)] = await readFile(abs, 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
};

describe('verify and pull', () => {
  it('Scenario A: an emergency index → verify --strict exits 4 → pull → verify --strict is clean', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await execSql(p.db, 'CREATE INDEX idx_emergency_perf ON users (last_login)');

      const found = await p.cli('verify', '--strict');
      assert.equal(found.code, 4, found.stderr);
      assert.equal(found.stdout, [
        'verify: 1 undeclared live object(s):',
        '',
        'Indexes (1):',
        '  - public.idx_emergency_perf',
        '',
        'Run `pg-flux pull` to capture these into schema/_pulled/<timestamp>_pulled.sql for review.',
        '',
      ].join('\n'));

      const pull = await p.cli('pull');
      assert.equal(pull.code, 0, pull.stderr);
      assert.match(pull.stdout, /^Wrote 1 object\(s\) to \.\/schema\/_pulled\/\d{8}_\d{6}_pulled\.sql\n$/);
      const [file] = await pulledFiles(p);
      const text = await readFile(join(p.dir, 'schema', '_pulled', file!), 'utf8');
      assert.match(text, /^CREATE INDEX idx_emergency_perf ON public\.users USING btree \(last_login\);$/m);

      const clean = await p.cli('verify', '--strict');
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.equal(clean.stdout, 'verify: clean — every live object is declared in source.\n');
      assert.match(clean.stderr, /note: 1 object\(s\) are declared only under schema\/_pulled\/: move them into the schema files/);
      // The pulled file is source: nothing drifts and nothing is left to pull.
      assert.equal((await p.cli('drift', '--strict')).code, 0);
      const again = await p.cli('pull');
      assert.equal(again.code, 0);
      assert.match(again.stdout, /^pull: nothing to capture/);
      assert.equal((await pulledFiles(p)).length, 1);
    } finally { await p.done(); }
  });

  it('plain verify exits 0 and lists by kind; --json; objects missing from live are not its business', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await p.write('more.sql', 'CREATE TABLE not_yet_applied (id int);\n');
      await execSql(p.db, `CREATE SCHEMA audit; CREATE TABLE audit.log (id int PRIMARY KEY, user_id bigint REFERENCES users (id));
        CREATE SEQUENCE public.counter;`);
      const r = await p.cli('verify');
      assert.equal(r.code, 0);
      assert.equal(r.stdout, [
        'verify: 5 undeclared live object(s):', '',
        'Schemas (1):', '  - audit', '',
        'Sequences (1):', '  - public.counter', '',
        'Tables (1):', '  - audit.log', '',
        'Constraints (2):', '  - audit.log.log_pkey', '  - audit.log.log_user_id_fkey', '',
        'Run `pg-flux pull` to capture these into schema/_pulled/<timestamp>_pulled.sql for review.', '',
      ].join('\n'));
      const json = JSON.parse((await p.cli('verify', '--json')).stdout);
      assert.equal(json.clean, false);
      assert.deepEqual(json.undeclared.map((u: { kind: string; key: string }) => `${u.kind}:${u.key}`),
        ['schemas:audit', 'sequences:public.counter', 'tables:audit.log', 'constraints:audit.log.log_pkey', 'constraints:audit.log.log_user_id_fkey']);
      assert.equal(json.undeclared[0].group, 'Schemas');
      assert.equal((await p.cli('verify', '--strict', '--json')).code, 4);
    } finally { await p.done(); }
  });

  it('objects of kinds pg-flux does not manage are a note, and count only under --strict-coverage', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await execSql(p.db, 'CREATE TEXT SEARCH CONFIGURATION public.my_search (COPY = pg_catalog.simple)');
      const r = await p.cli('verify', '--strict');
      assert.equal(r.code, 0, r.stdout);
      assert.equal(r.stdout, 'verify: clean — every live object is declared in source.\n');
      assert.match(r.stderr, /note: 1 live object\(s\) of kinds pg-flux does not manage, left alone: text search configuration 1 \(--verbose lists them; --strict-coverage makes them an error\)/);
      const strict = await p.cli('verify', '--strict-coverage');
      assert.equal(strict.code, 4);
      assert.match(strict.stdout, /^verify: 1 undeclared live object\(s\):\n\nNot managed by pg-flux: text search configuration \(1\):\n {2}- public\.my_search\n$/);
      const json = JSON.parse((await p.cli('verify', '--json')).stdout);
      assert.deepEqual(json.unmanaged, [{ kind: 'text search configuration', key: 'public.my_search' }]);
      assert.equal(json.clean, true);
    } finally { await p.done(); }
  });

  it('pull --dry-run prints and writes nothing; --dry-run=false writes; a bad value is a usage error', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await execSql(p.db, "CREATE TYPE mood AS ENUM ('ok', 'meh'); ALTER TABLE users ADD CONSTRAINT email_lower CHECK (email = lower(email))");
      const dry = await p.cli('pull', '--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^-- pg-flux pull, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: 2 live object\(s\) that schema\/ does not declare\./);
      assert.match(dry.stdout, /^CREATE TYPE public\.mood AS ENUM \('ok', 'meh'\);$/m);
      assert.match(dry.stdout, /^ALTER TABLE public\.users ADD CONSTRAINT email_lower CHECK \(\(email = lower\(email\)\)\);$/m);
      assert.match(dry.stderr, /dry run: nothing written/);
      assert.deepEqual(await pulledFiles(p), []);
      const bad = await p.cli('pull', '--dry-run=maybe');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--dry-run takes true or false/);
      const real = await p.cli('pull', '--dry-run=false');
      assert.equal(real.code, 0, real.stderr);
      assert.match(real.stdout, /^Wrote 2 object\(s\) to \.\/schema\/_pulled\/\d{8}_\d{6}_pulled\.sql\n$/);
      assert.equal((await pulledFiles(p)).length, 1);
      assert.equal((await p.cli('verify', '--strict')).code, 0);
    } finally { await p.done(); }
  });

  it('pull shows the live definition of an object that differs from source as comments, with file:line', async () => {
    const p = await project();
    try {
      await p.write('users.sql', `-- users\n${USERS}`);
      await p.migrate();
      await execSql(p.db, 'ALTER TABLE users ADD COLUMN hotfix int; CREATE TABLE scratch (id int)');
      const r = await p.cli('pull', '--dry-run');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^CREATE TABLE public\.scratch \(\n {4}id integer\n\);$/m);
      assert.match(r.stdout, /^-- 1 object\(s\) whose live definition differs from the source\./m);
      assert.match(r.stdout, /^-- public\.users \(table\), declared at schema\/users\.sql:2; live definition:\n-- CREATE TABLE public\.users \(\n(-- .*\n)*-- {5}hotfix integer\n-- \);$/m);
      const w = await p.cli('pull');
      assert.match(w.stdout, /^Wrote 1 object\(s\) to .*\n\(with the live definitions of 1 object\(s\) that differ from source, as comments\)\n$/);
      // Comments change nothing: the column is still drift, the table is declared now.
      assert.equal((await p.cli('verify', '--strict')).code, 0);
      assert.match((await p.cli('drift')).stdout, /^DROP COLUMN public\.users\.hotfix$/m);
    } finally { await p.done(); }
  });

  it('views, functions and triggers made by hand are listed by kind, pulled, and then declared', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await execSql(p.db, `CREATE VIEW active_users AS SELECT id, email FROM users WHERE last_login IS NOT NULL;
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.last_login := now(); RETURN NEW; END $$;
        CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();`);
      const r = await p.cli('verify', '--strict');
      assert.equal(r.code, 4);
      assert.match(r.stdout, /^Views \(1\):\n {2}- public\.active_users\n\nFunctions \(1\):\n {2}- public\.touch\(\)\n\nTriggers \(1\):\n {2}- public\.users\.users_touch$/m);
      const pull = await p.cli('pull');
      assert.match(pull.stdout, /^Wrote 3 object\(s\) to /);
      const [file] = await pulledFiles(p);
      const text = await readFile(join(p.dir, 'schema', '_pulled', file!), 'utf8');
      // Dependency order: the function before the trigger that calls it.
      assert.ok(text.indexOf('FUNCTION public.touch()') < text.indexOf('CREATE TRIGGER users_touch'), text);
      assert.equal((await p.cli('verify', '--strict')).code, 0);
      const drift = await p.cli('drift', '--strict');
      assert.equal(drift.code, 0, drift.stdout);
    } finally { await p.done(); }
  });

  it('pull never overwrites a file: a second pull in the same second takes the next one', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      const now = () => new Date('2026-05-20T10:32:45Z');
      const proj = await openProject({ cwd: p.dir, db: p.db });
      try {
        await execSql(p.db, 'CREATE INDEX one ON users (email)');
        const a = await pullOperation(proj, { now });
        await execSql(p.db, 'CREATE INDEX two ON users (last_login)');
        const b = await pullOperation(proj, { now });
        assert.equal(a.path, './schema/_pulled/20260520_103245_pulled.sql');
        assert.equal(b.path, './schema/_pulled/20260520_103246_pulled.sql');
        assert.equal(b.objects, 1);
        assert.match(await readFile(join(p.dir, a.path), 'utf8'), /CREATE INDEX one /);
      } finally { await proj.close(); }
    } finally { await p.done(); }
  });
});

describe('dump', () => {
  const SHOP = `CREATE SCHEMA shop;
CREATE TYPE shop.state AS ENUM ('new', 'paid');
CREATE TABLE shop.orders (
  id serial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  state shop.state NOT NULL DEFAULT 'new',
  note text CHECK (note <> '')
);
CREATE INDEX orders_user_idx ON shop.orders (user_id);
CREATE SEQUENCE shop.invoice_no START 1000;
`;

  it('writes a by-object tree that migrate generate reads back as No changes; bytes are deterministic', async () => {
    const p = await project();
    try {
      await execSql(p.db, `${USERS}${SHOP}`);
      const r = await p.cli('dump', '--out', 'dumped');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Wrote 12 object(s) in 5 file(s) to ./dumped\n');
      const files = await tree(join(p.dir, 'dumped'));
      assert.deepEqual(Object.keys(files), [
        'public/tables/users.sql', 'shop/schema.sql', 'shop/sequences/invoice_no.sql', 'shop/tables/orders.sql', 'shop/types/state.sql',
      ]);
      assert.equal(files['shop/schema.sql'], 'CREATE SCHEMA shop;\n');
      // A table's file holds its sequence, columns, constraints, foreign keys and indexes, in plan order.
      assert.equal(files['shop/tables/orders.sql'], [
        'CREATE SEQUENCE shop.orders_id_seq AS integer;', '',
        'CREATE TABLE shop.orders (',
        "    id integer DEFAULT nextval('shop.orders_id_seq'::regclass) NOT NULL,",
        '    user_id bigint NOT NULL,',
        "    state shop.state DEFAULT 'new'::shop.state NOT NULL,",
        '    note text,',
        "    CONSTRAINT orders_note_check CHECK ((note <> ''::text)),",
        '    CONSTRAINT orders_pkey PRIMARY KEY (id)',
        ');', '',
        'ALTER SEQUENCE shop.orders_id_seq OWNED BY shop.orders.id;', '',
        'ALTER TABLE shop.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);', '',
        'CREATE INDEX orders_user_idx ON shop.orders USING btree (user_id);', '',
      ].join('\n'));
      const gen = await p.cli('migrate', 'generate', '--schema-dir', 'dumped');
      assert.equal(gen.code, 0, gen.stderr);
      assert.equal(gen.stdout, 'No changes\n');
      const again = await p.cli('dump', '--out', 'dumped', '--force');
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(await tree(join(p.dir, 'dumped')), files);
    } finally { await p.done(); }
  });

  it('a fresh database migrated from the dump converges to the original (verify and drift clean)', async () => {
    const p = await project();
    const copy = await freshDatabase('toolkit_copy');
    try {
      await execSql(p.db, `${USERS}${SHOP}`);
      assert.equal((await p.cli('dump')).code, 0);
      const onCopy = (...args: string[]) => runCli([...args, '--db', copy.url], { cwd: p.dir });
      assert.equal((await onCopy('migrate', 'generate')).code, 0);
      assert.equal((await onCopy('migrate', 'apply')).code, 0);
      const drift = await onCopy('drift', '--strict');
      assert.equal(drift.code, 0, drift.stdout);
      assert.equal((await onCopy('verify', '--strict')).code, 0);
      // The copy dumps to the same tree.
      assert.equal((await onCopy('dump', '--out', 'copy')).code, 0);
      assert.deepEqual(await tree(join(p.dir, 'copy')), await tree(join(p.dir, 'schema')));
    } finally { await copy.drop(); await p.done(); }
  });

  it('a trigger goes in its table\'s file; a view, a function and an aggregate get files of their own', async () => {
    const p = await project();
    try {
      await execSql(p.db, `${USERS}
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.last_login := now(); RETURN NEW; END $$;
        CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE VIEW recent AS SELECT id FROM users WHERE last_login > now() - interval '1 day';
        CREATE RULE recent_no_delete AS ON DELETE TO recent DO INSTEAD NOTHING;
        CREATE AGGREGATE longest(text) (SFUNC = text_larger, STYPE = text);`);
      const r = await p.cli('dump', '--out', 'd');
      assert.equal(r.code, 0, r.stderr);
      const files = await tree(join(p.dir, 'd'));
      assert.deepEqual(Object.keys(files), ['public/aggregates/longest.sql', 'public/functions/touch.sql', 'public/tables/users.sql', 'public/views/recent.sql']);
      assert.match(files['public/tables/users.sql']!, /^CREATE TRIGGER users_touch BEFORE UPDATE ON public\.users FOR EACH ROW EXECUTE FUNCTION public\.touch\(\);$/m);
      assert.match(files['public/views/recent.sql']!, /^CREATE VIEW public\.recent AS\n[\s\S]*^CREATE RULE recent_no_delete AS\n/m);
      assert.match(files['public/functions/touch.sql']!, /^CREATE OR REPLACE FUNCTION public\.touch\(\)/);
      const plan = await p.cli('plan', '--schema-dir', 'd');
      assert.equal(plan.stdout, 'No changes\n', plan.stderr);
    } finally { await p.done(); }
  });

  it('--layout by-kind and single', async () => {
    const p = await project();
    try {
      await execSql(p.db, `${USERS}${SHOP}`);
      assert.equal((await p.cli('dump', '--out', 'k', '--layout', 'by-kind')).code, 0);
      assert.deepEqual(Object.keys(await tree(join(p.dir, 'k'))), [
        'constraints/shop.orders.sql', 'indexes/shop.orders.sql', 'schemas.sql', 'sequences/shop.invoice_no.sql',
        'sequences/shop.orders_id_seq.sql', 'tables/public.users.sql', 'tables/shop.orders.sql', 'types/shop.state.sql',
      ]);
      assert.equal((await p.cli('dump', '--out', 'one', '--layout', 'single')).code, 0);
      assert.deepEqual(Object.keys(await tree(join(p.dir, 'one'))), ['schema.sql']);
      for (const dir of ['k', 'one']) assert.equal((await p.cli('plan', '--schema-dir', dir)).stdout, 'No changes\n', dir);
      const bad = await p.cli('dump', '--layout', 'sideways');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--layout must be one of by-object, by-kind, single/);
    } finally { await p.done(); }
  });

  it('refuses a non-empty directory without --force, and with --force one that holds other files', async () => {
    const p = await project();
    try {
      await execSql(p.db, USERS);
      await p.write('old.sql', 'CREATE TABLE old (id int);\n');
      const refused = await p.cli('dump');
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr, 'error: refusing to dump into schema: it is not empty (pass --force to replace its contents, or choose another --out)\n');
      assert.deepEqual(await tree(join(p.dir, 'schema')), { 'old.sql': 'CREATE TABLE old (id int);\n' });
      await writeFile(join(p.dir, 'schema', 'README.md'), 'notes\n');
      const foreign = await p.cli('dump', '--force');
      assert.equal(foreign.code, 1);
      assert.match(foreign.stderr, /refusing to replace schema: it holds schema\/README\.md, which is not a \.sql file/);
      assert.ok(existsSync(join(p.dir, 'schema', 'old.sql')));
      const here = await p.cli('dump', '--out', '.', '--force');
      assert.equal(here.code, 1);
      assert.match(here.stderr, /refusing to replace \.: it contains the current directory/);
      await rm(join(p.dir, 'schema', 'README.md'));
      const forced = await p.cli('dump', '--force');
      assert.equal(forced.code, 0, forced.stderr);
      assert.deepEqual(Object.keys(await tree(join(p.dir, 'schema'))), ['public/tables/users.sql']);
      // Nothing is left behind beside the target.
      assert.deepEqual((await readdir(p.dir)).filter((f) => f.includes('pgflux-tmp')), []);
    } finally { await p.done(); }
  });

  it('says which live objects it could not dump', async () => {
    const p = await project();
    try {
      await execSql(p.db, `${USERS} CREATE TEXT SEARCH CONFIGURATION public.my_search (COPY = pg_catalog.simple);`);
      const r = await p.cli('dump', '--out', 'd');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /note: 1 live object\(s\) of kinds pg-flux does not manage, left alone: text search configuration 1/);
    } finally { await p.done(); }
  });
});

describe('inspect', () => {
  it('counts, definitions of a table with what it owns, --type, --json, and errors', async () => {
    const p = await project();
    try {
      await execSql(p.db, `${USERS} CREATE INDEX users_login_idx ON users (last_login); CREATE TABLE tags (name text PRIMARY KEY);`);
      const summary = await p.cli('inspect');
      assert.equal(summary.code, 0, summary.stderr);
      assert.match(summary.stdout, /^inspect: 14 managed object\(s\)\n +Schemas +1\n +Extensions +0\n/);
      // Owners and privileges are part of the live model (Coverage II): one of each per table and the public schema.
      assert.match(summary.stdout, /^ +Owners +3$/m);
      assert.match(summary.stdout, /^ +Tables +2$/m);
      assert.match(summary.stdout, /^ +Constraints +3$/m);
      const one = await p.cli('inspect', '--object', 'public.users');
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stdout, [
        'CREATE TABLE public.users (',
        '    id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.users_id_seq),',
        '    email text NOT NULL,',
        '    last_login timestamp with time zone,',
        '    CONSTRAINT users_email_key UNIQUE (email),',
        '    CONSTRAINT users_pkey PRIMARY KEY (id)',
        ');', '',
        'CREATE INDEX users_login_idx ON public.users USING btree (last_login);', '',
        'ALTER TABLE public.users OWNER TO postgres;', '',
      ].join('\n'));
      const idx = await p.cli('inspect', '--type', 'Indexes');
      assert.equal(idx.stdout, 'CREATE INDEX users_login_idx ON public.users USING btree (last_login);\n');
      const counted = await p.cli('inspect', '--type', 'constraint', '--object', 'public.users.*', '--summary');
      assert.equal(counted.stdout, 'inspect: 2 managed object(s)\n  Constraints  2\n');
      const json = JSON.parse((await p.cli('inspect', '--object', 'public.tags*', '--json')).stdout);
      assert.deepEqual(Object.keys(json.tables), ['public.tags']);
      assert.deepEqual(Object.keys(json.constraints), ['public.tags.tags_pkey']);
      const whole = JSON.parse((await p.cli('inspect', '--json')).stdout);
      assert.deepEqual(Object.keys(whole.tables), ['public.tags', 'public.users']);
      const none = await p.cli('inspect', '--object', 'nope*');
      assert.equal(none.code, 1);
      assert.match(none.stderr, /^error: no live object matches --object 'nope\*'/);
      const badType = await p.cli('inspect', '--type', 'widgets');
      assert.equal(badType.code, 1);
      assert.match(badType.stderr, /--type must name a kind pg-flux manages/);
    } finally { await p.done(); }
  });
});

describe('drift output', () => {
  it('one line per difference, grouped by object; --sql the statements; --json the data; exit codes unchanged', async () => {
    const p = await project();
    try {
      await p.write('users.sql', USERS);
      await p.migrate();
      await p.write('users.sql', USERS.replace('last_login timestamptz', 'last_login timestamptz,\n    seen_at timestamptz NOT NULL DEFAULT now()'));
      await execSql(p.db, 'CREATE INDEX idx_orphan ON users (email); CREATE TABLE aaa (id int)');
      const r = await p.cli('drift');
      assert.equal(r.code, 1);
      assert.equal(r.stdout, [
        'drift: 3 difference(s) between schema/ and the database:', '',
        'DROP TABLE public.aaa',
        'DROP INDEX public.idx_orphan',
        'ADD COLUMN public.users.seen_at timestamptz DEFAULT now() NOT NULL',
        '',
        'Run `pg-flux drift --sql` for the statements that would fix it, or `pg-flux migrate generate` to write them as a migration.', '',
      ].join('\n'));
      assert.equal((await p.cli('drift', '--strict')).code, 2);
      const sql = await p.cli('drift', '--sql');
      assert.equal(sql.code, 1);
      assert.match(sql.stdout, /^DROP INDEX CONCURRENTLY IF EXISTS public\.idx_orphan;$/m);
      assert.match(sql.stdout, /^ALTER TABLE public\.users ADD COLUMN seen_at timestamp with time zone DEFAULT now\(\) NOT NULL;$/m);
      const json = JSON.parse((await p.cli('drift', '--json')).stdout);
      assert.equal(json.drift, true);
      assert.deepEqual(json.differences.map((d: { line: string }) => d.line), ['DROP TABLE public.aaa', 'DROP INDEX public.idx_orphan',
        'ADD COLUMN public.users.seen_at timestamptz DEFAULT now() NOT NULL']);
      assert.deepEqual(json.differences[1].group, { kind: 'tables', key: 'public.users' });
      assert.deepEqual(json.differences[1].sql, ['DROP INDEX CONCURRENTLY IF EXISTS public.idx_orphan']);
    } finally { await p.done(); }
  });
});

describe('help', () => {
  it('--help of verify, pull, dump, inspect and drift documents every flag with an example', async () => {
    const dir = await tempDir();
    try {
      const flags: Record<string, string[]> = {
        verify: ['--strict', '--strict-coverage', '--json'], pull: ['--dry-run'], dump: ['--out', '--layout', '--force'],
        inspect: ['--type', '--object', '--summary', '--json'], drift: ['--strict', '--sql', '--json'],
      };
      for (const [cmd, list] of Object.entries(flags)) {
        const r = await runCli([cmd, '--help'], { cwd: dir.path });
        assert.equal(r.code, 0);
        assert.match(r.stdout, new RegExp(`^Usage: pg-flux ${cmd} `));
        assert.match(r.stdout, /\nExample:\n {2}pg-flux /);
        for (const f of list) assert.match(r.stdout, new RegExp(`\\n {2}${f}\\b`), `${cmd} ${f}`);
      }
      const main = await runCli(['--help'], { cwd: dir.path });
      for (const cmd of ['verify', 'pull', 'dump', 'inspect']) assert.match(main.stdout, new RegExp(`\\n {2}${cmd} +\\S`));
      assert.match(main.stdout, /4 verify --strict found undeclared objects/);
    } finally { await dir.remove(); }
  });
});
