/**
 * Secret options of foreign-data objects (README, "Foreign data and publications"): an option
 * named like a password, secret, token or key is never printed — not by plan, migrate generate /
 * apply, drift, verify, dump or inspect, in text or JSON, on stdout, stderr or in any file —
 * and its value is never managed: the plan says to set it out of band, and once it is set the
 * database is in sync. The test greps every output for each secret value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliProject, type CliResult } from '../support/cli.js';
import { execSql } from '../support/database.js';

const SECRETS = ['Wr4pperT0ken-1', 'S3rverS3cret-2', 'Mapp1ngPassw0rd-3', 'Tabl3K3y-4', 'C0lumnT0ken-5', 'OutOfBandPw-6'];

const SOURCE = `
CREATE EXTENSION postgres_fdw;
CREATE FOREIGN DATA WRAPPER dummy OPTIONS (mode 'test', api_token '${SECRETS[0]}');
CREATE SERVER files FOREIGN DATA WRAPPER dummy OPTIONS (root '/data', client_secret '${SECRETS[1]}');
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'warehouse.internal', dbname 'dw');
CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (user 'reporting', password '${SECRETS[2]}');
CREATE FOREIGN TABLE listing (
  path text OPTIONS (column_name 'p', column_token '${SECRETS[4]}'),
  size bigint
) SERVER files OPTIONS (glob '*.csv', access_key '${SECRETS[3]}');
CREATE FOREIGN TABLE sales (id bigint, amount numeric) SERVER warehouse OPTIONS (table_name 'sales');
`;

/** Every file under `dir` (recursively), as text. */
const allFiles = async (dir: string): Promise<{ path: string; text: string }[]> => {
  const out: { path: string; text: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.push({ path, text: await readFile(path, 'utf8').catch(() => '') });
  }
  return out;
};

const assertNoSecret = (what: string, text: string): void => {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} shows the secret value ${s}:\n${text}`);
};

describe('secret options are never printed and never managed', () => {
  it('plan, generate, apply, drift, verify, dump and inspect never show a secret value; set out of band, it is left alone', async () => {
    const p = await cliProject('fdw_secrets');
    const outputs: [string, CliResult][] = [];
    const run = async (...args: string[]): Promise<CliResult> => {
      const r = await p.cli(...args);
      outputs.push([args.join(' '), r]);
      return r;
    };
    try {
      await p.write('foreign.sql', SOURCE);
      const planned = await run('plan');
      assert.equal(planned.code, 0, planned.stderr);
      assert.match(planned.stdout, /CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS \("user" 'reporting'\)/);
      assert.match(planned.stderr, /option password of user mapping for PUBLIC server warehouse is not managed: set it out of band \(ALTER USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS \(ADD password '\.\.\.'\)\)/);
      assert.match(planned.stderr, /option access_key of foreign table public\.listing is not managed/);
      await run('plan', '--json');
      const gen = await run('migrate', 'generate', '--label', 'foreign', '--generate-undo');
      assert.equal(gen.code, 0, gen.stderr);
      const applied = await run('migrate', 'apply');
      assert.equal(applied.code, 0, applied.stderr);
      await run('migrate', 'apply', '--log-format', 'json');

      // The secrets are set out of band, as the plan said; pg-flux then sees nothing to do.
      await execSql(p.db, [
        `ALTER FOREIGN DATA WRAPPER dummy OPTIONS (ADD api_token '${SECRETS[0]}')`,
        `ALTER SERVER files OPTIONS (ADD client_secret '${SECRETS[1]}')`,
        `ALTER USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (ADD password '${SECRETS[2]}')`,
        `ALTER FOREIGN TABLE listing OPTIONS (ADD access_key '${SECRETS[3]}')`,
        `ALTER FOREIGN TABLE listing ALTER COLUMN path OPTIONS (ADD column_token '${SECRETS[4]}')`,
        // One the source does not declare: dropped by name only.
        `CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse OPTIONS (password '${SECRETS[5]}')`,
      ].join(';\n'));
      const drift = await run('drift');
      assert.equal(drift.code, 1, drift.stdout + drift.stderr);
      assert.match(drift.stdout, /DROP USER MAPPING postgres@warehouse/);
      await run('drift', '--json');
      await run('drift', '--sql');
      await p.write('mapping.sql', 'CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse OPTIONS (password \'any value: never read\');');
      const clean = await run('plan');
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /No changes/);
      assert.doesNotMatch(clean.stderr, /not managed: set it out of band/);
      await p.write('mapping.sql', 'CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse;');
      const dropping = await run('plan');
      assert.match(dropping.stdout, /ALTER USER MAPPING FOR postgres SERVER warehouse OPTIONS \(DROP password\)/);
      assert.match(dropping.stderr, /the plan drops option password of user mapping for postgres server warehouse/);
      await run('migrate', 'generate', '--label', 'drop_password');
      await run('verify');
      await run('verify', '--json');
      const dumped = await run('dump', '--out', 'dumped');
      assert.equal(dumped.code, 0, dumped.stderr);
      const dump = (await allFiles(join(p.dir, 'dumped'))).map((f) => f.text).join('\n');
      assert.match(dump, /password 'set out of band: pg-flux never reads this value'/);
      await run('inspect');
      await run('inspect', '--json');
      await run('inspect', '--type', 'user mappings');
      await run('inspect', '--object', 'public.listing');

      for (const [args, r] of outputs) {
        assertNoSecret(`pg-flux ${args} (stdout)`, r.stdout);
        assertNoSecret(`pg-flux ${args} (stderr)`, r.stderr);
      }
      for (const f of await allFiles(p.dir)) assertNoSecret(f.path, f.text.replace(SOURCE, '').replace(/^.*CREATE USER MAPPING FOR CURRENT_USER.*$/m, ''));
      const migrations = await p.migrations();
      assert.ok(migrations.length >= 2, migrations.join(', '));
    } finally { await p.done(); }
  });
});
