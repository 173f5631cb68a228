/**
 * The canonicaliser against schemas nobody here wrote: for every real-world corpus schema that
 * loads, its views, materialized views, routines, triggers and rules are loaded the way the
 * canonicaliser loads them (the parser's statements, in the order it computes from their syntax
 * trees, with its session settings) on top of the rest of the file, and must inspect exactly as a
 * direct load of the file does. Other kinds still unmanaged (domains, partitions ...) take part
 * as the file declares them, so this holds before every kind is managed.
 *
 * The corpus is ../shared/corpus (PGFLUX_CORPUS overrides it); a missing corpus fails the test.
 */
import { describe, it } from 'node:test';
import type pg from 'pg';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadParser, parseStatements, type Node } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { canonScript, PREAMBLE } from '../../src/core/canonicalise/script.js';
import { pickCanonical } from '../../src/core/canonicalise/merge.js';
import { comparableJson } from '../../src/core/model/compare.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { freshDatabase, withClient } from '../support/database.js';
import { inspectUrl, loadSql } from '../support/pipeline.js';

const CORPUS = resolve(import.meta.dirname, '..', '..', process.env['PGFLUX_CORPUS'] ?? '../shared/corpus');

/** Real-world schemas that load on a plain server (no PostGIS, pg_partman or extra roles). */
const SCHEMAS = [
  'gitlab/structure.sql', 'lemmy/lemmy-schema.pgdump.sql', 'danbooru/structure.sql', 'pagila/pagila-schema-2024-e0e35a6.sql',
  'sakila/postgres-sakila-schema.sql', 'adventureworks/adventureworks-schema.pgdump.sql',
];

const BODY_NODES = new Set(['ViewStmt', 'CreateFunctionStmt', 'AlterFunctionStmt', 'CreateTrigStmt', 'RuleStmt']);

const isBody = (node: Node): boolean => {
  const [type] = Object.keys(node);
  const stmt = node[type!];
  if (BODY_NODES.has(type!)) return true;
  if (type === 'CreateTableAsStmt') return stmt.objtype === 'OBJECT_MATVIEW';
  if (type === 'DefineStmt') return stmt.kind === 'OBJECT_AGGREGATE';
  return false;
};

/** psql meta-commands (`\restrict ...`) are not SQL. */
const withoutMetaCommands = (text: string): string => text.replace(/^\\.*$/gm, '');

/** Runs statements in chunks (one round trip each), one at a time inside a chunk that fails; returns those that failed. */
const runAll = async (c: pg.Client, stmts: readonly string[]): Promise<string[]> => {
  const failed: string[] = [];
  for (let i = 0; i < stmts.length; i += CHUNK) {
    const chunk = stmts.slice(i, i + CHUNK);
    try {
      await c.query(`BEGIN;\n${chunk.join(';\n')};\nCOMMIT`);
    } catch {
      await c.query('ROLLBACK').catch(() => undefined);
      for (const s of chunk) await c.query(s).catch(() => { failed.push(s); });
    }
  }
  return failed;
};
const CHUNK = 200;

const stagedLoad = async (url: string, text: string): Promise<void> => {
  const stmts = parseStatements(text);
  const bodies = stmts.filter((s) => isBody(s.node));
  // The canonicaliser's statements and order, for the bodies of this file.
  const parsed = parseSchema([{ path: 'corpus.sql', text: bodies.map((s) => `${s.text};`).join('\n') }]);
  const ordered = canonScript(emptySchema(), parsed.bodies).filter((s) => s.body !== null).map((s) => s.sql);
  // Matview indexes are body statements of the canonicaliser too: keep them out of the first phase.
  const viewIndexes = new Set(parsed.bodies.filter((b) => b.alter && b.sql.trimStart().toUpperCase().startsWith('CREATE')).map((b) => b.sql));
  await withClient(url, async (c) => {
    // Everything else as the file declares it; what needs a body (a default calling a
    // function) fails here and is retried once the bodies exist.
    let pending = await runAll(c, stmts.filter((s) => !isBody(s.node) && !viewIndexes.has(s.text)).map((s) => s.text));
    for (const sql of PREAMBLE) await c.query(sql);
    const bodyFailures: string[] = [];
    for (const sql of ordered) {
      await c.query(sql).catch(async () => {
        // A body that needs a table created only after bodies (its default calls a function):
        // retried with the rest.
        bodyFailures.push(sql);
      });
    }
    pending = [...pending, ...bodyFailures];
    // Retry until nothing more loads.
    for (let left = pending.length + 1; pending.length && pending.length < left;) {
      left = pending.length;
      const next: string[] = [];
      for (const sql of pending) await c.query(sql).catch(() => { next.push(sql); });
      pending = next;
    }
    const stuck = pending.filter((sql) => bodyFailures.includes(sql));
    assert.deepEqual(stuck, [], 'statements of programmable kinds that never loaded');
  });
};

describe('canonicaliser on real-world schemas', () => {
  for (const file of SCHEMAS) {
    it(`${file}: bodies loaded by the canonicaliser inspect as a direct load`, async () => {
      const path = join(CORPUS, file);
      assert.ok(existsSync(path), `corpus file missing: ${path} (set PGFLUX_CORPUS)`);
      await loadParser();
      const text = withoutMetaCommands(readFileSync(path, 'utf8'));
      const direct = await freshDatabase('corpus_direct');
      const staged = await freshDatabase('corpus_staged');
      try {
        await loadSql(direct.url, text);
        await stagedLoad(staged.url, text);
        const a = pickCanonical((await inspectUrl(direct.url)).schema);
        const b = pickCanonical((await inspectUrl(staged.url)).schema);
        const count = Object.values(a).reduce((n, rec) => n + Object.keys(rec).length, 0);
        assert.ok(count > 0, `${file} declares no view, routine, trigger or rule`);
        const json = (o: typeof a) => comparableJson({ ...emptySchema(), ...o });
        assert.equal(json(b), json(a));
      } finally {
        await direct.drop();
        await staged.drop();
      }
    });
  }
});
