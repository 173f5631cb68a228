/**
 * Canonical expressions (canon/expressions.ts, canon/literals.ts): what people write in schema
 * source and what the catalog prints for it (pg_get_expr, pg_get_constraintdef) give the same
 * canonical text; different meanings do not.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, parseStatements } from '../../src/core/parse/pg-query.js';
import { defaultExprFromNode, exprFromNode } from '../../src/core/canon/expressions.js';
import { constraintFromCatalog, defaultFromCatalog } from '../../src/core/canon/catalog.js';
import { constraintFromNode } from '../../src/core/canon/constraints.js';
import { bitStringDigits, canonicalArrayLiteral, canonicalInterval, canonicalMoney, canonicalNumeric, canonicalUuid, parseBoolLiteral } from '../../src/core/canon/literals.js';
import type { TypeRef } from '../../src/core/model/type-ref.js';

const expr = (sql: string): string => exprFromNode(parseStatements(`SELECT ${sql}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val).canon;

/** A CHECK as written in source vs. as pg_get_constraintdef prints it. */
const sourceCheck = (sql: string): string => {
  const node = parseStatements(`ALTER TABLE t ADD CHECK (${sql})`)[0]!.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint;
  return constraintFromNode({ table: { schema: 'public', name: 't' }, name: 'c', node, source: null }).definition.canon;
};
const catalogCheck = (def: string): string => constraintFromCatalog({ table: { schema: 'public', name: 't' }, name: 'c', definition: def }).definition.canon;

