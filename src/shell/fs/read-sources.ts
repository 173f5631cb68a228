import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../../core/parse/parse-schema.js';
import { decodeSource } from './decode-source.js';

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
 * Every `*.sql` under the schema directory, recursively, in a stable order (by relative path,
 * byte-wise), each checked and decoded as UTF-8 (decode-source.ts). `shown` is the directory as
 * the user wrote it, used in every path printed; `abs` is where it is.
 * Read synchronously: thousands of small files read one after another take a tenth of the time
 * of as many concurrent promise-based reads (10,000 files: ~0.2 s against 1.3–2.1 s).
 */
export const readSourceFiles = async (shown: string, abs: string): Promise<SourceFile[]> => {
  try {
    if (!statSync(abs).isDirectory()) throw new SourceDirError(`schema directory ${shown} is a file, not a directory (pass --schema-dir DIR)`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceDirError(`schema directory ${shown} does not exist (run pg-flux init, or pass --schema-dir)`);
    throw e;
  }
  const found: string[] = [];
  walk(abs, found);
  const prefix = shown.replace(/\/+$/, '').replace(/^(\.\/)+/, '');
  const rels = found.map((p) => relative(abs, p).split(sep).join('/')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return rels.map((rel) => {
    const path = prefix === '' || prefix === '.' ? rel : `${prefix}/${rel}`;
    return { path, text: decodeSource(path, readFileSync(join(abs, rel))) };
  });
};
