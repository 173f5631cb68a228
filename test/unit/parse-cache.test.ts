/**
 * The parse cache (.pg-flux/cache/parse/): a hit gives exactly what a parse gives, changed text
 * misses, an unusable entry (corrupt, truncated, another format, another key, wrong shape) is
 * ignored and rewritten, a failed write is not fatal, and `cache: false` / PGFLUX_CACHE=false
 * write nothing. Projects live in fresh temporary directories, so no run sees another's cache.
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema, type ParseResult } from '../../src/core/parse/parse-schema.js';
import type { Schema } from '../../src/core/model/schema.js';
import { parseFileText } from '../../src/core/parse/parse-file.js';
import { openParseCache, parseCacheKey, entryName, PARSE_CACHE_FORMAT } from '../../src/shell/fs/parse-cache.js';
import { openProject } from '../../src/shell/operations/project.js';
import { parseDesired } from '../../src/shell/operations/compute-plan.js';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
before(() => loadParser());

const FILES: Record<string, string> = {
  'schema/types.sql': `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE SEQUENCE ticket_seq;\n`,
  'schema/people.sql': `-- people\nCREATE TABLE people (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  "Näme" text NOT NULL CHECK (length("Näme") > 0),\n  mood mood DEFAULT 'ok',\n  ticket int DEFAULT nextval('ticket_seq')\n);\nCREATE INDEX ON people (lower("Näme")) WHERE mood <> 'sad';\n`,
  'schema/pets.sql': `CREATE TABLE pets (id int PRIMARY KEY, owner bigint REFERENCES people, tags text[] DEFAULT '{}');\nCREATE VIEW happy_pets AS SELECT p.* FROM pets p JOIN people o ON o.id = p.owner WHERE o.mood = 'happy';\n`,
};

const project = (files: Record<string, string> = FILES): string => {
  const d = mkdtempSync(join(tmpdir(), 'pgflux-parse-cache-'));
  dirs.push(d);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
};

/**
 * A parse result as comparable data: a body's `at` (statement position → file:line:column) is a
 * closure, compared by what it gives for a few positions.
 */
const comparable = (r: ParseResult): unknown => ({
  schema: r.schema, authz: r.authz, warnings: r.warnings, renames: r.renames,
  bodies: r.bodies.map(({ at, ...b }) => ({ ...b, at: [0, 7, 30].map((p) => at(p)) })),
});

/** parseDesired as a command runs it, with the --verbose summary line of the cache. */
const parseIn = async (cwd: string, env: Record<string, string> = {}) => {
  const notices: string[] = [];
  const p = await openProject({ cwd, env, verbose: true, notice: (l) => notices.push(l) });
  const r = await parseDesired(p);
  return { result: comparable(r) as { schema: Schema; bodies: readonly unknown[] }, notices };
};

