/**
 * Which migration files are already on the main branch, asked of git. `migrate rebase` needs to
 * tell "theirs" (merged, maybe applied to staging: must never be rewritten) from "mine" (this
 * branch's: regenerated on top), and the database alone cannot: two files generated in parallel
 * from the same schema look the same from it. The seeds' workflow starts with `git pull origin
 * main`, so the answer is in the repository. Without git (or without the ref) the caller falls
 * back to what the database tells.
 */
import { execFile } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MainBranchFiles {
  /** The ref that was read, e.g. `origin/main`. */
  readonly ref: string;
  /** File names (no directory) present in the migrations directory on that ref. */
  readonly files: ReadonlySet<string>;
}

const git = async (cwd: string, args: readonly string[]): Promise<string | null> => {
  try {
    return (await run('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch {
    return null;
  }
};

/** The first ref that exists: `onto` when given, else origin's default branch, origin/main, origin/master, main, master. */
const mainRef = async (cwd: string, onto: string | undefined): Promise<string | null> => {
  const head = (await git(cwd, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']))?.trim();
  const candidates = onto !== undefined ? [onto] : [head, 'origin/main', 'origin/master', 'main', 'master'].filter((x): x is string => !!x);
  for (const ref of candidates) if ((await git(cwd, ['rev-parse', '--verify', '-q', `${ref}^{commit}`])) !== null) return ref;
  return null;
};

/**
 * The migration files on the main branch, or null when this is not a git checkout or no main ref
 * exists (an explicit `onto` that does not exist is an error the caller reports).
 */
export const mainBranchFiles = async (migrationsPath: string, onto?: string): Promise<MainBranchFiles | null> => {
  const top = (await git(dirname(migrationsPath), ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) return null;
  const ref = await mainRef(top, onto);
  if (ref === null) return null;
  const dir = relative(top, migrationsPath).split('\\').join('/');
  const out = await git(top, ['ls-tree', '--name-only', `${ref}:${dir}`]);
  if (out === null) return { ref, files: new Set() }; // the directory does not exist there yet
  return { ref, files: new Set(out.split('\n').filter((l) => l.endsWith('.sql'))) };
};
