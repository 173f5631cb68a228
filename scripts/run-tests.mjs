#!/usr/bin/env node
/**
 * `npm test` entry point (after `npm run build`): starts ONE PostgreSQL server for the whole run,
 * then runs node's test runner with its URL in the environment. Tests take their own databases
 * from it (test/support/database.ts), which is far cheaper than a server per test file.
 *
 *   npm test                                   all test/**\/*.test.ts on PostgreSQL 18
 *   npm test -- test/unit/foo.test.ts          only the given files
 *   PGFLUX_TEST_PG=15 npm test                 another embedded major (14…18)
 *   PGFLUX_TEST_DATABASE_URL=postgres://… npm test   an external server (superuser URL)
 *
 * Plain JS because it runs before/without tsx; it imports the compiled server from dist/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(args) {
  if (args.length > 0) {
    const missing = args.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`test file(s) not found: ${missing.join(', ')}`);
    return args;
  }
  const dir = join(root, 'test');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => relative(process.cwd(), join(dir, file)))
    .sort();
}

async function externalServer(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("select current_setting('server_version_num')::int / 10000 as major");
    return { url, major: rows[0].major, describe: 'external server', stop: async () => {} };
  } finally {
    await client.end();
  }
}

async function embeddedServer() {
  const requested = process.env.PGFLUX_TEST_PG ?? '18';
  let module;
  try {
    module = await import('../dist/shell/embedded/server.js');
  } catch (err) {
    throw new Error(`cannot load dist/shell/embedded/server.js (run npm run build first): ${err.message}`);
  }
  const { SUPPORTED_MAJORS } = await import('../dist/shell/embedded/binaries.js');
  const major = Number(requested);
  if (!SUPPORTED_MAJORS.includes(major)) {
    throw new Error(`PGFLUX_TEST_PG=${requested} is not supported; use one of ${SUPPORTED_MAJORS.join(', ')}`);
  }
  const started = Date.now();
  const server = await module.startEmbeddedServer({ major });
  return {
    url: server.url,
    major,
    describe: `embedded, port ${server.port}, ready in ${Date.now() - started} ms`,
    stop: () => server.stop(),
  };
}

async function main() {
  const files = testFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error('run-tests: no test files found (test/**/*.test.ts)');
    return 1;
  }
  const external = process.env.PGFLUX_TEST_DATABASE_URL;
  const server = external ? await externalServer(external) : await embeddedServer();
  console.log(`run-tests: PostgreSQL ${server.major} (${server.describe}); ${files.length} test file(s)`);
  // One canonicaliser cache for this run's test files (test/support/pipeline.ts), empty at the
  // start: the fixture cases that several files parse are loaded into a scratch database once.
  const canonCache = mkdtempSync(join(tmpdir(), 'pgflux-test-canon-'));

  let child;
  let interrupted = null;
  // Ctrl-C reaches the test runner through the terminal's process group; a plain `kill` only
  // reaches us, so pass it on. Either way we wait for the runner and then stop the server.
  const forward = (signal) => {
    interrupted = signal;
    child?.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    const code = await new Promise((resolveCode, reject) => {
      child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
        {
          stdio: 'inherit',
          env: { ...process.env, PGFLUX_TEST_DATABASE_URL: server.url, PGFLUX_TEST_PG_MAJOR: String(server.major), PGFLUX_TEST_CANON_CACHE: canonCache },
        },
      );
      child.once('error', reject);
      child.once('exit', (status, signal) => resolveCode(status ?? (signal === 'SIGINT' ? 130 : 1)));
    });
    // The runner exits 1 when interrupted; report the conventional 128+signal instead.
    if (interrupted !== null) return interrupted === 'SIGINT' ? 130 : 143;
    return code;
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    rmSync(canonCache, { recursive: true, force: true });
    await server.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`run-tests: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
