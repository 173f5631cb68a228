/**
 * ALTER INDEX ... ALTER COLUMN n SET STATISTICS in the source, without a server: the target is
 * part of the index, a default written out is no difference, a statement PostgreSQL would refuse
 * is an error at its place, and a new index gets its targets right after it is built.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { schemaHash } from '../../src/core/model/compare.js';
import { plan } from '../../src/core/plan/plan.js';
import type { Schema } from '../../src/core/model/schema.js';

const parse = (sql: string): Schema => parseSchema([{ path: 'schema/a.sql', text: sql }]).schema;
const planSql = (from: Schema, to: Schema): string[] =>
  plan(from, to, { serverVersionNum: 180000 }).steps.flatMap((s) => s.statements.map((x) => x.sql));

const TABLE = 'CREATE TABLE t (id int, a text, b int);\nCREATE INDEX t_x ON t (lower(a), b, (b + 1)) INCLUDE (id);\n';

describe('index statistics targets in the source', () => {
  before(() => loadParser());

  it('a target is part of its index; the last statement wins and -1 is the default', () => {
    const s = parse(`${TABLE}ALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 300;\nALTER INDEX public.t_x ALTER 3 SET STATISTICS 5, ALTER COLUMN 3 SET STATISTICS 0;`);
    assert.deepEqual(s.indexes['public.t_x']!.statisticsTargets, { 1: 300, 3: 0 });
    const reset = parse(`${TABLE}ALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 300;\nALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS -1;`);
    assert.equal(reset.indexes['public.t_x']!.statisticsTargets, undefined);
    assert.equal(schemaHash(reset), schemaHash(parse(TABLE)));
    // IF EXISTS of an index nothing declares changes nothing (the source builds from an empty database).
    assert.equal(schemaHash(parse(`${TABLE}ALTER INDEX IF EXISTS gone ALTER COLUMN 1 SET STATISTICS 10;`)), schemaHash(parse(TABLE)));
  });

  it('statements PostgreSQL refuses are errors at their place', () => {
    const cases: [string, RegExp][] = [
      [`${TABLE}ALTER INDEX\n  nope ALTER COLUMN 1 SET STATISTICS 10;`, /schema\/a\.sql:4:3: ALTER INDEX names index public\.nope, which is declared nowhere/],
      [`${TABLE}ALTER INDEX t_x ALTER COLUMN 2 SET STATISTICS 10;`, /schema\/a\.sql:3:13: cannot alter statistics on non-expression column 2 \(b\) of index public\.t_x/],
      [`${TABLE}ALTER INDEX t_x ALTER COLUMN 4 SET STATISTICS 10;`, /schema\/a\.sql:3:13: cannot alter statistics on included column 4 of index public\.t_x/],
      [`${TABLE}ALTER INDEX t_x ALTER COLUMN 9 SET STATISTICS 10;`, /schema\/a\.sql:3:13: column number 9 of index public\.t_x does not exist/],
      [`${TABLE}ALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 10001;`, /schema\/a\.sql:3:13: statistics target must be between -1 and 10000/],
      [`${TABLE}ALTER INDEX t_x ALTER COLUMN lower SET STATISTICS 10;`, /schema\/a\.sql:3:13: ALTER INDEX \.\.\. ALTER COLUMN <name> SET STATISTICS \(name the column by its number\) is not supported yet/],
      // `(a)` is the column a itself to PostgreSQL, not an expression.
      ['CREATE TABLE t (a text);\nCREATE INDEX t_a ON t ((a));\nALTER INDEX t_a ALTER COLUMN 1 SET STATISTICS 10;', /schema\/a\.sql:3:13: cannot alter statistics on non-expression column 1 \(a\)/],
      ['CREATE TABLE t (a text UNIQUE);\nALTER INDEX t_a_key ALTER COLUMN 1 SET STATISTICS 10;', /schema\/a\.sql:2:13: .*names the index of constraint t_a_key on public\.t: statistics targets of constraint indexes are not supported yet/],
    ];
    for (const [sql, message] of cases) assert.throws(() => parse(sql), (e: Error) => { assert.match(e.message, message); return true; }, sql);
  });

  it('a new index gets its targets right after CREATE INDEX; a kept one only the columns that change', () => {
    const want = parse(`${TABLE}ALTER INDEX t_x ALTER COLUMN 3 SET STATISTICS 20;\nALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 10;`);
    const created = planSql(parse(''), want);
    assert.deepEqual(created.slice(-3), [
      'CREATE INDEX t_x ON public.t ((lower(a)), b, (b + 1)) INCLUDE (id)',
      'ALTER INDEX public.t_x ALTER COLUMN 1 SET STATISTICS 10',
      'ALTER INDEX public.t_x ALTER COLUMN 3 SET STATISTICS 20',
    ]);
    const live = parse(`${TABLE}ALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 10;\nALTER INDEX t_x ALTER COLUMN 3 SET STATISTICS 99;`);
    assert.deepEqual(planSql(live, want), ['ALTER INDEX public.t_x ALTER COLUMN 3 SET STATISTICS 20']);
    assert.deepEqual(planSql(want, parse(TABLE)), ['ALTER INDEX public.t_x ALTER COLUMN 1 SET STATISTICS -1', 'ALTER INDEX public.t_x ALTER COLUMN 3 SET STATISTICS -1']);
  });
});
