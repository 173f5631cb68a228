/**
 * examples/codegen: the committed generated files are current (gen --check), the TypeScript app
 * runs against a real database (node-postgres + the generated zod validators), and the Go,
 * Python and Rust apps compile against their generated code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { freshDatabase, type FreshDatabase } from '../support/database.js';
import { loadSql } from '../support/pipeline.js';
import * as T from '../support/codegen-toolchains.js';

const EXAMPLE = join(T.REPO, 'examples', 'codegen');
let db: FreshDatabase;

before(async () => {
  db = await freshDatabase('cg_example');
  await loadSql(db.url, readFileSync(join(EXAMPLE, 'schema', 'app.sql'), 'utf8'));
});
after(async () => { await db.drop(); rmSync(join(EXAMPLE, 'app-rust', 'Cargo.lock'), { force: true }); });

test('the committed generated files are current', async () => {
  const r = await runCli(['gen', '--check'], { cwd: EXAMPLE });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr} (run: cd examples/codegen && ../../bin/pg-flux gen)`);
});

test('app-ts: type-checks, then inserts and reads rows through node-postgres validated by the generated zod schemas', async () => {
  const tsc = await T.tsc(join(EXAMPLE, 'app-ts'));
  assert.ok(tsc.ok, tsc.output);
  const r = await T.run(process.execPath, ['--import', 'tsx', join(EXAMPLE, 'app-ts', 'src', 'main.ts')], EXAMPLE, { DATABASE_URL: db.url });
  assert.ok(r.ok, r.output);
  assert.match(r.output, /user \d+ \(member\) wrote post \d+ "Hello" \[draft\]/);
});

test('app-go, app-py, app-rust compile against their generated code', async () => {
  const go = await T.run('go', ['vet', './...'], join(EXAMPLE, 'app-go'), { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local' });
  assert.ok(go.ok, go.output);
  const env = T.findPydantic2();
  assert.ok(env, 'no python3 with pydantic >= 2');
  const cfgDir = mkdtempSync(join(tmpdir(), 'pgflux-example-py-'));
  writeFileSync(join(cfgDir, 'pyrightconfig.json'), JSON.stringify({
    include: [join(EXAMPLE, 'app-py')], extraPaths: [join(EXAMPLE, 'app-py'), ...(env.psycopgPath ? [env.psycopgPath] : [])], typeCheckingMode: 'strict', pythonVersion: '3.11',
  }));
  const py = await T.pyright(cfgDir, env);
  rmSync(cfgDir, { recursive: true, force: true });
  assert.ok(py.ok, py.output);
  const rs = await T.run('cargo', ['check', '--offline', '--quiet', '--config', 'source.crates-io.replace-with="debian"', '--config', `source.debian.directory="${T.DEBIAN_CRATES}"`],
    join(EXAMPLE, 'app-rust'), { CARGO_TARGET_DIR: join(T.REPO, 'node_modules', '.cache', 'pgflux-cargo-target') });
  assert.ok(rs.ok, rs.output);
});
