/**
 * The team workflow through the real CLI on a real server: baseline, repair, rollback, status,
 * the baseline-mismatch messages, and the two-branch scenario of the seeds (two developers
 * generate from the same base; the second rebases after the first is merged and applied; both
 * end applied in a linear history with `drift --strict` clean).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, tempDir, type CliResult } from '../support/cli.js';
import { execSql, freshDatabase, withClient } from '../support/database.js';

interface Checkout {
  readonly dir: string;
  cli(db: string, ...args: string[]): Promise<CliResult>;
  write(file: string, text: string): Promise<void>;
  migrations(): Promise<string[]>;
  git(...args: string[]): string;
}

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

const checkout = (dir: string): Checkout => ({
  dir,
  cli: (db, ...args) => runCli([...args, '--db', db], { cwd: dir }),
  write: async (file, text) => { await mkdir(join(dir, file, '..'), { recursive: true }); await writeFile(join(dir, file), text); },
  migrations: async () => (await readdir(join(dir, 'migrations')).catch(() => [] as string[])).sort(),
  git: (...args) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  },
});

const ok = (r: CliResult, what = ''): CliResult => { assert.equal(r.code, 0, `${what}\n${r.stdout}\n${r.stderr}`); return r; };

const rows = (url: string) => withClient(url, async (c) =>
  (await c.query<{ filename: string; baselined: boolean }>('SELECT filename, baselined FROM _pgflux.migrations ORDER BY applied_at, filename')).rows);

describe('baseline, repair and status', () => {
  it('baseline FILE marks only that file; --up-to marks up to it; refusals for missing, applied and mismatching files', async () => {
    const tmp = await tempDir();
    const dev = await freshDatabase('bl_dev');
    const prod = await freshDatabase('bl_prod');
    try {
      const c = checkout(tmp.path);
      await c.write('schema/a.sql', 'CREATE TABLE a (id int PRIMARY KEY);\n');
      ok(await c.cli(dev.url, 'migrate', 'generate', '--label', 'initial'));
      ok(await c.cli(dev.url, 'migrate', 'apply'));
      await c.write('schema/b.sql', 'CREATE TABLE b (id int PRIMARY KEY);\n');
      ok(await c.cli(dev.url, 'migrate', 'generate', '--label', 'add_b'));
      const [first, second] = await c.migrations();
      // "prod" already has the first file's schema, created by hand.
      await execSql(prod.url, 'CREATE TABLE a (id int PRIMARY KEY);');

      const none = await c.cli(prod.url, 'migrate', 'baseline');
      assert.equal(none.code, 1);
      assert.match(none.stderr, /name the file to mark: pg-flux migrate baseline FILE, or --up-to FILE/);
      const missing = await c.cli(prod.url, 'migrate', 'baseline', 'migrations/20990101_000000_nope.sql');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /migrations\/20990101_000000_nope\.sql does not exist in migrations\//);
      const mismatch = await c.cli(prod.url, 'migrate', 'baseline', `migrations/${second}`);
      assert.equal(mismatch.code, 1);
      assert.match(mismatch.stderr, new RegExp(`refusing to mark ${second} as applied: the live schema is not what it produces`));

      const marked = ok(await c.cli(prod.url, 'migrate', 'baseline', `migrations/${first}`));
      assert.equal(marked.stdout, `Marked ${first} as applied (checksum recorded)\n`);
      assert.deepEqual(await rows(prod.url), [{ filename: first, baselined: true }], 'only that file');
      const again = await c.cli(prod.url, 'migrate', 'baseline', first!);
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`${first} is already applied`));
      const status = JSON.parse(ok(await c.cli(prod.url, 'migrate', 'status', '--json')).stdout);
      assert.deepEqual(status.map((s: { file: string; state: string; baselined: boolean }) => [s.file, s.state, s.baselined]), [[first, 'applied', true], [second, 'pending', false]]);
      // Subsequent applies pick up where the baseline left off.
      ok(await c.cli(prod.url, 'migrate', 'apply'));
      assert.deepEqual((await rows(prod.url)).map((r) => r.filename), [first, second]);

      // --up-to on a database that has both.
      const both = await freshDatabase('bl_both');
      try {
        await execSql(both.url, 'CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);');
        const up = ok(await c.cli(both.url, 'migrate', 'baseline', '--up-to', second!));
        assert.equal(up.stdout, `Marked ${first} as applied (checksum recorded)\nMarked ${second} as applied (checksum recorded)\n`);
        assert.equal(ok(await c.cli(both.url, 'drift', '--strict')).code, 0);
      } finally { await both.drop(); }
      // --force marks a file whose target is not the live schema (the user vouches for it).
      const forced = await freshDatabase('bl_force');
      try {
        assert.equal(ok(await c.cli(forced.url, 'migrate', 'baseline', second!, '--force')).stdout, `Marked ${second} as applied (checksum recorded)\n`);
      } finally { await forced.drop(); }
    } finally { await dev.drop(); await prod.drop(); await tmp.remove(); }
  });

  it('repair accepts a cosmetic edit of an applied file, refuses one that changes what it does unless --force', async () => {
    const tmp = await tempDir();
    const db = await freshDatabase('repair');
    try {
      const c = checkout(tmp.path);
      await c.write('schema/a.sql', 'CREATE TABLE a (id int PRIMARY KEY, note text);\n');
      ok(await c.cli(db.url, 'migrate', 'generate', '--label', 'a'));
      ok(await c.cli(db.url, 'migrate', 'apply'));
      const [file] = await c.migrations();
      const path = join(tmp.path, 'migrations', file!);
      const text = await readFile(path, 'utf8');
      assert.equal((await c.cli(db.url, 'migrate', 'repair')).stdout, 'No edited migrations: every applied file matches its recorded checksum\n');

      await writeFile(path, text.replace('CREATE TABLE', '-- reviewed by ops\ncreate   table'));
      const refused = await c.cli(db.url, 'migrate', 'apply');
      assert.equal(refused.code, 1);
      assert.doesNotMatch(refused.stderr, /internal error/);
      assert.match(refused.stderr, new RegExp(`${file} was edited after it was applied[\\s\\S]*pg-flux migrate repair --file ${file}`));
      const repaired = ok(await c.cli(db.url, 'migrate', 'repair'));
      assert.match(repaired.stdout, new RegExp(`^Repaired ${file}: checksum [0-9a-f]{12}… → [0-9a-f]{12}… \\(comments or layout changed; the statements are the same\\)\\n$`));
      assert.equal(JSON.parse(ok(await c.cli(db.url, 'migrate', 'status', '--json')).stdout)[0].state, 'applied');

      await writeFile(path, text.replace('note text', 'note varchar(10)'));
      const changed = await c.cli(db.url, 'migrate', 'repair', '--file', file!);
      assert.equal(changed.code, 1);
      assert.match(changed.stderr, new RegExp(`${file} now does something else than what ran on this database`));
      assert.match(ok(await c.cli(db.url, 'migrate', 'repair', '--file', file!, '--force')).stdout, /statements changed; accepted with --force/);
    } finally { await db.drop(); await tmp.remove(); }
  });
});

describe('rollback', () => {
  it('undoes the newest migrations, refuses the undo\'s hazards unless allowed, and stops before a migration without an undo', async () => {
    const tmp = await tempDir();
    const db = await freshDatabase('rollback');
    try {
      const c = checkout(tmp.path);
      await c.write('schema/a.sql', 'CREATE TABLE a (id int PRIMARY KEY);\n');
      ok(await c.cli(db.url, 'migrate', 'generate', '--label', 'no_undo'));
      ok(await c.cli(db.url, 'migrate', 'apply'));
      await c.write('schema/a.sql', 'CREATE TABLE a (id int PRIMARY KEY, added int DEFAULT 7);\n');
      const gen = ok(await c.cli(db.url, 'migrate', 'generate', '--label', 'add_column', '--generate-undo'));
      assert.match(gen.stderr, /undo: migrations\/\d{8}_\d{6}_add_column_undo\.sql/);
      ok(await c.cli(db.url, 'migrate', 'apply'));
      const all = await c.migrations();
      // no_undo.sql is a migration (its label ends in _undo); add_column_undo.sql is an undo.
      const [first, second] = all.filter((f) => !(f.endsWith('_undo.sql') && all.includes(f.replace(/_undo\.sql$/, '.sql'))));
      assert.match(first!, /_no_undo\.sql$/);

      const status = ok(await c.cli(db.url, 'migrate', 'status')).stdout;
      assert.match(status, new RegExp(`${second}\\s+applied\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ ms\\)  \\[undo\\]`));
      const two = await c.cli(db.url, 'migrate', 'rollback', '2');
      assert.equal(two.code, 1);
      assert.match(two.stderr, new RegExp(`cannot roll back ${first}: it has no undo .*Nothing was rolled back \\(pg-flux migrate rollback 1 rolls back the newer one only\\)`));
      const dry = await c.cli(db.url, 'migrate', 'rollback', '--dry-run');
      assert.equal(dry.code, 5, dry.stderr);
      assert.match(dry.stdout, new RegExp(`^-- would roll back ${second}\\n-- transaction\\nALTER TABLE public\\.a DROP COLUMN added;`));
      assert.match(dry.stderr, /refusing to roll back: the undo has hazards that were not allowed \(DATA_LOSS\):\n {2}\S+: DATA_LOSS: drops column public\.a\.added and its values/);
      const done = ok(await c.cli(db.url, 'migrate', 'rollback', '--allow-hazards', 'DATA_LOSS'));
      assert.match(done.stdout, new RegExp(`^rolled back ${second} \\(\\d+ ms\\)\\n$`));
      assert.deepEqual((await rows(db.url)).map((r) => r.filename), [first]);
      assert.equal(JSON.parse(ok(await c.cli(db.url, 'migrate', 'status', '--json')).stdout)[1].state, 'pending');
      const bad = await c.cli(db.url, 'migrate', 'rollback', 'two');
      assert.match(bad.stderr, /N must be a positive whole number/);
      // Applying it again works: the file is simply pending.
      ok(await c.cli(db.url, 'migrate', 'apply'));
      assert.equal(ok(await c.cli(db.url, 'drift', '--strict')).code, 0);
      // A rollback refuses when the schema is no longer what the migration left, unless forced.
      await execSql(db.url, 'CREATE INDEX manual ON a (id)');
      const drifted = await c.cli(db.url, 'migrate', 'rollback', '--allow-hazards', 'all');
      assert.equal(drifted.code, 1);
      assert.match(drifted.stderr, new RegExp(`refusing to roll back ${second}: the live schema is not what ${second} left .*Pass --force-after-drift`));
      ok(await c.cli(db.url, 'migrate', 'rollback', '--allow-hazards', 'all', '--force-after-drift'));
    } finally { await db.drop(); await tmp.remove(); }
  });

  it('the combined format (migrate.format: combined in the config) applies its Up part and rolls back with its Down part', async () => {
    const tmp = await tempDir();
    const db = await freshDatabase('combined');
    try {
      const c = checkout(tmp.path);
      await c.write('.pg-flux.yml', 'version: 1\nmigrate:\n  format: combined\n');
      await c.write('schema/a.sql', "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE a (id int PRIMARY KEY, m mood);\n");
      const dry = ok(await c.cli(db.url, 'migrate', 'generate', '--dry-run', '--format', 'separate'));
      assert.doesNotMatch(dry.stdout, /\+migrate Up/, '--format beats the config');
      ok(await c.cli(db.url, 'migrate', 'generate', '--label', 'init'));
      const files = await c.migrations();
      assert.equal(files.length, 1, 'one file, no _undo.sql');
      const text = await readFile(join(tmp.path, 'migrations', files[0]!), 'utf8');
      assert.match(text, /\n-- \+migrate Up\n-- pg-flux:transaction\nCREATE TYPE public\.mood[\s\S]*\n-- \+migrate Down\n[\s\S]*DROP TABLE public\.a;[\s\S]*DROP TYPE public\.mood;/);
      ok(await c.cli(db.url, 'migrate', 'apply'));
      ok(await c.cli(db.url, 'migrate', 'rollback', '--allow-hazards', 'all'));
      const left = await withClient(db.url, async (cl) => (await cl.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'a' AND relnamespace = 'public'::regnamespace")).rows[0].n);
      assert.equal(left, 0);
    } finally { await db.drop(); await tmp.remove(); }
  });
});

describe('the baseline mismatch says what happened', () => {
  it('a manual change gets the manual-change fix, in the seeds\' words', async () => {
    const tmp = await tempDir();
    const db = await freshDatabase('manual');
    try {
      const c = checkout(tmp.path);
      await c.write('schema/a.sql', 'CREATE TABLE a (id int);\n');
      ok(await c.cli(db.url, 'migrate', 'generate'));
      ok(await c.cli(db.url, 'migrate', 'apply'));
      await c.write('schema/a.sql', 'CREATE TABLE a (id int, x int);\n');
      ok(await c.cli(db.url, 'migrate', 'generate', '--label', 'add_x'));
      const file = (await c.migrations())[1]!;
      await execSql(db.url, 'CREATE INDEX emergency ON a (id)');
      const r = await c.cli(db.url, 'migrate', 'apply');
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`^error: refusing to apply ${file}: live database state has drifted since this migration was generated \\(expected baseline=[0-9a-f]{12}…, live=[0-9a-f]{12}…\\)\\.\\n` +
        'No migration explains the difference, so the schema was changed outside pg-flux'));
      assert.match(r.stderr, /1\. pg-flux drift[\s\S]*2\. keep the change[\s\S]*3\. pg-flux migrate rebase[\s\S]*4\. review the new file/);
      // migrate rebase is step 3: it regenerates the file on top of the live schema — but not
      // a file edited by hand since it was generated, unless --force.
      const path = join(tmp.path, 'migrations', file);
      const generated = await readFile(path, 'utf8');
      await writeFile(path, `${generated}\nUPDATE a SET x = 0;\n`);
      const edited = await c.cli(db.url, 'migrate', 'rebase');
      assert.equal(edited.code, 1);
      assert.match(edited.stderr, new RegExp(`${file} was edited by hand since it was generated: rebasing regenerates it from schema/ and would lose the edit`));
      await writeFile(path, generated);
      const rebased = ok(await c.cli(db.url, 'migrate', 'rebase'));
      assert.match(rebased.stdout, new RegExp(`^Rebased ${file} → migrations/\\d{8}_\\d{6}_add_x\\.sql`));
      const now = await c.migrations();
      assert.ok(!now.includes(file) && now.length === 2);
      assert.match(await readFile(join(tmp.path, 'migrations', now[1]!), 'utf8'), /DROP INDEX CONCURRENTLY IF EXISTS public\.emergency/);
    } finally { await db.drop(); await tmp.remove(); }
  });
});

describe('two branches, one rebase, a linear history', () => {
  it('the second PR rebases after the first is merged and applied, as the seeds describe', { timeout: 240_000 }, async () => {
    const root = await tempDir('pgflux-branches-');
    const staging = await freshDatabase('staging');
    const bobDb = await freshDatabase('bob');
    const aliceDb = await freshDatabase('alice');
    try {
      // main: one table, its migration applied everywhere.
      const origin = checkout(join(root.path, 'origin'));
      await mkdir(origin.dir);
      origin.git('init', '-q', '-b', 'main');
      await origin.write('schema/base.sql', 'CREATE TABLE base (id int PRIMARY KEY);\n');
      ok(await origin.cli(staging.url, 'migrate', 'generate', '--label', 'base', '--generate-undo'));
      await origin.write('.gitignore', '.pg-flux/\n');
      origin.git('add', '-A');
      origin.git('commit', '-qm', 'base');
      for (const db of [staging, bobDb, aliceDb]) ok(await origin.cli(db.url, 'migrate', 'apply'));
      const bob = checkout(join(root.path, 'bob'));
      const alice = checkout(join(root.path, 'alice'));
      for (const who of [bob, alice]) spawnSync('git', ['clone', '-q', origin.dir, who.dir], { env: { ...process.env, ...GIT_ENV } });
      bob.git('checkout', '-qb', 'add-b');
      alice.git('checkout', '-qb', 'add-a');

      // Both generate from the same base; Bob first (so his file sorts first) and applies it locally.
      await bob.write('schema/b.sql', 'CREATE TABLE b (id int PRIMARY KEY, base_id int REFERENCES base);\n');
      ok(await bob.cli(bobDb.url, 'migrate', 'generate', '--label', 'add_b', '--generate-undo'));
      ok(await bob.cli(bobDb.url, 'migrate', 'apply'));
      const bobFile = (await bob.migrations()).find((f) => f.endsWith('_add_b.sql'))!;
      bob.git('add', '-A');
      bob.git('commit', '-qm', 'add b');
      await sleep(1100);
      await alice.write('schema/a.sql', 'CREATE TABLE a (id int PRIMARY KEY, note text);\n');
      ok(await alice.cli(aliceDb.url, 'migrate', 'generate', '--label', 'add_a', '--generate-undo'));
      ok(await alice.cli(aliceDb.url, 'migrate', 'apply'));
      alice.git('add', '-A');
      alice.git('commit', '-qm', 'add a');
      alice.git('push', '-q', 'origin', 'add-a');

      // Alice's PR merges; main is applied to staging.
      origin.git('merge', '-q', '--no-ff', '-m', 'merge add-a', 'add-a');
      ok(await origin.cli(staging.url, 'migrate', 'apply'));

      // Bob's PR: the CI check of the seeds (migrate apply --dry-run against staging, grep).
      const check = await bob.cli(staging.url, 'migrate', 'apply', '--dry-run');
      assert.notEqual(check.code, 0);
      assert.equal((check.stderr.match(/out-of-order migration/g) ?? []).length, 1, check.stderr);
      assert.match(check.stderr, new RegExp(`out-of-order migration: ${bobFile} sorts before \\d{8}_\\d{6}_add_a\\.sql, which is already applied`));
      assert.match(check.stderr, /This is parallel development, not a manual change: this database has a migration this checkout lacks/);

      // The developer workflow for the second PR (his own migration is applied to his database).
      bob.git('pull', '-q', '--no-rebase', 'origin', 'main');
      const first = await bob.cli(bobDb.url, 'migrate', 'apply');
      assert.equal(first.code, 1);
      assert.match(first.stderr, /This is parallel development[\s\S]*it was generated from the same schema as \d{8}_\d{6}_add_b\.sql[\s\S]*3\. pg-flux migrate rebase/);
      // rebase undoes his file here (its undo drops table b: consent needed), applies theirs, regenerates his.
      const refused = await bob.cli(bobDb.url, 'migrate', 'rebase');
      assert.equal(refused.code, 5, refused.stderr);
      assert.match(refused.stderr, /refusing to roll back: the undo has hazards that were not allowed \(DATA_LOSS\)/);
      const rebased = ok(await bob.cli(bobDb.url, 'migrate', 'rebase', '--allow-hazards', 'DATA_LOSS'));
      assert.match(rebased.stdout, new RegExp(`^rolled back ${bobFile} \\(yours, to apply theirs first\\)\\napplied \\d{8}_\\d{6}_add_a\\.sql \\(theirs\\)\\nRebased ${bobFile} → `));
      const newFile = /→ migrations\/(\d{8}_\d{6}_add_b\.sql)/.exec(rebased.stdout)?.[1];
      assert.ok(newFile && newFile > (await bob.migrations()).filter((f) => f.endsWith('_add_a.sql'))[0]!, rebased.stdout);
      assert.match(rebased.stdout, /Undo: migrations\/\d{8}_\d{6}_add_b_undo\.sql/);
      assert.ok(!(await bob.migrations()).includes(bobFile), 'the old file is removed');
      assert.ok(!(await bob.migrations()).includes(bobFile.replace('.sql', '_undo.sql')), 'and its undo');
      ok(await bob.cli(bobDb.url, 'migrate', 'apply'));
      assert.equal(ok(await bob.cli(bobDb.url, 'drift', '--strict')).code, 0);
      bob.git('add', '-A');
      bob.git('commit', '-qm', "rebase: regenerate migration after teammate's changes");
      bob.git('push', '-q', 'origin', 'add-b');

      // Bob's PR passes the check now, merges, and staging takes it: a linear history.
      const recheck = await bob.cli(staging.url, 'migrate', 'apply', '--dry-run');
      assert.equal(recheck.code, 0, recheck.stderr);
      assert.doesNotMatch(recheck.stderr, /out-of-order migration/);
      origin.git('merge', '-q', '--no-ff', '-m', 'merge add-b', 'add-b');
      ok(await origin.cli(staging.url, 'migrate', 'apply'));
      assert.equal(ok(await origin.cli(staging.url, 'drift', '--strict')).code, 0);
      const history = (await rows(staging.url)).map((r) => r.filename);
      assert.deepEqual(history, [...history].sort(), 'applied in name order');
      assert.deepEqual(history.map((f) => f.replace(/^\d{8}_\d{6}_/, '')), ['base.sql', 'add_a.sql', 'add_b.sql']);
      assert.deepEqual(history, (await origin.migrations()).filter((f) => !f.endsWith('_undo.sql')));
    } finally {
      await staging.drop(); await bobDb.drop(); await aliceDb.drop(); await root.remove();
    }
  });

  it('two pending files from the same schema are refused before either runs; rebase applies the one on main and regenerates the other', { timeout: 120_000 }, async () => {
    const root = await tempDir('pgflux-twins-');
    const db = await freshDatabase('twins');
    try {
      const main = checkout(join(root.path, 'main'));
      await mkdir(main.dir);
      main.git('init', '-q', '-b', 'main');
      await main.write('schema/base.sql', 'CREATE TABLE base (id int PRIMARY KEY);\n');
      ok(await main.cli(db.url, 'migrate', 'generate', '--label', 'base'));
      ok(await main.cli(db.url, 'migrate', 'apply'));
      main.git('add', '-A');
      main.git('commit', '-qm', 'base');
      main.git('checkout', '-qb', 'mine');
      // Mine first (it sorts first), then theirs on main, from the same applied base.
      await main.write('schema/mine.sql', 'CREATE TABLE mine (id int);\n');
      ok(await main.cli(db.url, 'migrate', 'generate', '--label', 'mine'));
      const mineFile = (await main.migrations()).find((f) => f.endsWith('_mine.sql'))!;
      main.git('add', '-A');
      main.git('commit', '-qm', 'mine');
      main.git('checkout', '-q', 'main');
      await sleep(1100);
      await main.write('schema/theirs.sql', 'CREATE TABLE theirs (id int);\n');
      ok(await main.cli(db.url, 'migrate', 'generate', '--label', 'theirs'));
      main.git('add', '-A');
      main.git('commit', '-qm', 'theirs');
      main.git('checkout', '-q', 'mine');
      main.git('merge', '-q', '--no-edit', 'main');

      const refused = await main.cli(db.url, 'migrate', 'apply');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`^error: refusing to apply: ${mineFile} and \\d{8}_\\d{6}_theirs\\.sql were all generated from the same schema .*Nothing was applied`));
      assert.equal(JSON.parse(ok(await main.cli(db.url, 'migrate', 'status', '--json')).stdout).filter((e: { state: string }) => e.state === 'pending').length, 2);
      const rebased = ok(await main.cli(db.url, 'migrate', 'rebase', '--onto', 'main'));
      assert.match(rebased.stdout, new RegExp(`^applied \\d{8}_\\d{6}_theirs\\.sql \\(theirs\\)\\nRebased ${mineFile} → migrations/\\d{8}_\\d{6}_mine\\.sql`));
      ok(await main.cli(db.url, 'migrate', 'apply'));
      assert.equal(ok(await main.cli(db.url, 'drift', '--strict')).code, 0);
      const history = (await rows(db.url)).map((r) => r.filename.replace(/^\d{8}_\d{6}_/, ''));
      assert.deepEqual(history, ['base.sql', 'theirs.sql', 'mine.sql']);
    } finally { await db.drop(); await root.remove(); }
  });
});
