/**
 * The parse of each source file on disk, content-addressed (`.pg-flux/cache/parse/<key>.json`):
 * an unchanged file costs a hash and a read instead of the grammar's parse. The value is
 * core/parse/parse-file.ts's ParsedFile (the statements of one file, before anything looks at
 * other files), stored as JSON: JSON.parse reads it back faster than v8.deserialize does
 * (1,000 files of the synthetic bench schema, 10.9 MB: ~0.3 s against ~0.5–0.6 s).
 *
 * The key hashes everything the value depends on: the text, the versions of libpg-query,
 * pgsql-deparser and pg-flux, the entry format, and the code of the modules that compute the
 * value (so a changed parser module in a development checkout, whose version number stays the
 * same, does not read old results). An entry that is corrupt, truncated, of another format or
 * key, or of the wrong shape is ignored and rewritten, never trusted. Writes are atomic; a
 * failed write (read-only directory, full disk) only costs the next run a parse.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isParsedFile, isSyntaxError, parseFileText, type FileParse, type ParsedFile } from '../../core/parse/parse-file.js';
import { toolVersion } from '../version.js';
import { ensureCacheDir, writeCacheFile } from './cache-dir.js';

/** Bumped whenever the shape or meaning of an entry changes. */
export const PARSE_CACHE_FORMAT = 1;

interface Entry { readonly format: number; readonly key: string; readonly parsed: ParsedFile }

export interface ParseCacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but were not trusted (corrupt, foreign, wrong shape): rewritten. */
  rejected: number;
  written: number;
  /** Stale entries removed (see prune). */
  removed: number;
  /** The first write failure, for --verbose. */
  writeError: string | null;
}

export interface ParseCache {
  /** The cached counterpart of parseFileText, for parseSchema's `parseFile` option. */
  readonly parseFile: (text: string) => FileParse;
  readonly stats: ParseCacheStats;
  /** Waits for the entries being written; never rejects. */
  flush(): Promise<void>;
  /** Removes entries this run did not use when the folder holds many more than the run used (after flush). */
  prune(): void;
  /** One line for --verbose. */
  summary(): string;
}

const packageVersion = (name: string): string => {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
};

/** The modules whose code computes a ParsedFile (parse-file.ts and what it runs). */
const VALUE_MODULES = ['parse-file', 'pg-query', 'meta-commands', 'long-identifiers'];

/**
 * The text of those modules as they run here: compiled .js under dist/, .ts when run from source.
 * Inside the bundled CLI (dist/bundle/) they have no files of their own: the bundle's
 * whole text stands for them, so any change to the tool starts a new cache.
 */
const codeOf = (module: string): string => {
  for (const ext of ['.js', '.ts']) {
    try {
      return readFileSync(fileURLToPath(new URL(`../../core/parse/${module}${ext}`, import.meta.url)), 'utf8');
    } catch { /* the other extension */ }
  }
  return readFileSync(fileURLToPath(import.meta.url), 'utf8');
};

let base: Hash | null = null;
/** A hash already fed with everything but the text; copied per file. */
const keyBase = (): Hash => {
  if (base === null) {
    base = createHash('sha256');
    base.update(`pg-flux parse cache v${PARSE_CACHE_FORMAT}\0pg-flux ${toolVersion()}\0libpg-query ${packageVersion('libpg-query')}\0`);
    base.update(`pgsql-deparser ${packageVersion('pgsql-deparser')}\0`);
    for (const m of VALUE_MODULES) base.update(`${m}\0${createHash('sha256').update(codeOf(m)).digest('hex')}\0`);
  }
  return base;
};

export const parseCacheKey = (text: string): string => keyBase().copy().update(text).digest('hex');

/** The entry's file name for a key. */
export const entryName = (key: string): string => `${key}.json`;

/** A cache entry read back, or why it was not usable. */
const readEntry = (dir: string, key: string): ParsedFile | 'absent' | 'rejected' => {
  let text: string;
  try {
    text = readFileSync(join(dir, entryName(key)), 'utf8');
  } catch {
    return 'absent';
  }
  try {
    const e = JSON.parse(text) as Partial<Entry> | null;
    return e !== null && typeof e === 'object' && e.format === PARSE_CACHE_FORMAT && e.key === key && isParsedFile(e.parsed) ? e.parsed : 'rejected';
  } catch {
    return 'rejected';
  }
};

