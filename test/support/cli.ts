/** Run the built CLI (bin/pg-flux) in a subprocess, as a user would. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'pg-flux');

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

export const runCli = (args: readonly string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    // Scratch databases of the canonicaliser go to the test server (same major as the targets
    // the tests use), not to an embedded server the CLI would have to start in each project.
    // The shadow proof of migrate generate / apply doubles their work: only tests about it turn it on.
    const env: Record<string, string | undefined> = {
      PGFLUX_SHADOW_DSN: process.env['PGFLUX_TEST_DATABASE_URL'], PGFLUX_MIGRATE_PROVE: 'false', ...process.env, ...opts.env,
    };
    delete env['DATABASE_URL'];
    if (opts.env?.['DATABASE_URL']) env['DATABASE_URL'] = opts.env['DATABASE_URL'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

export const tempDir = async (prefix = 'pgflux-cli-'): Promise<{ path: string; remove(): Promise<void> }> => {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};
