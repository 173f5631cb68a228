/**
 * Casts in the source: the forms of CREATE CAST read into the model (among them the shape of
 * PostgREST's test schema: domains with functions named "json" converting them to and from
 * json, IMPLICIT), how COMMENT ON CAST and DROP CAST name a cast whatever the spelling of its
 * types, and what is refused where it is written. The SQL a plan prints for them, without a server.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { plan } from '../../src/core/plan/plan.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const parsed = (text: string) => parseSchema([{ path: 'schema/c.sql', text }]);
const parse = (text: string) => parsed(text).schema;
const problem = (text: string): string => {
  try { parse(text); } catch (e) { if (e instanceof DiagnosticError) return e.message; throw e; }
  return assert.fail('expected a DiagnosticError');
};

const T = (schema: string | null, name: string, arrayDims = 0) => ({ schema, name, modifiers: [], arrayDims });

describe('casts in the source', () => {
  before(() => loadParser());

  it('reads domain ↔ json casts through functions named "json", as a PostgREST-style schema writes them', () => {
    // Written for this test in the manner of that corpus (a domain, its converters, the casts).
    const s = parse(`CREATE DOMAIN public.rgb AS text CHECK (VALUE ~ '^#');
CREATE FUNCTION "json"(public.rgb) RETURNS json LANGUAGE sql AS $$ SELECT to_json($1::text) $$;
CREATE FUNCTION rgb(json) RETURNS public.rgb LANGUAGE sql AS $$ SELECT ($1 #>> '{}')::public.rgb $$;
CREATE FUNCTION rgb(text) RETURNS public.rgb LANGUAGE sql AS $$ SELECT $1::public.rgb $$;
CREATE CAST (public.rgb AS json) WITH FUNCTION "json"(public.rgb) AS IMPLICIT;
CREATE CAST (json AS public.rgb) WITH FUNCTION rgb(json) AS IMPLICIT;
CREATE CAST (text AS public.rgb) WITH FUNCTION rgb(text) AS IMPLICIT;
-- CREATE CAST (varchar AS public.rgb) WITH FUNCTION rgb(text) AS IMPLICIT;
`);
    assert.deepEqual(Object.keys(s.casts), ['json AS public.rgb', 'public.rgb AS json', 'text AS public.rgb']);
    const { source, ...toJson } = s.casts['public.rgb AS json']!;
    assert.deepEqual(toJson, {
      kind: 'cast', sourceType: T('public', 'rgb'), targetType: T(null, 'json'), method: 'function',
      function: { name: { schema: 'public', name: 'json' }, args: [T('public', 'rgb')] }, context: 'implicit',
    });
    assert.equal(source?.line, 5);
    assert.deepEqual(s.casts['json AS public.rgb']!.function, { name: { schema: 'public', name: 'rgb' }, args: [T(null, 'json')] });
  });

  it('reads WITH INOUT, WITHOUT FUNCTION and the three contexts; spellings of a type are one type, modifiers dropped', () => {
    const s = parse(`CREATE TYPE pair AS (a int, b int);
CREATE CAST (pair AS pg_catalog.text) WITH INOUT;
CREATE CAST (xid AS integer) WITHOUT FUNCTION AS ASSIGNMENT;
CREATE CAST (int[] AS public.pair) WITH FUNCTION app.pair_of(int4[]);
CREATE CAST (character varying(10) AS pair) WITH FUNCTION pair_of(varchar);
`);
    assert.deepEqual(Object.keys(s.casts), ['int4[] AS public.pair', 'public.pair AS text', 'varchar AS public.pair', 'xid AS int4']);
    assert.deepEqual([s.casts['public.pair AS text']!.method, s.casts['public.pair AS text']!.function, s.casts['public.pair AS text']!.context], ['inout', null, 'explicit']);
    assert.deepEqual([s.casts['xid AS int4']!.method, s.casts['xid AS int4']!.context], ['binary', 'assignment']);
    assert.deepEqual(s.casts['int4[] AS public.pair']!.function, { name: { schema: 'app', name: 'pair_of' }, args: [T(null, 'int4', 1)] });
    assert.deepEqual(s.casts['varchar AS public.pair']!.sourceType, T(null, 'varchar'));
  });

  it('COMMENT ON CAST names the cast by its key whatever the spelling; a leading DROP CAST IF EXISTS is a no-op', () => {
    const r = parsed(`DROP CAST IF EXISTS (public.pair AS text);
CREATE TYPE pair AS (a int, b int);
CREATE CAST (pair AS text) WITH INOUT;
COMMENT ON CAST (public.pair AS pg_catalog.text) IS 'through text';
`);
    assert.deepEqual(Object.keys(r.schema.casts), ['public.pair AS text']);
    assert.deepEqual(r.authz.comments.map((c) => [c.target.spelled, c.target.key, c.text]), [['cast', 'public.pair AS text', 'through text']]);
  });

  it('refuses a DROP CAST of a declared cast, a second declaration, and a function without argument types, at their lines', () => {
    assert.match(problem('CREATE TYPE p AS (a int);\nCREATE CAST (p AS text) WITH INOUT;\nDROP CAST IF EXISTS (public.p AS text);\n'),
      /schema\/c\.sql:3:.*DROP CAST IF EXISTS of something this source declares before it/);
    assert.match(problem('CREATE CAST (p AS text) WITH INOUT;\nCREATE CAST (public.p AS pg_catalog.text) WITHOUT FUNCTION;\n'),
      /schema\/c\.sql:2:.*cast \(public\.p AS text\) is already declared at schema\/c\.sql:1/);
    assert.match(problem('CREATE CAST (p AS text) WITH FUNCTION f;\n'), /names its function without argument types/);
  });

  it('plans CREATE CAST from nothing and DROP CAST back, with the types and function quoted', () => {
    const s = parse(`CREATE DOMAIN "Shade" AS text;
CREATE CAST ("Shade" AS json) WITH FUNCTION "json"("Shade") AS IMPLICIT;
CREATE CAST (xid AS int) WITHOUT FUNCTION;
CREATE CAST (json AS "Shade") WITH INOUT AS ASSIGNMENT;
`);
    const sql = (p: ReturnType<typeof plan>) => p.steps.flatMap((x) => x.statements.map((st) => st.sql)).filter((q) => /CAST/.test(q));
    assert.deepEqual(sql(plan(emptySchema(), s, { serverVersionNum: 180000, currentUser: 'postgres' })), [
      'CREATE CAST (json AS public."Shade") WITH INOUT AS ASSIGNMENT',
      'CREATE CAST (public."Shade" AS json) WITH FUNCTION public."json"(public."Shade") AS IMPLICIT',
      'CREATE CAST (xid AS integer) WITHOUT FUNCTION',
    ]);
    assert.deepEqual(sql(plan(s, emptySchema(), { serverVersionNum: 180000, currentUser: 'postgres' })), [
      'DROP CAST (json AS public."Shade")', 'DROP CAST (public."Shade" AS json)', 'DROP CAST (xid AS integer)',
    ]);
  });
});
