/**
 * Casts beyond the fixture invariants: what a plan does with the casts of a function replaced
 * in place or recreated, the canonicaliser loading casts before the bodies that apply them
 * (whatever file declares them), a cast whose function is missing refused at its line, and the
 * schema filter keeping a cast with its source type (else target type, else function).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, withClient, type FreshDatabase } from '../support/database.js';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { inspectUrl, loadSql, parseSource, parseSources, planBetween } from '../support/pipeline.js';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';
import type { DiagnosticError } from '../../src/core/model/diagnostic.js';

const fixture = (name: string, side: 'before' | 'after'): string => readFileSync(join(FIXTURE_DIR, name, `${side}.sql`), 'utf8');

/** The plan's changes from the fixture's before (loaded) to its after, as `kind` or `kind (reason)`. */
const changes = async (name: string): Promise<string[]> => {
  const db = await freshDatabase('casts_plan');
  try {
    await loadSql(db.url, fixture(name, 'before'));
    const live = await inspectUrl(db.url);
    const p = planBetween(live.schema, await parseSource(fixture(name, 'after')), live.serverVersionNum);
    return p.steps.map((s) => `${s.change.kind}${'reason' in s.change && s.change.reason ? ` (${s.change.reason})` : ''}`);
  } finally { await db.drop(); }
};

describe('casts', () => {
  it('a function replaced in place keeps its cast: the plan is the CREATE OR REPLACE alone', async () => {
    assert.deepEqual(await changes('cast-function-replaced'), ['replace_function']);
  });

  it('a function dropped and created again takes its unchanged cast and the comment along', async () => {
    const c = await changes('cast-function-recreated');
    assert.equal(c[0], 'drop_cast (it depends on something the plan changes: function public.to_units(public.cents) is recreated)');
    assert.deepEqual(c.slice(1).map((x) => x.replace(/ \(.*$/, '')), ['drop_function', 'create_function', 'create_cast', 'set_comment']);
  });

  it('the canonicaliser loads a cast before a view that applies it, though the view is in an earlier file', async () => {
    const s = await parseSources([
      { path: 'schema/a_views.sql', text: 'CREATE VIEW totals AS SELECT id, p::bigint AS total FROM points;\n' },
      { path: 'schema/b_types.sql', text: 'CREATE TYPE pair AS (a int, b int);\nCREATE TABLE points (id int PRIMARY KEY, p pair);\n' },
      { path: 'schema/c_casts.sql', text: 'CREATE CAST (pair AS bigint) WITH FUNCTION pair_sum(pair);\n'
        + 'CREATE FUNCTION pair_sum(pair) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1.a::bigint + $1.b $$;\n' },
    ]);
    assert.match(s.views['public.totals']!.query, /\((points\.)?p\)::bigint AS total/);
    assert.deepEqual(Object.keys(s.casts), ['public.pair AS int8']);
  });

  it('a cast whose function the source does not declare is refused at its line', async () => {
    await assert.rejects(parseSource('CREATE TYPE pair AS (a int, b int);\nCREATE CAST (pair AS bigint) WITH FUNCTION pair_sum(pair);\nCREATE VIEW v AS SELECT 1 AS x;\n'),
      (e: DiagnosticError) => {
        assert.deepEqual(e.diagnostics.map((d) => d.location?.line), [2]);
        assert.match(e.diagnostics[0]!.message, /rejects this cast: function public\.pair_sum\((public\.)?pair\) does not exist/);
        return true;
      });
  });

  describe('under a schema filter', () => {
    let db: FreshDatabase;
    before(async () => {
      db = await freshDatabase('casts_filter');
      await loadSql(db.url, `CREATE SCHEMA a; CREATE SCHEMA b;
CREATE TYPE a.t AS (x int); CREATE TYPE b.u AS (y int);
CREATE FUNCTION b.a_to_u(a.t) RETURNS b.u LANGUAGE sql AS 'SELECT ROW($1.x)::b.u';
CREATE FUNCTION b.from_text(text) RETURNS b.u LANGUAGE sql AS 'SELECT ROW(length($1))::b.u';
CREATE CAST (a.t AS b.u) WITH FUNCTION b.a_to_u(a.t);
CREATE CAST (text AS b.u) WITH FUNCTION b.from_text(text);
CREATE CAST (b.u AS text) WITH INOUT;`);
    });
    after(async () => { await db.drop(); });

    it('a cast counts in the schema of its source type, else of its target type', async () => {
      const keys = async (schemas?: string[]) => withClient(db.url, async (c) => Object.keys((await inspectDatabase(c, schemas ? { schemas } : {})).schema.casts));
      assert.deepEqual(await keys(), ['a.t AS b.u', 'b.u AS text', 'text AS b.u']);
      assert.deepEqual(await keys(['a']), ['a.t AS b.u']);
      assert.deepEqual(await keys(['b']), ['b.u AS text', 'text AS b.u']);
    });
  });
});
