/**
 * The real CLI as a user runs it: `node bin/pg-flux …` in a throwaway project directory. The
 * acceptance run measures the shipped program, not library calls, so argument handling, file
 * writing and exit codes are part of what passes or fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const binPath = (cliRoot: string): string => join(cliRoot, 'bin', 'pg-flux');

const newest = (dir: string, ext: string): number =>
  readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(ext))
    .reduce((m, f) => Math.max(m, statSync(join(dir, f)).mtimeMs), 0);

/**
 * A private copy of bin/, dist/ and package.json (node_modules linked), which the run uses
 * instead of the checkout's: others rebuild dist/ while a long run is going, and a CLI started
 * half-way through a rebuild fails with missing exports that are no fault of pg-flux.
 * Returns the copy's root and a warning when dist/ looks older than src/.
 */
export const snapshotCli = async (repoRoot: string): Promise<{ root: string; stale: boolean; remove(): Promise<void> }> => {
  if (!existsSync(join(repoRoot, 'dist', 'bundle', 'pg-flux.mjs'))) {
    throw new Error('dist/bundle/pg-flux.mjs not found: run npm run build first (the acceptance run measures the built CLI)');
  }
  const root = await mkdtemp(join(tmpdir(), 'pgflux-acc-cli-'));
  for (const part of ['bin', 'dist', 'package.json']) await cp(join(repoRoot, part), join(root, part), { recursive: true });
  await symlink(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  const stale = newest(join(repoRoot, 'src'), '.ts') > newest(join(repoRoot, 'dist'), '.js');
  return { root, stale, remove: () => rm(root, { recursive: true, force: true }) };
};

export const runCli = (cliRoot: string, args: readonly string[], cwd: string, signal: AbortSignal): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env['DATABASE_URL']; // only --db decides the database
    // `signal` kills the child when the case times out.
    const child = spawn(process.execPath, [binPath(cliRoot), ...args], { cwd, env, signal, stdio: ['ignore', 'pipe', 'pipe'] });
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

  /** `config`: the text of a .pg-flux.yml, when the case needs settings. */
  static async create(files: readonly { name: string; text: string }[], config: string | null = null): Promise<Project> {
    const dir = await mkdtemp(join(tmpdir(), 'pgflux-acc-'));
    await mkdir(join(dir, 'schema'));
    for (const f of files) await writeFile(join(dir, 'schema', f.name), f.text);
    if (config !== null) await writeFile(join(dir, '.pg-flux.yml'), config);
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
