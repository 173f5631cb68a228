/** Run the built CLI (bin/pg-flux) in a subprocess, as a user would. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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

/** A temp project with schema/ and a fresh database of the test server, driven through the CLI. */
export interface CliProject {
  readonly dir: string;
  readonly db: string;
  cli(...args: string[]): Promise<CliResult>;
  write(file: string, sql: string): Promise<void>;
  config(yaml: string): Promise<void>;
  migrations(): Promise<string[]>;
  done(): Promise<void>;
}

export const cliProject = async (prefix: string): Promise<CliProject> => {
  const { freshDatabase } = await import('./database.js');
  const dir = await tempDir();
  const db = await freshDatabase(prefix);
  await mkdir(join(dir.path, 'schema'));
  return {
    dir: dir.path,
    db: db.url,
    cli: (...args) => runCli([...args, '--db', db.url], { cwd: dir.path }),
    write: (file, sql) => writeFile(join(dir.path, 'schema', file), sql),
    config: (yaml) => writeFile(join(dir.path, '.pg-flux.yml'), yaml),
    migrations: async () => readdir(join(dir.path, 'migrations')).catch(() => []),
    done: async () => { await db.drop(); await dir.remove(); },
  };
};