const entriesIn = (cwd: string): string[] => {
  const dir = join(cwd, '.pg-flux', 'cache', 'parse');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

const counts = (notices: readonly string[]): string => {
  const line = notices.find((l) => l.startsWith('parse cache '));
  assert.ok(line, `a cache summary among ${JSON.stringify(notices)}`);
  return /: (\d+ hit\(s\), \d+ miss\(es\))/.exec(line)![1]!;
};

describe('parse cache', () => {
  it('a hit gives the same model as a miss and as no cache', async () => {
    const cwd = project();
    const cold = await parseIn(cwd);
    assert.equal(counts(cold.notices), '0 hit(s), 3 miss(es)');
    assert.equal(entriesIn(cwd).length, 3);
    const warm = await parseIn(cwd);
    assert.equal(counts(warm.notices), '3 hit(s), 0 miss(es)');
    assert.deepStrictEqual(warm.result, cold.result);
    const off = await parseIn(cwd, { PGFLUX_CACHE: 'false' });
    assert.deepStrictEqual(off.result, cold.result);
    // The model is a real one (not an empty result that would compare equal trivially).
    assert.deepEqual(Object.keys(warm.result.schema.tables).sort(), ['public.people', 'public.pets']);
    assert.equal(warm.result.bodies.length, 1);
  });

  it('an entry holds exactly what the parser gives for the text', async () => {
    const cwd = project({});
    const root = join(cwd, '.pg-flux', 'cache');
    const text = FILES['schema/people.sql']!;
    const miss = openParseCache(root, join(root, 'parse'));
    const first = miss.parseFile(text);
    await miss.flush();
    const hit = openParseCache(root, join(root, 'parse'));
    const second = hit.parseFile(text);
    assert.deepEqual([miss.stats.misses, hit.stats.hits], [1, 1]);
    assert.deepStrictEqual(second, parseFileText(text));
    assert.deepStrictEqual(second, first);
    // Offsets after a non-ASCII identifier survive the round trip (UTF-16 units, not bytes).
    const files = Object.entries(FILES).map(([path, t]) => ({ path, text: t }));
    assert.deepStrictEqual(comparable(parseSchema(files, { parseFile: hit.parseFile })), comparable(parseSchema(files)));
  });

  it('changed content misses, unchanged files still hit', async () => {
    const cwd = project();
    await parseIn(cwd);
    writeFileSync(join(cwd, 'schema/pets.sql'), FILES['schema/pets.sql']!.replace("tags text[] DEFAULT '{}'", 'tags text[], born date'));
    const r = await parseIn(cwd);
    assert.equal(counts(r.notices), '2 hit(s), 1 miss(es)');
    assert.deepEqual(r.result.schema.tables['public.pets']!.columns.map((c) => c.name), ['id', 'owner', 'tags', 'born']);
    assert.equal(entriesIn(cwd).length, 4);
  });

  it('a corrupt, truncated, foreign or misshapen entry is ignored and rewritten', async () => {
    const cwd = project();
    const good = (await parseIn(cwd)).result;
    const dir = join(cwd, '.pg-flux', 'cache', 'parse');
    const key = parseCacheKey(FILES['schema/people.sql']!);
    const path = join(dir, entryName(key));
    const valid = readFileSync(path, 'utf8');
    const entry = JSON.parse(valid) as { format: number; key: string; parsed: { statements: unknown[] } };
    const bad: Record<string, string> = {
      corrupt: 'not json at all {',
      truncated: valid.slice(0, Math.floor(valid.length / 2)),
      empty: '',
      'other format': JSON.stringify({ ...entry, format: PARSE_CACHE_FORMAT + 1 }),
      'other key': JSON.stringify({ ...entry, key: parseCacheKey('SELECT 1') }),
      'wrong shape': JSON.stringify({ ...entry, parsed: { statements: 'CREATE TABLE people ()', longIdentifiers: [] } }),
      'wrong statement shape': JSON.stringify({ ...entry, parsed: { ...entry.parsed, statements: [{ node: null, offset: 0, text: '' }] } }),
      'not an object': 'null',
    };
    for (const [what, text] of Object.entries(bad)) {
      writeFileSync(path, text);
      const r = await parseIn(cwd);
      assert.equal(counts(r.notices), '2 hit(s), 1 miss(es)', what);
      assert.match(r.notices.join('\n'), /1 unusable entry rewritten/, what);
      assert.deepStrictEqual(r.result, good, what);
      assert.equal(readFileSync(path, 'utf8'), valid, `${what}: the entry is written again`);
    }
    // No temporary file is left behind by the rewrites.
    assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.json')), []);
  });

  it('an entry of another parser or pg-flux version is another key, never read', () => {
    const text = FILES['schema/pets.sql']!;
    assert.equal(parseCacheKey(text), parseCacheKey(text));
    assert.notEqual(parseCacheKey(text), parseCacheKey(`${text} `));
    // The versions are hashed ahead of the text: the key is not a plain hash of the content.
    assert.notEqual(parseCacheKey(text), createHash('sha256').update(text).digest('hex'));
  });

  it('a syntax error is reported as without the cache, and not kept', async () => {
    const cwd = project({ ...FILES, 'schema/broken.sql': 'CREATE TABLE broken (id int,);\n' });
    const message = (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: Error) => e.message);
    const uncached = await message(parseIn(cwd, { PGFLUX_CACHE: 'false' }));
    assert.match(uncached, /broken\.sql:1:29: .*syntax error/);
    assert.equal(await message(parseIn(cwd)), uncached);
    assert.equal(await message(parseIn(cwd)), uncached);
    assert.equal(entriesIn(cwd).length, 3);
  });

  it('a long identifier is refused at its place on a hit as on a miss', async () => {
    const cwd = project({ ...FILES, 'schema/long.sql': `CREATE TABLE ${'x'.repeat(70)} (id int);\n` });
    const message = (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: Error) => e.message);
    const uncached = await message(parseIn(cwd, { PGFLUX_CACHE: 'false' }));
    assert.match(uncached, /long\.sql:1:14: identifier x+ is 70 bytes long/);
    assert.equal(await message(parseIn(cwd)), uncached);
    assert.equal(entriesIn(cwd).length, 4);
    assert.equal(await message(parseIn(cwd)), uncached, 'from the cache');
  });

  it('a cache that cannot be written is not fatal', async () => {
    const cwd = project();
    mkdirSync(join(cwd, '.pg-flux'));
    // A file where the cache folder would be: every write fails (root ignores read-only modes).
    writeFileSync(join(cwd, '.pg-flux', 'cache'), 'in the way');
    const r = await parseIn(cwd);
    assert.equal(counts(r.notices), '0 hit(s), 3 miss(es)');
    assert.match(r.notices.join('\n'), /could not write/);
    assert.deepStrictEqual(r.result, (await parseIn(project())).result);
    // Without --verbose it says nothing.
    const quiet: string[] = [];
    await parseDesired(await openProject({ cwd, notice: (l) => quiet.push(l) }));
    assert.deepEqual(quiet, []);
  });

  it('runs at the same time write the same entries without reading half of one', async () => {
    const cwd = project();
    const runs = await Promise.all([parseIn(cwd), parseIn(cwd), parseIn(cwd)]);
    for (const r of runs) assert.deepStrictEqual(r.result, runs[0].result);
    const dir = join(cwd, '.pg-flux', 'cache', 'parse');
    assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.json')), [], 'no temporary file left');
    assert.equal(counts((await parseIn(cwd)).notices), '3 hit(s), 0 miss(es)');
  });

  it('the cache folder is ignored by git', async () => {
    const cwd = project();
    await parseIn(cwd);
    assert.equal(readFileSync(join(cwd, '.pg-flux', 'cache', '.gitignore'), 'utf8'), '*\n');
  });

  it('cache: false and PGFLUX_CACHE=false write nothing', async () => {
    const viaFile = project({ ...FILES, '.pg-flux.yml': 'version: 1\ncache: false\n' });
    const a = await parseIn(viaFile);
    assert.ok(!existsSync(join(viaFile, '.pg-flux')), '.pg-flux/ not created');
    assert.equal(a.notices.filter((l) => l.startsWith('parse cache')).length, 0);
    const viaEnv = project();
    await parseIn(viaEnv, { PGFLUX_CACHE: 'false' });
    assert.ok(!existsSync(join(viaEnv, '.pg-flux')), '.pg-flux/ not created');
    // The environment overrides the file, as for every key.
    const both = project({ ...FILES, '.pg-flux.yml': 'version: 1\ncache: false\n' });
    await parseIn(both, { PGFLUX_CACHE: 'true' });
    assert.equal(entriesIn(both).length, 3);
  });

  it('removes entries no run uses once there are many more of them than files', async () => {
    const cwd = project({});
    const root = join(cwd, '.pg-flux', 'cache');
    const old = openParseCache(root, join(root, 'parse'));
    for (let i = 0; i < 1005; i++) old.parseFile(`CREATE TABLE t${i} (id int);`);
    await old.flush();
    old.prune();
    assert.equal(old.stats.removed, 0, 'all of them were used by that run');
    const next = openParseCache(root, join(root, 'parse'));
    next.parseFile('CREATE TABLE t0 (id int);');
    next.parseFile('CREATE TABLE fresh (id int);');
    await next.flush();
    next.prune();
    assert.equal(next.stats.removed, 1004);
    assert.deepEqual(entriesIn(cwd), [entryName(parseCacheKey('CREATE TABLE fresh (id int);')), entryName(parseCacheKey('CREATE TABLE t0 (id int);'))].sort());
  });
});
