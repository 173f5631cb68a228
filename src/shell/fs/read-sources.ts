import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../../core/parse/parse-schema.js';

export class SourceDirError extends Error {
  constructor(message: string) { super(message); this.name = 'SourceDirError'; }
}

const walk = (dir: string, out: string[]): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.sql')) out.push(p);
  }
};

/**
 * Every `*.sql` under `dir`, recursively, in a stable order (by relative path, byte-wise).
 * Read synchronously: thousands of small files read one after another take a tenth of the time
 * of as many concurrent promise-based reads (10,000 files: ~0.2 s against 1.3–2.1 s).
 */
export const readSourceFiles = async (dir: string, cwd: string): Promise<SourceFile[]> => {
  const abs = resolve(cwd, dir);
  try {
    if (!statSync(abs).isDirectory()) throw new SourceDirError(`${dir} is not a directory`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceDirError(`schema directory ${dir} does not exist (run pg-flux init, or pass --schema-dir)`);
    throw e;
  }
  const found: string[] = [];
  walk(abs, found);
  const paths = found.map((p) => relative(cwd, p).split(sep).join('/')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return paths.map((path) => ({ path, text: readFileSync(resolve(cwd, path), 'utf8') }));
};