const type = (name: string, schema: string | null = null, modifiers: number[] = []): TypeRef => ({ schema, name, modifiers, arrayDims: 0 });
const sourceDefault = (sql: string, t: TypeRef): string =>
  defaultExprFromNode(parseStatements(`SELECT ${sql}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val, t).canon;
const catalogDefault = (text: string): string | undefined => defaultFromCatalog(text)?.canon;

describe('canonical CHECK expressions', () => {
  before(() => loadParser());

  const SAME: [string, string][] = [
    ["status IN ('a','b')", "CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))"],
    ["kind IN ('x', 'y')", "CHECK (((kind)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[])))"],
    ["qty NOT IN (3, 4)", 'CHECK ((qty <> ALL (ARRAY[3, 4])))'],
    ['price > 0', 'CHECK ((price > (0)::numeric))'],
    ['price >= 0.5', "CHECK ((price >= 0.5))"],
    ['qty BETWEEN 1 AND 10', 'CHECK (((qty >= 1) AND (qty <= 10)))'],
    ['qty NOT BETWEEN 1 AND 10', 'CHECK (((qty < 1) OR (qty > 10)))'],
    ["code LIKE 'A%'", "CHECK ((code ~~ 'A%'::text))"],
    ["code NOT ILIKE '%z'", "CHECK ((code !~~* '%z'::text))"],
    ['a > 0 AND b > 0 AND c > 0', 'CHECK (((a > 0) AND (b > 0) AND (c > 0)))'],
    ['qty::numeric < price * 2', 'CHECK (((qty)::numeric < (price * (2)::numeric)))'],
    ['length(code) < 10', 'CHECK ((length(code) < 10))'],
    ['flag IS NOT NULL', 'CHECK ((flag IS NOT NULL))'],
    // IN lists as transformAExprIn builds them: one item is a plain comparison, items with
    // columns are separate comparisons.
    ['a IN (1)', 'CHECK ((a = 1))'],
    ["v NOT IN ('x')", "CHECK (((v)::text <> 'x'::text))"],
    ['a IN (1, 2, b)', 'CHECK (((a = ANY (ARRAY[1, 2])) OR (a = b)))'],
    ['a IN (1, b)', 'CHECK (((a = 1) OR (a = b)))'],
    ['a BETWEEN SYMMETRIC 1 AND 10', 'CHECK ((((a >= 1) AND (a <= 10)) OR ((a >= 10) AND (a <= 1))))'],
    ['a NOT BETWEEN SYMMETRIC 1 AND 10', 'CHECK ((((a < 1) OR (a > 10)) AND ((a < 10) OR (a > 1))))'],
    ["s SIMILAR TO 'x%'", "CHECK ((s ~ similar_to_escape('x%'::text)))"],
    ['a IS NOT DISTINCT FROM b', 'CHECK ((NOT (a IS DISTINCT FROM b)))'],
    ['ROW(a, b) <> ROW(1, 2)', 'CHECK (((a <> 1) OR (b <> 2)))'],
    ['(a, b) = (1, 2)', 'CHECK (((a = 1) AND (b = 2)))'],
    ['CASE WHEN a > 0 THEN b > 0 END', 'CHECK ((CASE WHEN (a > 0) THEN (b > 0) ELSE NULL::boolean END))'],
    ['lower(current_user) <> s', 'CHECK ((lower((CURRENT_USER)::text) <> s))'],
  ];
  for (const [src, cat] of SAME) it(`${src}  ≡  ${cat}`, () => assert.equal(sourceCheck(src), catalogCheck(cat)));

  it('keeps different meanings apart', () => {
    assert.notEqual(sourceCheck('price > 0'), sourceCheck('price >= 0'));
    assert.notEqual(sourceCheck("status IN ('a','b')"), sourceCheck("status IN ('a','b','c')"));
    assert.notEqual(sourceCheck('qty BETWEEN 1 AND 10'), sourceCheck('qty BETWEEN 1 AND 11'));
    assert.notEqual(sourceCheck("code LIKE 'A%'"), sourceCheck("code ILIKE 'A%'"));
    assert.notEqual(sourceCheck('a > 0 OR b > 0'), sourceCheck('a > 0 AND b > 0'));
  });

  it('NO INHERIT is part of the definition, NOT VALID is not', () => {
    assert.equal(sourceCheck('a > 0'), catalogCheck('CHECK ((a > 0)) NOT VALID'));
    assert.notEqual(catalogCheck('CHECK ((a > 0)) NO INHERIT'), catalogCheck('CHECK ((a > 0))'));
  });
});

describe('canonical defaults', () => {
  before(() => loadParser());

  const int4 = type('int4');
  const SAME: [string, TypeRef, string][] = [
    ['-1', int4, '\'-1\'::integer'],
    ["'7'", int4, '7'],
    ['1e3', type('numeric'), "'1000'::numeric"],
    ['1.5e1', type('numeric'), "'15'::numeric"],
    ['1.50', type('float8'), '1.50'],
    ['-0.5', type('numeric'), "'-0.5'::numeric"],
    ['3000000000', type('int8'), "'3000000000'::bigint"],
    ["'f'", type('bool'), 'false'],
    ["'yes'", type('bool'), 'true'],
    ["'1 hour'", type('interval'), "'01:00:00'::interval"],
    ["interval '90 minutes'", type('interval'), "'01:30:00'::interval"],
    ["'{}'::jsonb", type('jsonb'), "'{}'::jsonb"],
    ["'{}'", { ...int4, arrayDims: 1 }, "'{}'::integer[]"],
    ["'member'", type('role', 'public'), "'member'::public.role"],
    ['now()', type('timestamptz'), 'now()'],
    ['CURRENT_TIMESTAMP', type('timestamptz'), 'CURRENT_TIMESTAMP'],
    ["nextval('users_id_seq')", int4, "nextval('public.users_id_seq'::regclass)"],
    ['nextval(\'"My Seq"\'::regclass)', int4, 'nextval(\'public."My Seq"\'::regclass)'],
    ["lower('X' || 'y')", type('text'), "lower(('X'::text || 'y'::text))"],
    ['-1.5::numeric', type('numeric'), "'-1.5'::numeric"],
    ['-(2)', int4, "'-2'::integer"],
    ["x'1F'", type('bit', null, [8]), "'00011111'::\"bit\""],
    ["b'0101'", type('varbit', null, [10]), "'0101'::\"bit\""],
    ["money '1.00'", type('money'), "'$1.00'::money"],
    ["'1.999'", type('money'), "'$2.00'::money"],
    ["'-$1,234.5'::money", type('money'), "'-$1,234.50'::money"],
    ["interval '1' year", type('interval'), "'1 year'::interval"],
    ["interval '1.5' year", type('interval'), "'1 year'::interval"],
    ["interval '90' minute", type('interval'), "'01:30:00'::interval"],
    ["interval '1 day 02:30' day to hour", type('interval'), "'1 day 02:00:00'::interval"],
    ["ARRAY[current_date::text]::text[]", { ...type('text'), arrayDims: 1 }, 'ARRAY[(CURRENT_DATE)::text]'],
    ["'{1, 2}'", { ...int4, arrayDims: 1 }, "'{1,2}'::integer[]"],
    ["'{t, no}'::bool[]", { ...type('bool'), arrayDims: 1 }, "'{t,f}'::boolean[]"],
    ["'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", type('uuid'), "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"],
  ];
  for (const [src, t, cat] of SAME) it(`${src}  ≡  ${cat}`, () => assert.equal(sourceDefault(src, t), catalogDefault(cat)));

  it('a NULL default is no default', () => assert.equal(catalogDefault('NULL::integer'), undefined));

  it('records the sequences and types a default uses', () => {
    const d = defaultFromCatalog("nextval('app.\"Séq\"'::regclass)")!;
    assert.deepEqual(d.refs, ['sequence:app.Séq']);
    assert.deepEqual(defaultFromCatalog("'a'::public.color")!.refs, ['type:public.color']);
    // Calls of routines are facts too (by name: a default cannot tell overloads apart).
    assert.ok(defaultFromCatalog('app.next_code(3)')!.refs.includes('fname:app.next_code'));
  });

  it('keeps different values apart', () => {
    assert.notEqual(sourceDefault("'t'", type('bool')), sourceDefault("'f'", type('bool')));
    assert.notEqual(sourceDefault('1.5', type('numeric')), sourceDefault('15', type('numeric')));
    assert.notEqual(sourceDefault("'1 hour'", type('interval')), sourceDefault("'1 day'", type('interval')));
  });

  it('plain expressions', () => {
    assert.equal(expr('(1 + 2) * 3'), expr('((1 + 2) * 3)'));
    assert.equal(expr('(a, b) > (0, 0)'), expr('ROW(a, b) > ROW(0, 0)'));
    assert.equal(expr("jsonb_extract_path_text(col, 'foo', 'bar')"), expr("jsonb_extract_path_text(col, VARIADIC ARRAY['foo', 'bar'])"));
    assert.notEqual(expr("f(VARIADIC ARRAY['x'])"), expr("f(ARRAY['x'])"));
    assert.notEqual(expr("ARRAY[]::int[]"), expr("ARRAY[]::text[]"));
    assert.equal(expr('pg_catalog.now()'), expr('now()'));
  });
});

describe('literals as the catalog prints them', () => {
  it('numeric_out', () => {
    const cases: [string, string][] = [
      ['1e3', '1000'], ['1.50', '1.50'], ['1.5e1', '15'], ['1e-2', '0.01'], ['-0.001', '-0.001'], ['-1e-3', '-0.001'],
      ['.5', '0.5'], ['5.', '5'], ['007', '7'], ['-0.0', '0.0'], ['1E+2', '100'], ['12.345e1', '123.45'],
    ];
    for (const [i, o] of cases) assert.equal(canonicalNumeric(i), o, i);
    assert.equal(canonicalNumeric('NaN'), null);
    assert.equal(canonicalNumeric('1.2.3'), null);
  });

  it('boolean input', () => {
    for (const t of ['t', 'TRUE', 'tr', 'y', 'yes', 'on', '1', ' true ']) assert.equal(parseBoolLiteral(t), true, t);
    for (const f of ['f', 'false', 'n', 'no', 'off', 'of', '0']) assert.equal(parseBoolLiteral(f), false, f);
    for (const x of ['o', 'maybe', '2', '']) assert.equal(parseBoolLiteral(x), null, x);
  });

  it('interval_out (IntervalStyle postgres)', () => {
    const cases: [string, string][] = [
      ['1 hour', '01:00:00'], ['90 minutes', '01:30:00'], ['1 day', '1 day'], ['2 days', '2 days'], ['30 days', '30 days'],
      ['1 year 2 months', '1 year 2 mons'], ['14 months', '1 year 2 mons'], ['1 week', '7 days'], ['90', '00:01:30'],
      ['1 day 02:03:04', '1 day 02:03:04'], ['1.5 seconds', '00:00:01.5'], ['@ 1 day ago', '-1 days'],
      ['-1 day +2 hours', '-1 days +02:00:00'], ['0', '00:00:00'], ['1 hour 30 minutes', '01:30:00'], ['2 decades', '20 years'],
      ['-01:30', '-01:30:00'], ['1 mon -1 day', '1 mon -1 days'],
    ];
    for (const [i, o] of cases) assert.equal(canonicalInterval(i), o, i);
    assert.equal(canonicalInterval('P1D'), null); // ISO 8601 form: not understood, kept as written
    assert.equal(canonicalInterval('1.5 months'), null);
  });

  it('interval input with a field qualifier (typmod mask) truncates below its last field', () => {
    const YEAR = 4, MONTH = 2, DAY = 8, HOUR = 1024, MINUTE = 2048, SECOND = 4096;
    const cases: [string, number, string][] = [
      ['1', YEAR, '1 year'], ['1.5', YEAR, '1 year'], ['2', MONTH, '2 mons'], ['14', YEAR | MONTH, '1 year 2 mons'],
      ['1', DAY, '1 day'], ['1 day 02:30', DAY | HOUR, '1 day 02:00:00'], ['90', MINUTE, '01:30:00'],
      ['3', HOUR, '03:00:00'], ['1 day 10:11:12', DAY, '1 day'], ['7', SECOND, '00:00:07'],
    ];
    for (const [i, mask, o] of cases) assert.equal(canonicalInterval(i, [mask]), o, `${i} / ${mask}`);
    assert.equal(canonicalInterval('1', [YEAR, 3]), null);
  });

  it('cash_in rounding to cents, without the locale\'s currency text', () => {
    const cases: [string, string][] = [
      ['1', '1.00'], ['1.00', '1.00'], ['$1.00', '1.00'], ['1.999', '2.00'], ['1.994', '1.99'], ['-$1,234.5', '-1234.50'],
      ['($3.25)', '-3.25'], ['.5', '0.50'], ['0', '0.00'],
    ];
    for (const [i, o] of cases) assert.equal(canonicalMoney(i), o, i);
    assert.equal(canonicalMoney('1.2.3'), null);
    assert.equal(canonicalMoney('EUR 5'), null);
  });

  it('uuid_out and array_out', () => {
    assert.equal(canonicalUuid('{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    assert.equal(canonicalUuid('a0eebc999c0b4ef8bb6d6bb9bd380a11'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    assert.equal(canonicalUuid('a0eebc99'), null);
    const num = (v: string) => canonicalNumeric(v);
    assert.equal(canonicalArrayLiteral('{1, 2, 03}', num), '{1,2,3}');
    assert.equal(canonicalArrayLiteral(' { } ', num), '{}');
    assert.equal(canonicalArrayLiteral('{ a , "b c", NULL, "NULL", "" }', (v) => v), '{a,"b c",NULL,"NULL",""}');
    assert.equal(canonicalArrayLiteral('{"a\\"b", "c\\\\d"}', (v) => v), '{"a\\"b","c\\\\d"}');
    assert.equal(canonicalArrayLiteral('{{1,2},{3,4}}', num), null);
    assert.equal(canonicalArrayLiteral('[1:2]={1,2}', num), null);
    assert.equal(canonicalArrayLiteral('{x}', num), null);
  });

  it('bit strings in binary digits', () => {
    assert.equal(bitStringDigits('x1F'), '00011111');
    assert.equal(bitStringDigits('b0101'), '0101');
    assert.equal(bitStringDigits('xZZ'), null);
  });
});
