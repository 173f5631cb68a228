/**
 * `pg-flux gen`: generate application types from the source model (default: schema/, no
 * database) or the live one (--from-db), write only the files whose bytes change, remove
 * generated files the model no longer produces, and with `check` write nothing and report
 * every stale, missing or obsolete file. Only files carrying gen's marker are ever replaced or
 * removed; everything is computed before the first write.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { genOutputs } from '../config/gen-config.js';
import { loadDesired, inspectLive } from './compute-plan.js';
import { readSourceFiles } from '../fs/read-sources.js';
import { ensureCacheDir, writeCacheFileSync } from '../fs/cache-dir.js';
import { toolVersion } from '../version.js';
import type { Project } from './project.js';
import { schemaHash } from '../../core/model/compare.js';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import { alignManagement } from '../../core/plan/management.js';
import { generateCode } from '../../core/emit/codegen/generate.js';
import { DEFAULT_OUT, GenOptionError, LANGUAGES, type GenOptions, type Language } from '../../core/emit/codegen/options.js';
import { languagesOf, outputsFromFlags, splitCommand, type FlagValues } from '../../core/emit/codegen/option-spec.js';
import { isGenerated, regenerateLineOf } from '../../core/emit/codegen/header.js';

export type FileState = 'unchanged' | 'changed' | 'missing' | 'obsolete';

export interface GenFileStatus {
  /** Path relative to the project directory, `/`-separated. */
  readonly path: string;
  readonly state: FileState;
}

export interface GenResult {
  readonly outputs: readonly GenOptions[];
  readonly files: readonly GenFileStatus[];
  /** Files written or removed (empty under check). */
  readonly written: readonly string[];
  readonly warnings: readonly string[];
  readonly hash: string;
}

export interface GenRunOptions {
  readonly outputs: readonly GenOptions[];
  readonly check: boolean;
  readonly fromDb: boolean;
}

export class GenConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'GenConfigError'; }
}

const EXTENSIONS: Readonly<Record<Language, readonly string[]>> = { ts: ['.ts'], go: ['.go'], python: ['.py'], rust: ['.rs'] };

const readOrNull = async (path: string): Promise<string | null> => {
  try { return await readFile(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
};

const listDir = async (dir: string): Promise<string[]> => {
  try { return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort(); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
};

/**
 * Which outputs to generate: `--lang` (layered over the configured output of each language),
 * else the `gen:` section, else the outputs already generated in the default directories (their
 * headers say how they were generated), else an error that says what to do.
 */
export const resolveOutputs = async (project: Project, langFlag: string | undefined, flags: FlagValues): Promise<GenOptions[]> => {
  const cfg = await loadConfig({ cwd: project.cwd, file: project.configFile ?? undefined });
  const configured = genOutputs(cfg.sections.get('gen'));
  try {
    if (langFlag !== undefined) return outputsFromFlags(languagesOf(langFlag, '--lang'), flags, configured);
    const given = Object.entries(flags).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
    if (configured.length) return given.length ? outputsFromFlags(configured.map((c) => c.lang), flags, configured) : configured;
    const found = await discoverOutputs(project);
    if (found.length) return given.length ? outputsFromFlags(found.map((c) => c.lang), flags, found) : found;
  } catch (e) {
    if (e instanceof GenOptionError) throw new GenConfigError(e.message);
    throw e;
  }
  throw new GenConfigError('nothing to generate: pass --lang ts,go,python,rust or add a gen: section to .pg-flux.yml (see pg-flux gen --help)');
};

/** Outputs found in the default directories, read back from the `regenerate:` line of their headers. */
const discoverOutputs = async (project: Project): Promise<GenOptions[]> => {
  const out: GenOptions[] = [];
  for (const lang of LANGUAGES) {
    const dir = join(project.cwd, DEFAULT_OUT[lang]);
    for (const name of await listDir(dir)) {
      if (!EXTENSIONS[lang].some((x) => name.endsWith(x))) continue;
      const text = await readOrNull(join(dir, name));
      const line = text && isGenerated(text) ? regenerateLineOf(text) : null;
      if (!line) continue;
      const args = splitCommand(line).slice(2);
      const flags: Record<string, string | boolean> = {};
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!.replace(/^--/, '');
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('--')) { flags[a] = next; i++; } else flags[a] = true;
      }
      const langs = typeof flags['lang'] === 'string' ? languagesOf(flags['lang'], `${posix.join(DEFAULT_OUT[lang], name)} header`) : [];
      if (langs[0] !== lang) continue;
      delete flags['lang'];
      out.push(...outputsFromFlags([lang], flags, []));
      break;
    }
  }
  return out;
};

/**
 * The model code is generated from: owners, privileges and the comments a database sets on its
 * own do not change a line of generated code, and a database always has them while a source
 * declares them only when it manages them — left in, source and --from-db would never agree.
 */
const forCode = (s: Schema): Schema => alignManagement(s, emptySchema());

const loadModel = async (project: Project, fromDb: boolean): Promise<{ schema: Schema; hash: string; warnings: readonly string[] }> => {
  if (fromDb) {
    const live = forCode((await inspectLive(project)).schema);
    return { schema: live, hash: schemaHash(live), warnings: [] };
  }
  const [d, cached] = await Promise.all([loadDesired(project), cachedSourceHash(project)]);
  const schema = forCode(d.schema);
  let hash = cached?.hash ?? null;
  if (hash === null) {
    hash = schemaHash(schema);
    if (cached) {
      try {
        ensureCacheDir(cached.root);
        writeCacheFileSync(cached.root, cached.name, hash);
      } catch { /* a read-only project directory only costs the next run the hash */ }
    }
  }
  return { schema, hash, warnings: d.warnings };
};

/**
 * The schema hash of the source model, cached in .pg-flux/cache by the bytes it is computed from
 * (every source file, the managed schemas, the tool version): hashing a large model costs about
 * as much as parsing it, and an unchanged source gives the same model.
 */
const cachedSourceHash = async (project: Project): Promise<{ root: string; name: string; hash: string | null } | null> => {
  const root = project.cacheDir;
  if (root === null) return null;
  const files = await readSourceFiles(project.schemaDir, project.schemaPath);
  const key = createHash('sha256');
  key.update(JSON.stringify([toolVersion(), project.schemas, CANONICAL_MAJOR, 'for-code']));
  for (const f of files) key.update(`\0${f.path}\0${f.text}`);
  const name = `gen-hash-${key.digest('hex').slice(0, 32)}`;
  const hash = await readOrNull(join(root, name));
  return { root, name, hash: hash !== null && /^[0-9a-f]{64}$/.test(hash) ? hash : null };
};

/** The major the source is canonicalised for when no database is involved (loadDesired's default). */
const CANONICAL_MAJOR = 18;

interface Planned { readonly abs: string; readonly rel: string; readonly text: string | null; readonly state: FileState }

/** Runs `task` over `items` with at most `limit` in flight, results in input order. */
const mapLimit = async <T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) { const i = next++; out[i] = await task(items[i]!); }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

