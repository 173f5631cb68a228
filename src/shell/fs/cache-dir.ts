/**
 * `.pg-flux/cache/` of a project: what every cache of pg-flux writes under (parsed source files,
 * canonical forms, the gen schema hash). Everything in it can be deleted at any time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The cache root of a project directory. */
export const cacheRoot = (projectDir: string): string => join(projectDir, '.pg-flux', 'cache');

/**
 * Creates `dir` (the cache root or a folder in it). When that creates a folder, the root gets a
 * `.gitignore` of `*`, so the cache stays out of git even in a project whose own .gitignore does
 * not mention `.pg-flux/` (one written by hand before `pg-flux init` existed, say).
 */
export const ensureCacheDir = (root: string, dir: string = root): void => {
  const created = mkdirSync(dir, { recursive: true });
  if (created === undefined) return;
  try {
    writeFileSync(join(root, '.gitignore'), '*\n', { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
};

/**
 * Writes a cache file under a temporary name in the same folder and renames it into place: a
 * concurrent reader sees the old file, the new one or none, never half of one. Throws on failure
 * (the temporary file is removed); callers decide whether that matters.
 */
export const writeCacheFileSync = (dir: string, name: string, data: string): void => {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, join(dir, name));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
};

/** writeCacheFileSync, on the thread pool: the caller's thread goes on meanwhile. */
export const writeCacheFile = async (dir: string, name: string, data: string): Promise<void> => {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, join(dir, name));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
};
