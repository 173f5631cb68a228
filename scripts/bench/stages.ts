/**
 * The in-process half of the benchmark: one child process per run that times pg-flux's stages
 * with the library functions (no CLI, no Node start-up, no module loading in the numbers), so
 * "parse alone" and "inspect alone" can be told apart from the CLI's end-to-end time.
 *
 *   node --import tsx scripts/bench/stages.ts parse   --dir <schema dir>
 *   node --import tsx scripts/bench/stages.ts inspect --db <url>
 *   node --import tsx scripts/bench/stages.ts all     --dir <schema dir> --db <url>
 *
 * Prints one JSON line: { "ms": { stage: milliseconds, ... }, "counts": {...}, "maxRssKb": n }.
 * `all` runs the stages one after another (not overlapped like computePlan does), which is
 * what makes the per-stage split readable.
 */
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { readSourceFiles } from '../../src/shell/fs/read-sources.js';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';
import { plan } from '../../src/core/plan/plan.js';
import type { Schema } from '../../src/core/model/schema.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, db: { type: 'string' } },
});
const mode = positionals[0] ?? 'all';
if (!['parse', 'inspect', 'all'].includes(mode)) throw new Error(`mode must be parse, inspect or all, not ${mode}`);

const ms: Record<string, number> = {};
const counts: Record<string, number> = {};
const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  const start = performance.now();
  const result = await fn();
  ms[name] = Math.round((performance.now() - start) * 10) / 10;
  return result;
};
const sizes = (s: Schema): void => {
  counts['tables'] = Object.keys(s.tables).length;
  counts['indexes'] = Object.keys(s.indexes).length;
  counts['constraints'] = Object.keys(s.constraints).length;
};

let desired: Schema | null = null;
let live: Schema | null = null;
let serverVersionNum = 0;

await timed('loadParser', () => loadParser());
if (mode !== 'inspect') {
  if (!values.dir) throw new Error('--dir is required');
  const dir = resolve(values.dir);
  const files = await timed('readFiles', () => readSourceFiles(basename(dir), dirname(dir)));
  counts['files'] = files.length;
  desired = (await timed('parse', () => parseSchema(files))).schema;
  sizes(desired);
}
if (mode !== 'parse') {
  if (!values.db) throw new Error('--db is required');
  const client = new pg.Client({ connectionString: values.db });
  await timed('connect', () => client.connect());
  try {
    const r = await timed('inspect', () => inspectDatabase(client));
    live = r.schema;
    serverVersionNum = r.serverVersionNum;
    counts['queries'] = r.queryCount;
    if (!desired) sizes(live);
  } finally {
    await client.end();
  }
}
if (desired && live) {
  const result = await timed('diff', () => plan(live, desired, { serverVersionNum }));
  counts['changes'] = result.steps.length;
}
process.stdout.write(`${JSON.stringify({ ms, counts, maxRssKb: process.resourceUsage().maxRSS })}\n`);