/**
 * File reads and writes in flight at once: a thousand generated files one await after another
 * cost a round trip each through libuv's thread pool, and the main thread idles meanwhile.
 */
const IO_CONCURRENCY = 32;

export const runGen = async (project: Project, opts: GenRunOptions): Promise<GenResult> => {
  const { schema, hash, warnings: modelWarnings } = await loadModel(project, opts.fromDb);
  const warnings = [...modelWarnings];
  const seen = new Map<string, string>();
  // Generate every output first (CPU only), then read what is on disk for all of them at once.
  const generated: { o: GenOptions; dir: string; files: { abs: string; text: string }[] }[] = [];
  for (const o of opts.outputs) {
    const dir = resolve(project.cwd, o.out);
    const r = generateCode(schema, o, hash);
    for (const w of r.warnings) warnings.push(`${o.lang}: ${w}`);
    const files: { abs: string; text: string }[] = [];
    for (const f of r.files) {
      const abs = join(dir, f.path);
      const prev = seen.get(abs);
      if (prev) throw new GenConfigError(`outputs ${prev} and ${o.lang} both write ${relative(project.cwd, abs)}: give them different out: directories`);
      seen.set(abs, o.lang);
      files.push({ abs, text: f.text });
    }
    generated.push({ o, dir, files });
  }
  const listings = await Promise.all(generated.map((g) => listDir(g.dir)));
  const current = await mapLimit(generated.flatMap((g) => g.files), IO_CONCURRENCY, (f) => readOrNull(f.abs));
  const planned: Planned[] = [];
  let at = 0;
  for (const [gi, g] of generated.entries()) {
    for (const f of g.files) {
      const cur = current[at++]!;
      if (cur !== null && cur !== f.text && !isGenerated(cur)) {
        throw new GenConfigError(`${relative(project.cwd, f.abs)} exists and was not generated by pg-flux gen: move it away or choose another --out`);
      }
      planned.push({ abs: f.abs, rel: toRel(project, f.abs), text: f.text, state: cur === null ? 'missing' : cur === f.text ? 'unchanged' : 'changed' });
    }
    // Generated files of this language the model no longer produces (a dropped table's file).
    const produced = new Set(g.files.map((f) => f.abs));
    const others = listings[gi]!.map((name) => join(g.dir, name))
      .filter((abs) => !produced.has(abs) && EXTENSIONS[g.o.lang].some((x) => abs.endsWith(x)));
    const texts = await mapLimit(others, IO_CONCURRENCY, readOrNull);
    for (const [i, abs] of others.entries()) {
      const cur = texts[i]!;
      if (cur !== null && isGenerated(cur)) planned.push({ abs, rel: toRel(project, abs), text: null, state: 'obsolete' });
    }
  }
  const written: string[] = [];
  if (!opts.check) {
    const todo = planned.filter((p) => p.state !== 'unchanged');
    for (const d of new Set(todo.filter((p) => p.text !== null).map((p) => dirname(p.abs)))) await mkdir(d, { recursive: true });
    await mapLimit(todo, IO_CONCURRENCY, async (p) => {
      if (p.text === null) { await rm(p.abs, { force: true }); return; }
      // Write beside the target and rename over it: a reader never sees half a file.
      const tmp = `${p.abs}.pg-flux-tmp`;
      await writeFile(tmp, p.text);
      await rename(tmp, p.abs);
    });
    written.push(...todo.map((p) => p.rel));
  }
  return { outputs: opts.outputs, files: planned.map((p) => ({ path: p.rel, state: p.state })), written, warnings, hash };
};

const toRel = (project: Project, abs: string): string => relative(project.cwd, abs).split('\\').join('/');
