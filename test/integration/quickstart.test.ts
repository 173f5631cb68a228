/**
 * The README quick start, run literally (the shell block between the quick-start markers) in a
 * temporary directory with `pg-flux` on PATH and no database configured: the embedded default.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN, tempDir } from '../support/cli.js';

const quickStart = async (): Promise<string> => {
  const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const m = /<!-- quick-start:begin -->\s*```sh\n([\s\S]*?)```\s*<!-- quick-start:end -->/.exec(readme);
  assert.ok(m, 'README has a quick-start block');
  return m[1]!;
};

it('README quick start works on the embedded default database', { timeout: 120_000 }, async () => {
  const dir = await tempDir('pgflux-quickstart-');
  const bin = await tempDir('pgflux-bin-');
  try {
    const shim = join(bin.path, 'pg-flux');
    await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(shim, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin.path}:${process.env['PATH']}` };
    delete env['DATABASE_URL'];
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', await quickStart()], { cwd: dir.path, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `quick start failed:\n${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /embedded PostgreSQL/, 'the embedded-database notice is for a terminal (or --verbose), not for scripts');
    const files = await readdir(join(dir.path, 'migrations'));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^\d{8}_\d{6}_add_users\.sql$/);
    const sql = await readFile(join(dir.path, 'migrations', files[0]!), 'utf8');
    assert.match(sql, /CREATE TYPE public\.role AS ENUM \('admin', 'member'\)/);
    assert.match(r.stdout, /applied\s+\d{8}_\d{6}_add_users\.sql/);
    assert.match(r.stdout, /No drift/);
    // A second generate finds nothing to do and writes nothing.
    const again = spawnSync('pg-flux', ['migrate', 'generate'], { cwd: dir.path, env, encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), 'No changes');
    assert.equal((await readdir(join(dir.path, 'migrations'))).length, 1);
    // The embedded-database notice: once per command, and only on a terminal or with --verbose.
    const verbose = spawnSync('pg-flux', ['migrate', 'status', '--verbose'], { cwd: dir.path, env, encoding: 'utf8' });
    assert.equal(verbose.status, 0, verbose.stderr);
    assert.equal((verbose.stderr.match(/using embedded PostgreSQL 18 in /g) ?? []).length, 1, verbose.stderr);
  } finally {
    await dir.remove();
    await bin.remove();
  }
});
