/**
 * Canonical type names (canon/type-names.ts): every spelling a person or format_type() uses for
 * a type gives one TypeRef, and typeToSql prints something that reads back as the same TypeRef.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, parseStatements } from '../../src/core/parse/pg-query.js';
import { typeRefFromAst, typeToSql, sameType } from '../../src/core/canon/type-names.js';
import { typeFromCatalog } from '../../src/core/canon/catalog.js';
import { withDeclaredDims, type TypeRef } from '../../src/core/model/type-ref.js';

/** A type as written in a column definition of schema source. */
const fromSource = (sql: string): TypeRef =>
  typeRefFromAst(parseStatements(`CREATE TABLE t (c ${sql})`)[0]!.node['CreateStmt'].tableElts[0].ColumnDef.typeName);

const ref = (name: string, modifiers: (number | string)[] = [], arrayDims = 0, schema: string | null = null): TypeRef => ({ schema, name, modifiers, arrayDims });

// [source spellings, format_type() spelling, canonical TypeRef]
const CASES: [string[], string, TypeRef][] = [
  [['integer', 'int', 'int4', 'pg_catalog.int4'], 'integer', ref('int4')],
  [['bigint', 'int8'], 'bigint', ref('int8')],
  [['smallint', 'int2'], 'smallint', ref('int2')],
  [['boolean', 'bool'], 'boolean', ref('bool')],
  [['real', 'float4', 'float(24)'], 'real', ref('float4')],
  [['double precision', 'float8', 'float'], 'double precision', ref('float8')],
  [['varchar(10)', 'character varying(10)'], 'character varying(10)', ref('varchar', [10])],
  [['varchar', 'character varying'], 'character varying', ref('varchar')],
  [['char(3)', 'character(3)'], 'character(3)', ref('bpchar', [3])],
  [['numeric(10,2)', 'decimal(10, 2)'], 'numeric(10,2)', ref('numeric', [10, 2])],
  [['numeric(5)', 'numeric(5, 0)'], 'numeric(5,0)', ref('numeric', [5, 0])],
  [['numeric', 'decimal'], 'numeric', ref('numeric')],
  [['timestamp(3)', 'timestamp(3) without time zone'], 'timestamp(3) without time zone', ref('timestamp', [3])],
  [['timestamptz', 'timestamp with time zone'], 'timestamp with time zone', ref('timestamptz')],
  [['time(2) with time zone', 'timetz(2)'], 'time(2) with time zone', ref('timetz', [2])],
  [['bit varying(8)', 'varbit(8)'], 'bit varying(8)', ref('varbit', [8])],
  [['text[]', 'text[][]', 'text[3]', 'text ARRAY'], 'text[]', ref('text', [], 1)],
  [['varchar(5)[]'], 'character varying(5)[]', ref('varchar', [5], 1)],
  [['citext', 'public.citext'], 'public.citext', ref('citext', [], 0, 'public')],
  [['"My Schema"."Mood ""Type"""[]'], '"My Schema"."Mood ""Type"""[]', ref('Mood "Type"', [], 1, 'My Schema')],
  [['"char"'], '"char"', ref('char')],
  // PostGIS: format_type prints the geometry kind as a word; the parser folds it as an identifier.
  [['geometry(Polygon,4326)', 'public.geometry(POLYGON, 4326)'], 'public.geometry(Polygon,4326)', ref('geometry', ['polygon', 4326], 0, 'public')],
];

describe('canonical type names', () => {
  before(() => loadParser());

  for (const [spellings, catalog, want] of CASES) {
    it(`${spellings.join(' = ')} = format_type '${catalog}'`, () => {
      // Declared dimensions are informational (type-ref.ts): the canonical type is the rest.
      for (const s of spellings) assert.deepEqual(withDeclaredDims(fromSource(s), 0), want, `source spelling ${s}`);
      assert.deepEqual(typeFromCatalog(catalog), want, `catalog spelling ${catalog}`);
    });
  }

  it('declared array dimensions are kept beside the canonical type and written back', () => {
    const grid = fromSource('integer[][]');
    assert.equal(grid.declaredDims, 2);
    assert.ok(sameType(grid, fromSource('integer[]')), 'the same type to PostgreSQL');
    assert.equal(typeToSql(grid), 'integer[][]');
    assert.equal(fromSource('integer[3]').declaredDims, undefined, 'one dimension is not recorded');
  });

  it('interval field restrictions keep their typmod, as format_type prints them', () => {
    const fields = fromSource('interval day to second(3)');
    assert.equal(fields.name, 'interval');
    assert.deepEqual(typeFromCatalog('interval day to second(3)'), fields);
    assert.equal(typeToSql(fields), 'interval day to second(3)');
    assert.deepEqual(typeFromCatalog('interval year to month'), fromSource('interval year to month'));
    assert.deepEqual(typeFromCatalog('interval(2)'), fromSource('interval(2)'));
    assert.equal(typeToSql(fromSource('interval minute')), 'interval minute');
    assert.ok(!sameType(fromSource('interval'), fromSource('interval hour')));
  });

  it('typeToSql reads back as the same type', () => {
    for (const [, , want] of CASES) assert.deepEqual(fromSource(typeToSql(want)), want, typeToSql(want));
    for (const s of ['timestamp(0) with time zone', 'time without time zone', 'interval hour to minute', 'bit(4)']) {
      assert.deepEqual(fromSource(typeToSql(fromSource(s))), fromSource(s), s);
    }
  });

  it('tells different types apart', () => {
    assert.ok(!sameType(fromSource('varchar(10)'), fromSource('varchar(20)')));
    assert.ok(!sameType(fromSource('int'), fromSource('int[]')));
    assert.ok(!sameType(fromSource('public.citext'), fromSource('ext.citext')));
    assert.ok(sameType(fromSource('int'), fromSource('integer')));
  });
});
