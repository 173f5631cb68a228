/**
 * The pipeline against a real server, for tests: load SQL into a database, inspect it, parse a
 * source text, plan, and apply a plan the way migrate apply runs a file (before-section,
 * transaction, after-section).
 */
import pg from 'pg';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema, type ParseResult } from '../../src/core/parse/parse-schema.js';
import { canonicalise } from '../../src/shell/canonicalise/canonicalise.js';
import { resolveAuthz } from '../../src/core/authz/resolve.js';
import { alignManagement } from '../../src/core/plan/management.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import { openScratchServer } from '../../src/shell/canonicalise/scratch-server.js';
import { testMajor, testServerUrl } from './database.js';
import { plan } from '../../src/core/plan/plan.js';
import type { Plan } from '../../src/core/model/plan.js';
import type { Schema } from '../../src/core/model/schema.js';
import { comparableJson } from '../../src/core/model/compare.js';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';

/**
 * parse + canonicalise, as the CLI builds the desired model: programmable objects get their
 * canonical form from scratch databases on the test server. npm test shares one canonicaliser
 * cache among its test files, made empty for the run (PGFLUX_TEST_CANON_CACHE, set by
 * scripts/run-tests.mjs), so a source that several files parse (the fixture cases) is loaded
 * once per run, never from an earlier run's results; without it there is no cache.
 */
export const parseSource = (sql: string, path = 'schema.sql'): Promise<Schema> => parseSources([{ path, text: sql }]);

/** As parseSource, for a source tree of several files. */
export const parseSources = async (files: readonly { path: string; text: string }[]): Promise<Schema> => {
  await loadParser();
  const parsed = parseSchema(files);
  const canonical = await canonicalise(parsed, {
    major: testMajor(), cacheDir: process.env['PGFLUX_TEST_CANON_CACHE'] ?? null, toolVersion: 'test',
    // The test server runs with fsync off, so its scratch databases may use the embedded servers' faster copy.
    server: async () => ({
      ...(await openScratchServer({ major: testMajor(), shadowDsn: testServerUrl(), projectDir: '.' })),
      createStrategy: testMajor() >= 15 ? ' STRATEGY FILE_COPY' as const : '' as const,
    }),
  });
  // The test server's superuser applies every plan of the tests.
  const r = resolveAuthz(canonical, parsed.authz, parsed.bodies, { currentUser: TEST_ROLE, major: testMajor(), manage: { owners: 'auto', privileges: 'auto' } });
  if (r.diagnostics.length) throw new DiagnosticError(r.diagnostics);
  return r.schema;
};

/** The role the tests connect as (the embedded server's superuser). */
export const TEST_ROLE = 'postgres';

/** The live model as a plan against `desired` compares it (categories the source does not manage left out). */
export const asComparedTo = (live: Schema, desired: Schema): Schema => alignManagement(live, desired);

/** Parse only (the programmable kinds stay empty): for tests of the parser itself. */
export const parseOnly = async (sql: string, path = 'schema.sql'): Promise<ParseResult> => {
  await loadParser();
  return parseSchema([{ path, text: sql }]);
};

export const loadSql = async (url: string, sql: string): Promise<void> => {
  if (!sql.trim()) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
};

export const inspectUrl = async (url: string): Promise<{ schema: Schema; serverVersionNum: number; queryCount: number }> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await inspectDatabase(c); } finally { await c.end(); }
};

export const planBetween = (live: Schema, desired: Schema, serverVersionNum: number): Plan => plan(live, desired, { serverVersionNum, currentUser: TEST_ROLE });

/** Run a plan: before-statements autocommit, main in one transaction, after-statements autocommit. */
export const applyPlan = async (url: string, p: Plan): Promise<void> => {
  const stmts = p.steps.flatMap((s) => s.statements);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of stmts.filter((x) => x.phase === 'before')) await c.query(s.sql);
    await c.query('BEGIN');
    try {
      for (const s of stmts.filter((x) => x.phase === 'main')) {
        try { await c.query(s.sql); } catch (e) { throw new Error(`${(e as Error).message}\n  in: ${s.sql}`, { cause: e }); }
      }
      await c.query('COMMIT');
    } catch (e) { await c.query('ROLLBACK'); throw e; }
    for (const s of stmts.filter((x) => x.phase === 'after')) await c.query(s.sql);
  } finally { await c.end(); }
};

export const planSql = (p: Plan): string => p.steps.flatMap((s) => s.statements.map((x) => `[${x.phase}] ${x.sql};`)).join('\n');

/** Comparable form for assertions (pretty-printed so test diffs are readable). */
export const comparable = (s: Schema, ignoreColumnOrder = false): unknown => JSON.parse(comparableJson(s, { ignoreColumnOrder }));
