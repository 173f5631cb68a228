/**
 * Column and table attributes in the source (STORAGE, COMPRESSION, STATISTICS, options,
 * REPLICA IDENTITY, access method) and the PostgreSQL 17/18 column forms, without a server:
 * defaults written out are no difference (and leave the schema hash as it was), bad values are
 * errors at their place, and the statements follow the target major.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { schemaHash } from '../../src/core/model/compare.js';
import { plan } from '../../src/core/plan/plan.js';
import type { Schema } from '../../src/core/model/schema.js';

const parse = (sql: string): Schema => parseSchema([{ path: 'schema/a.sql', text: sql }]).schema;
const planSql = (from: Schema, to: Schema, serverVersionNum: number): string[] =>
  plan(from, to, { serverVersionNum }).steps.flatMap((s) => s.statements.map((x) => x.sql));

describe('column and table attributes in the source', () => {
  before(() => loadParser());

  it('defaults written out are no difference: the model and its hash are those of the plain schema', () => {
    const plain = parse('CREATE TABLE t (id int PRIMARY KEY, body text, n numeric, e int);');
    const spelled = parse([
      'SET default_table_access_method = heap;',
      'CREATE TABLE t (id int PRIMARY KEY, body text STORAGE EXTENDED COMPRESSION default, n numeric, e int) USING heap;',
      'ALTER TABLE ONLY t ALTER COLUMN n SET STORAGE MAIN, ALTER COLUMN e SET STORAGE PLAIN, ALTER COLUMN e SET STATISTICS -1;',
      'ALTER TABLE t ALTER COLUMN body SET (n_distinct = 5), ALTER COLUMN body RESET (n_distinct);',
      'ALTER TABLE t REPLICA IDENTITY FULL;',
      'ALTER TABLE t REPLICA IDENTITY DEFAULT;',
      'ALTER TABLE t ADD CONSTRAINT t_e_not_null NOT NULL e;',
      'ALTER TABLE t ALTER COLUMN e DROP NOT NULL;',
    ].join('\n'));
    assert.deepEqual(spelled.tables['public.t'], { ...plain.tables['public.t'], source: spelled.tables['public.t']!.source, columns: spelled.tables['public.t']!.columns });
    assert.equal(schemaHash(spelled), schemaHash(plain));
  });

  it('chosen attributes are in the model and change the hash', () => {
    const s = parse([
      'CREATE TABLE t (id int CONSTRAINT id_present NOT NULL, body text STORAGE EXTERNAL COMPRESSION pglz, v int GENERATED ALWAYS AS (id * 2));',
      'ALTER TABLE t ALTER COLUMN body SET STATISTICS 300, ALTER COLUMN body SET (n_distinct_inherited = -0.5, n_distinct = 10);',
      'ALTER TABLE t REPLICA IDENTITY NOTHING;',
    ].join('\n'));
    const t = s.tables['public.t']!;
    const [id, body, v] = t.columns;
    assert.equal(id!.notNullName, 'id_present');
    assert.deepEqual([body!.storage, body!.compression, body!.statisticsTarget, body!.options], ['external', 'pglz', 300, ['n_distinct=10', 'n_distinct_inherited=-0.5']]);
    assert.equal(v!.virtual, true, 'PostgreSQL 18 makes a generated column VIRTUAL unless STORED is written');
    assert.equal(t.replicaIdentity, 'nothing');
    assert.notEqual(schemaHash(s), schemaHash(parse('CREATE TABLE t (id int NOT NULL, body text, v int GENERATED ALWAYS AS (id * 2) STORED);')));
  });

  it('bad storage, compression and statistics values are errors at their place', () => {
    const cases: [string, RegExp][] = [
      ['CREATE TABLE t (\n  id int STORAGE EXTERNAL);', /schema\/a\.sql:2:3: column id of public\.t is of type integer, which can only have storage PLAIN/],
      ['CREATE TABLE t (\n  b text STORAGE squashed);', /schema\/a\.sql:2:3: invalid storage type "squashed"/],
      ['CREATE TABLE t (\n  b text COMPRESSION zstd);', /schema\/a\.sql:2:3: invalid compression method "zstd"/],
      ['CREATE TABLE t (b text);\nALTER TABLE t ALTER COLUMN b SET STATISTICS 20000;', /schema\/a\.sql:2:1: statistics target must be between -1 and 10000/],
      ['CREATE TABLE t (b text);\nALTER TABLE t ALTER COLUMN nope SET STORAGE MAIN;', /schema\/a\.sql:2:\d+: column nope of public\.t does not exist/],
      ['CREATE TABLE t (b text,\n  CONSTRAINT x NOT NULL nope);', /schema\/a\.sql:2:3: column nope named in NOT NULL does not exist in public\.t/],
      ['CREATE TABLE t (b int\n  NOT NULL NOT ENFORCED);', /schema\/a\.sql:2:\d+: misplaced NOT ENFORCED clause/],
    ];
    for (const [sql, message] of cases) assert.throws(() => parse(sql), (e: Error) => { assert.match(e.message, message); return true; }, sql);
  });

  it('STORAGE goes into CREATE TABLE from PostgreSQL 16, into an ALTER after it before; statistics and options always after', () => {
    const want = parse('CREATE TABLE t (id int, body text STORAGE EXTERNAL COMPRESSION pglz);\nALTER TABLE t ALTER COLUMN id SET STATISTICS 50;');
    const v16 = planSql(parse(""), want, 160000);
    assert.match(v16[0]!, /body text STORAGE EXTERNAL COMPRESSION pglz/);
    assert.deepEqual(v16.slice(1), ['ALTER TABLE public.t ALTER COLUMN id SET STATISTICS 50']);
    const v15 = planSql(parse(""), want, 150000);
    assert.match(v15[0]!, /body text COMPRESSION pglz\n/);
    assert.deepEqual(v15.slice(1), ['ALTER TABLE public.t ALTER COLUMN id SET STATISTICS 50', 'ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTERNAL']);
    // Back to the type's own storage: DEFAULT from 16, the type's storage by name before.
    const plain = parse('CREATE TABLE t (id int, body text COMPRESSION pglz);\nALTER TABLE t ALTER COLUMN id SET STATISTICS 50;');
    assert.deepEqual(planSql(want, plain, 160000), ['ALTER TABLE public.t ALTER COLUMN body SET STORAGE DEFAULT']);
    assert.deepEqual(planSql(want, plain, 140000), ['ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTENDED']);
  });

  it('a stored generated column\'s new expression is SET EXPRESSION from PostgreSQL 17, a drop and add before', () => {
    const from = parse('CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 1) STORED);');
    const to = parse('CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 2) STORED);');
    assert.deepEqual(planSql(from, to, 170000), ['ALTER TABLE public.t ALTER COLUMN g SET EXPRESSION AS (a + 2)']);
    assert.deepEqual(planSql(from, to, 160000), ['ALTER TABLE public.t DROP COLUMN g', 'ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS (a + 2) STORED']);
  });
});