/** Entries kept beyond those a run used before prune removes the unused ones. */
const SPARE_ENTRIES = 1000;

/**
 * A parse cache in `dir` (`.pg-flux/cache/parse`, below `root`, the cache root). Nothing is
 * created until the first entry is written.
 */
/** Statements that can carry foreign-data OPTIONS (servers, user mappings, wrappers, foreign tables). */
const FOREIGN_OPTION_STATEMENTS = new Set(['CreateFdwStmt', 'AlterFdwStmt', 'CreateForeignServerStmt', 'AlterForeignServerStmt',
  'CreateUserMappingStmt', 'AlterUserMappingStmt', 'CreateForeignTableStmt', 'ImportForeignSchemaStmt']);
const mayHoldSecrets = (node: Record<string, { objtype?: string }>): boolean => {
  const type = Object.keys(node)[0] ?? '';
  return FOREIGN_OPTION_STATEMENTS.has(type) || (type === 'AlterTableStmt' && node[type]?.objtype === 'OBJECT_FOREIGN_TABLE');
};

export const openParseCache = (root: string, dir: string): ParseCache => {
  const stats: ParseCacheStats = { hits: 0, misses: 0, rejected: 0, written: 0, removed: 0, writeError: null };
  const used = new Set<string>();
  let ready = false;
  const pending: Promise<void>[] = [];
  const failed = (e: unknown): void => { stats.writeError ??= (e as Error).message; };
  const write = (key: string, parsed: ParsedFile): void => {
    if (stats.writeError !== null) return; // one failure is enough to know the folder is not writable
    try {
      if (!ready) { ensureCacheDir(root, dir); ready = true; }
    } catch (e) {
      failed(e);
      return;
    }
    const entry: Entry = { format: PARSE_CACHE_FORMAT, key, parsed };
    // Written on the thread pool while the next files are parsed here; flush() waits for them.
    pending.push(writeCacheFile(dir, entryName(key), JSON.stringify(entry)).then(() => { stats.written++; }, failed));
  };
  const parseFile = (text: string): FileParse => {
    const key = parseCacheKey(text);
    used.add(key);
    const cached = readEntry(dir, key);
    if (typeof cached === 'object') { stats.hits++; return cached; }
    if (cached === 'rejected') stats.rejected++;
    stats.misses++;
    const parsed = parseFileText(text);
    // A syntax error is not kept: the file is about to change. Nor is a file with foreign-data
    // OPTIONS: they may hold a password or token, and no secret is ever written by pg-flux.
    if (!isSyntaxError(parsed) && !parsed.statements.some((st) => mayHoldSecrets(st.node))) write(key, parsed);
    return parsed;
  };
  return {
    parseFile,
    stats,
    async flush() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    prune() {
      // Only after a run that wrote something: a run of hits leaves the folder as it was.
      if (stats.written === 0) return;
      let names: string[];
      try { names = readdirSync(dir); } catch { return; }
      const entries = names.filter((n) => n.endsWith('.json'));
      if (entries.length <= used.size + SPARE_ENTRIES) return;
      for (const n of entries) {
        if (used.has(n.slice(0, -'.json'.length))) continue;
        try { rmSync(join(dir, n), { force: true }); stats.removed++; } catch { /* another run's, or read-only */ }
      }
    },
    summary() {
      const s = stats;
      const parts = [`${s.hits} hit(s)`, `${s.misses} miss(es)`];
      if (s.rejected) parts.push(`${s.rejected} unusable entr${s.rejected === 1 ? 'y' : 'ies'} rewritten`);
      if (s.removed) parts.push(`${s.removed} unused entr${s.removed === 1 ? 'y' : 'ies'} removed`);
      const failed = s.writeError === null ? '' : `; could not write (${s.writeError}): the next run parses again`;
      return `parse cache ${dir}: ${parts.join(', ')}${failed}`;
    },
  };
};
