/**
 * The migrations directory checked before any database work: a path that is a file (or
 * unreadable) is a clear error, and every migration file parses, so that a broken file stops a
 * command before it opens (or creates) a database.
 */
import { stat } from 'node:fs/promises';
import { loadParser } from '../../core/parse/pg-query.js';
import { listMigrationFiles } from './migration-file.js';
import { parseForward } from './combined-format.js';

export class MigrationsDirError extends Error {
  constructor(message: string) { super(message); this.name = 'MigrationsDirError'; }
}

/** The files of the directory (none when it does not exist yet). */
export const readMigrationsDir = async (abs: string, shown: string): Promise<Awaited<ReturnType<typeof listMigrationFiles>>> => {
  const s = await stat(abs).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (s !== null && !s.isDirectory())
    throw new MigrationsDirError(`migrations directory ${shown} is a file, not a directory (pass --migrations-dir DIR, or set migrations_dir in .pg-flux.yml)`);
  try {
    return await listMigrationFiles(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOTDIR') throw new MigrationsDirError(`cannot read migrations directory ${shown}: ${(e as Error).message}`);
    throw e;
  }
};

/** Read and parse every migration file (forward parts); throws the first file's problem. */
export const validateMigrationsDir = async (abs: string, shown: string): Promise<void> => {
  const files = await readMigrationsDir(abs, shown);
  if (files.length === 0) return;
  await loadParser();
  for (const f of files) parseForward(f.path, f.bytes.toString('utf8'));
};
