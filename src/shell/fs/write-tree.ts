/**
 * Writes a generated source tree into a directory all at once: everything goes into a
 * temporary directory beside the target, which then takes the target's place by rename, so a
 * failure never leaves a half-written tree. A non-empty target is refused unless forced, and
 * even then only when it holds nothing but .sql files (a schema tree): --force must never
 * delete a project's other files.
 */
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, sep } from 'node:path';

export class DumpTargetError extends Error {
  constructor(message: string) { super(message); this.name = 'DumpTargetError'; }
}

export interface TreeFile { readonly path: string; readonly text: string }

type TargetState = 'absent' | 'empty' | 'replace';

/** Files that mark a folder as kept in git; they may be replaced along with the .sql files. */
const KEEP_FILES = new Set(['.gitkeep', '.keep']);

/** The first entry under `dir` that is neither a folder, a .sql file nor a keep-file. */
const foreignEntry = (dir: string): string | null => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const f = foreignEntry(p); if (f) return f; continue; }
    if (e.isFile() && (e.name.endsWith('.sql') || KEEP_FILES.has(e.name))) continue;
    return p;
  }
  return null;
};

/**
 * What writing into `target` would do, checked before any work is done (and again just before
 * the rename). `shown` is the target as the user named it, for messages.
 */
export const checkTarget = (target: string, shown: string, cwd: string, force: boolean): TargetState => {
  let st;
  try { st = lstatSync(target); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  if (!st.isDirectory()) throw new DumpTargetError(`refusing to dump into ${shown}: it exists and is not a directory (choose another --out)`);
  if (readdirSync(target).length === 0) return 'empty';
  if (!force) throw new DumpTargetError(`refusing to dump into ${shown}: it is not empty (pass --force to replace its contents, or choose another --out)`);
  const up = relative(target, cwd);
  if (up === '' || !(up === '..' || up.startsWith(`..${sep}`))) {
    throw new DumpTargetError(`refusing to replace ${shown}: it contains the current directory (choose a schema folder for --out)`);
  }
  const foreign = foreignEntry(target);
  if (foreign) {
    throw new DumpTargetError(`refusing to replace ${shown}: it holds ${relative(cwd, foreign) || foreign}, which is not a .sql file `
      + '(--force replaces only schema source trees; move it away or choose another --out)');
  }
  return 'replace';
};

/** Write `files` as the whole content of `target` (see checkTarget for what is refused). */
export const writeTree = async (target: string, shown: string, cwd: string, files: readonly TreeFile[], force: boolean): Promise<void> => {
  checkTarget(target, shown, cwd, force);
  await mkdir(dirname(target), { recursive: true });
  // Not mkdtemp: its 0700 would become the tree's mode; mkdir gives the usual one (umask applies).
  const tmp = join(dirname(target), `.${basename(target)}.pgflux-tmp-${randomBytes(6).toString('hex')}`);
  await mkdir(tmp);
  let placed = false;
  try {
    // Synchronous: a thousand small files written one after another take a fraction of the
    // time of as many promise-based writes (GitLab: 1,364 files).
    const dirs = new Set(files.map((f) => dirname(join(tmp, f.path))));
    for (const d of [...dirs].sort()) mkdirSync(d, { recursive: true });
    for (const f of files) writeFileSync(join(tmp, f.path), f.text, { flag: 'wx' });
    // Checked again: the directory may have changed while the database was read.
    const state = checkTarget(target, shown, cwd, force);
    if (state === 'empty') await rmdir(target);
    if (state !== 'replace') {
      await rename(tmp, target);
      placed = true;
      return;
    }
    const old = `${tmp}-old`;
    await rename(target, old);
    try {
      await rename(tmp, target);
      placed = true;
    } catch (e) {
      await rename(old, target);
      throw e;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    if (!placed) await rm(tmp, { recursive: true, force: true });
  }
};
