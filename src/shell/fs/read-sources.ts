import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../../core/parse/parse-schema.js';

export class SourceDirError extends Error {
  constructor(message: string) { super(message); this.name = 'SourceDirError'; }
}

const walk = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && e.name.endsWith('.sql')) out.push(p);
  }
  return out;
};

/** Every `*.sql` under `dir`, recursively, in a stable order (by relative path, byte-wise). */
export const readSourceFiles = async (dir: string, cwd: string): Promise<SourceFile[]> => {
  const abs = join(cwd, dir);
  try {
    if (!(await stat(abs)).isDirectory()) throw new SourceDirError(`${dir} is not a directory`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceDirError(`schema directory ${dir} does not exist (run pg-flux init, or pass --schema-dir)`);
    throw e;
  }
  const paths = (await walk(abs)).map((p) => relative(cwd, p).split(sep).join('/')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(cwd, path), 'utf8') })));
};
