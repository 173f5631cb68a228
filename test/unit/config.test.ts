/** `.pg-flux.yml`: the key table, errors with their line, precedence flag > environment > file > default. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../../src/shell/config/load-config.js';
import { CONFIG_KEYS } from '../../src/shell/config/keys.js';
import { openProject } from '../../src/shell/operations/project.js';

const parse = (text: string) => parseConfigText('.pg-flux.yml', text);
const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });
const temp = async (files: Record<string, string>): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'pgflux-config-'));
  dirs.push(d);
  for (const [f, text] of Object.entries(files)) {
    await mkdir(join(d, f, '..'), { recursive: true });
    await writeFile(join(d, f), text);
  }
  return d;
};

describe('.pg-flux.yml', () => {
  it('reads every documented key, nested ones under their section', () => {
    const v = parse(`version: 1
db: postgres://app@db:5432/app
shadow_dsn: postgres://app@db:5432/shadow
schema_dir: db/schema
migrations_dir: db/migrations
schemas: [public, audit]
tracking_schema: _history
migrate:
  generate_undo: true
  format: combined
  lock_wait: 2min
  strict_order: true
  lock_timeout: 2s
  lock_retries: 5
  statement_timeout: 20min
  log_format: json
  prove: false
manage:
  owners: always
  privileges: never
auto_not_valid: false
strict_coverage: true
cache: false
hazards:
  mass_drop_threshold: 50
  large_table_rows: 1000000
`);
    assert.equal(v.get('db'), 'postgres://app@db:5432/app');
    assert.deepEqual(v.get('schemas'), ['public', 'audit']);
    assert.equal(v.get('migrate.generate_undo'), true);
    assert.equal(v.get('migrate.format'), 'combined');
    assert.equal(v.get('migrate.lock_wait'), 120_000);
    assert.equal(v.get('migrate.strict_order'), true);
    assert.equal(v.get('migrate.prove'), false);
    assert.equal(v.get('migrate.lock_timeout'), 2_000);
    assert.equal(v.get('migrate.lock_retries'), 5);
    assert.equal(v.get('manage.owners'), 'always');
    assert.equal(v.get('hazards.large_table_rows'), 1_000_000);
    assert.equal(v.get('strict_coverage'), true);
    assert.equal(v.get('cache'), false);
    assert.equal(v.size, CONFIG_KEYS.length);
  });

  it('an unknown key is an error at its line naming the nearest known key (a mistyped db: never falls back)', () => {
    assert.throws(() => parse('version: 1\nschema_dirs: schema\n'), /^ConfigError: \.pg-flux\.yml:2:1: unknown key "schema_dirs": did you mean "schema_dir"\?/);
    assert.throws(() => parse('dbb: postgres://x@h/d\n'), /\.pg-flux\.yml:1:1: unknown key "dbb": did you mean "db"\?/);
    assert.throws(() => parse('migrate:\n  generate_undos: true\n'), /\.pg-flux\.yml:2:3: unknown key "migrate\.generate_undos": did you mean "generate_undo"\?/);
    assert.throws(() => parse('colour: blue\n'), (e: unknown) => /unknown key "colour" \(known keys: version, db,/.test((e as Error).message) && !/did you mean/.test((e as Error).message));
  });

  it('a malformed file is an error with its line', () => {
    assert.throws(() => parse('db: postgres://x@h/d\nschemas: [public\nmigrations_dir: m\n'), /^ConfigError: \.pg-flux\.yml:3:1: .*\(the file is not valid YAML\)$/);
    assert.throws(() => parse('db: a\ndb: b\n'), /\.pg-flux\.yml:2:1: map keys must be unique/i);
  });

  it('values of the wrong type are errors at the value', () => {
    assert.throws(() => parse('migrate:\n  generate_undo: yes please\n'), /\.pg-flux\.yml:2:18: "migrate\.generate_undo" must be true or false, got "yes please"/);
    assert.throws(() => parse('migrate:\n  format: both\n'), /"migrate\.format" must be one of separate, combined, got "both"/);
    assert.throws(() => parse('migrate:\n  lock_wait: soon\n'), /"migrate\.lock_wait" must be a duration such as 500ms/);
    assert.throws(() => parse('version: 2\n'), /version 2 is not supported by this pg-flux \(only 1\)/);
    assert.throws(() => parse('db:\n'), /\.pg-flux\.yml:1:1: "db" has no value; give one or remove the line/);
    assert.throws(() => parse('tracking_schema: 42\n'), /"tracking_schema" must be a string \(put it in quotes\)/);
    assert.throws(() => parse('schemas: []\n'), /"schemas" must name at least one schema/);
  });

  it('an empty file is an empty config; a list may be written comma-separated', () => {
    assert.equal(parse('').size, 0);
    assert.equal(parse('# nothing\n').size, 0);
    assert.deepEqual(parse('schemas: public, audit\n').get('schemas'), ['public', 'audit']);
  });
});

describe('precedence: flag > environment > config file > default', () => {
  it('applies to every key that has a flag and an environment variable', async () => {
    const dir = await temp({ '.pg-flux.yml': 'schema_dir: from-config\nmigrate:\n  lock_wait: 3s\n  strict_order: true\n' });
    const env = { PGFLUX_SCHEMA_DIR: 'from-env', PGFLUX_MIGRATE_LOCK_WAIT: '4s' };
    const only = await openProject({ cwd: dir });
    assert.equal(only.schemaDir, 'from-config');
    assert.equal(only.schemaPath, join(dir, 'from-config'));
    assert.equal(only.setting('migrate.lock_wait'), 3000);
    assert.equal(only.setting('migrate.generate_undo'), null, 'unset: the default of the consumer applies');
    const withEnv = await openProject({ cwd: dir, env });
    assert.equal(withEnv.schemaDir, 'from-env');
    assert.equal(withEnv.setting('migrate.lock_wait'), 4000);
    const withFlag = await openProject({ cwd: dir, env, schemaDir: 'from-flag', flags: { 'lock-wait': '5s', 'strict-order': false } });
    assert.equal(withFlag.schemaDir, 'from-flag');
    assert.equal(withFlag.setting('migrate.lock_wait'), 5000);
    assert.equal(withFlag.setting('migrate.strict_order'), false, '--strict-order=false beats the file');
    const none = await openProject({ cwd: await temp({}) });
    assert.equal(none.schemaDir, 'schema');
    assert.equal(none.trackingSchema, '_pgflux');
  });

  it('for the database: --db, then DATABASE_URL, then db:, then the PG* variables, then the embedded default', async () => {
    const dir = await temp({ '.pg-flux.yml': 'db: postgres://cfg@h/c\n' });
    const url = async (o: Parameters<typeof openProject>[0]) => { const p = await openProject(o); return p.usesEmbedded ? 'embedded' : (await p.database()).url; };
    assert.equal(await url({ cwd: dir, db: 'postgres://flag@h/f', env: { DATABASE_URL: 'postgres://env@h/e' } }), 'postgres://flag@h/f');
    assert.equal(await url({ cwd: dir, env: { DATABASE_URL: 'postgres://env@h/e', PGHOST: 'pghost' } }), 'postgres://env@h/e');
    assert.equal(await url({ cwd: dir, env: { PGHOST: 'pghost' } }), 'postgres://cfg@h/c');
    const bare = await temp({ 'schema/a.sql': '' });
    assert.equal(await url({ cwd: bare, env: { PGHOST: 'pghost', PGPORT: '6543', PGUSER: 'me', PGDATABASE: 'app', PGSSLMODE: 'disable' } }),
      'postgresql://me@pghost:6543/app?sslmode=disable');
    assert.equal(await url({ cwd: bare, env: { PGHOST: '/var/run/postgresql', PGDATABASE: 'app' } }), 'postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql');
    assert.equal(await url({ cwd: bare, env: {} }), 'embedded');
  });

  it('--config FILE: paths in it are relative to the file; flag and environment paths to the working directory', async () => {
    const dir = await temp({ 'conf/team.yml': 'schema_dir: ../db/schema\nmigrations_dir: /abs/migrations\n' });
    const p = await openProject({ cwd: dir, config: 'conf/team.yml' });
    assert.equal(p.configFile, 'conf/team.yml');
    assert.equal(p.schemaPath, join(dir, 'db', 'schema'));
    assert.equal(p.migrationsPath, '/abs/migrations');
    const viaEnv = await openProject({ cwd: dir, env: { PGFLUX_CONFIG: 'conf/team.yml' } });
    assert.equal(viaEnv.schemaPath, join(dir, 'db', 'schema'));
    await assert.rejects(openProject({ cwd: dir, config: 'missing.yml' }), /^ConfigError: config file missing\.yml does not exist$/);
  });

  it('a bad value from the environment or a flag names its source', async () => {
    const dir = await temp({});
    await assert.rejects(openProject({ cwd: dir, env: { PGFLUX_MIGRATE_LOCK_WAIT: 'later' } }).then((p) => p.setting('migrate.lock_wait')),
      /environment variable PGFLUX_MIGRATE_LOCK_WAIT must be a duration/);
    await assert.rejects(openProject({ cwd: dir, flags: { format: 'both' } }).then((p) => p.setting('migrate.format')), /--format must be one of separate, combined/);
  });
});

describe('README', () => {
  it('has one config table listing every key with its flag, environment variable and default', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const table = /<!-- config-table:begin -->([\s\S]*?)<!-- config-table:end -->/.exec(readme)?.[1];
    assert.ok(table, 'README has the config table between its markers');
    for (const k of CONFIG_KEYS) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${k.path}\``));
      assert.ok(row, `README config table lacks ${k.path}`);
      if (k.flag) assert.ok(row.includes(`--${k.flag}`), `${k.path}: flag --${k.flag} missing`);
      if (k.env) assert.ok(row.includes(k.env), `${k.path}: ${k.env} missing`);
    }
  });
});
