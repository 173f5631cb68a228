/**
 * The canonicaliser's results on disk, content-addressed: the key hashes everything the result
 * depends on (the statements loaded, the server major, pg-flux's version), so an unchanged
 * source costs one file read and no server. A corrupt, truncated or foreign entry is ignored
 * (and rewritten), never trusted.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheDir, writeCacheFileSync } from '../fs/cache-dir.js';
import type { CanonicalObjects } from '../../core/canonicalise/merge.js';

/** Bumped whenever the shape or meaning of a cached result changes. */
const FORMAT = 2;

export const cacheKey = (parts: { readonly toolVersion: string; readonly major: number; readonly statements: readonly string[] }): string => {
  const h = createHash('sha256');
  h.update(`pg-flux canonical form v${FORMAT}\0${parts.toolVersion}\0${parts.major}\0`);
  for (const s of parts.statements) h.update(`${s.length}:${s}\0`);
  return h.digest('hex');
};

interface Entry { readonly format: number; readonly key: string; readonly objects: CanonicalObjects }

const isObjects = (v: unknown): v is CanonicalObjects => {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return ['views', 'functions', 'aggregates', 'triggers', 'rules', 'policies'].every((k) => typeof o[k] === 'object' && o[k] !== null && !Array.isArray(o[k]));
};

export const readCache = async (dir: string, key: string): Promise<CanonicalObjects | null> => {
  let text: string;
  try {
    text = await readFile(join(dir, `canon-${key}.json`), 'utf8');
  } catch {
    return null;
  }
  try {
    const e = JSON.parse(text) as Partial<Entry>;
    return e.format === FORMAT && e.key === key && isObjects(e.objects) ? e.objects : null;
  } catch {
    return null;
  }
};

/** Written to a temporary name and renamed: a reader never sees half a file. Failures are not fatal. */
export const writeCache = async (dir: string, key: string, objects: CanonicalObjects): Promise<void> => {
  try {
    ensureCacheDir(dir);
    const entry: Entry = { format: FORMAT, key, objects };
    writeCacheFileSync(dir, `canon-${key}.json`, JSON.stringify(entry));
  } catch {
    // A read-only project directory only costs the next run a scratch load.
  }
};
