/**
 * The real CLI as a user runs it: `node bin/pg-flux …` in a throwaway project directory. The
 * acceptance run measures the shipped program, not library calls, so argument handling, file
 * writing and exit codes are part of what passes or fails.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const binPath = (repoRoot: string): string => join(repoRoot, 'bin', 'pg-flux');

/** dist/ must exist: bin/pg-flux runs the compiled CLI. */
export const checkBuilt = (repoRoot: string): void => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js not found: run npm run build first (the acceptance run measures the built CLI)');
  }
};

export const runCli = (repoRoot: string, args: readonly string[], cwd: string, signal: AbortSignal): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env['DATABASE_URL']; // only --db decides the database
    // `signal` kills the child when the case times out.
    const child = spawn(process.execPath, [binPath(repoRoot), ...args], { cwd, env, signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', (e) => (signal.aborted ? resolve({ code: -1, stdout, stderr: `${stderr}\ntimeout` }) : reject(e)));
    child.on('close', (code, sig) => resolve({ code: code ?? (sig ? 128 : -1), stdout, stderr }));
  });

/** A temp project: schema/ with the given files, migrations/ created by pg-flux itself. */
export class Project {
  private constructor(readonly dir: string) {}

  static async create(files: readonly { name: string; text: string }[]): Promise<Project> {
    const dir = await mkdtemp(join(tmpdir(), 'pgflux-acc-'));
    await mkdir(join(dir, 'schema'));
    for (const f of files) await writeFile(join(dir, 'schema', f.name), f.text);
    return new Project(dir);
  }

  async migrationFiles(): Promise<string[]> {
    const dir = join(this.dir, 'migrations');
    return existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort() : [];
  }

  readMigration(name: string): Promise<string> {
    return readFile(join(this.dir, 'migrations', name), 'utf8');
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
