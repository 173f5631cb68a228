/**
 * canon/catalog-batch.ts parses many catalog texts in one parser call: its results must equal
 * catalog.ts's one-at-a-time results exactly, and a batch that does not parse or split cleanly
 * must fall back to one at a time (errors then belong to their own text).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { constraintFromCatalog, defaultFromCatalog, indexFromCatalog } from '../../src/core/canon/catalog.js';
import { constraintBuilders, defaultBuilders, indexBuilders } from '../../src/core/canon/catalog-batch.js';

before(() => loadParser());

const INDEXES = [
  'CREATE INDEX t_a_idx ON public.t USING btree (a)',
  'CREATE UNIQUE INDEX "T;x" ON app."Mixed" USING btree (lower((email)::text)) WHERE ((email IS NOT NULL) AND is_active)',
  "CREATE INDEX t_b_idx ON public.t USING gin (b gin_trgm_ops) WITH (fastupdate='off')",
  "CREATE INDEX t_c_idx ON public.t USING btree (c DESC NULLS LAST) INCLUDE (d) WHERE (c <> 'a;b'::text)",
];
const CONSTRAINTS = [
  'PRIMARY KEY (id)',
  "CHECK ((status = ANY (ARRAY['a'::text, 'b;c'::text])))",
  'FOREIGN KEY (parent_id) REFERENCES app.t1(id) ON DELETE CASCADE DEFERRABLE',
  "UNIQUE (a) INCLUDE (c) WITH (fillfactor='60')",
  'EXCLUDE USING gist (during WITH &&)',
];
const DEFAULTS = ['0', 'now()', 'NULL::text', "'{}'::jsonb", "nextval('public.s'::regclass)", "'a;b'::text", 'false'];

describe('catalog texts parsed in one call', () => {
  it('give what one call per text gives', () => {
    const idx = indexBuilders(INDEXES);
    INDEXES.forEach((d, i) => assert.deepEqual(idx[i]!(), indexFromCatalog(d)));
    const con = constraintBuilders(CONSTRAINTS);
    const table = { schema: 'public', name: 't' };
    CONSTRAINTS.forEach((d, i) => assert.deepEqual(con[i]!(table, `c${i}`), constraintFromCatalog({ table, name: `c${i}`, definition: d })));
    const dfl = defaultBuilders(DEFAULTS);
    DEFAULTS.forEach((d, i) => assert.deepEqual(dfl[i]!(), defaultFromCatalog(d)));
    assert.equal(dfl[2]!(), null);
  });

  it('fall back to one text at a time when the batch does not parse or split 1:1', () => {
    const bad = [...INDEXES.slice(0, 2), 'CREATE INDEX broken ON', INDEXES[2]!];
    const b = indexBuilders(bad);
    assert.deepEqual(b[0]!(), indexFromCatalog(INDEXES[0]!));
    assert.deepEqual(b[3]!(), indexFromCatalog(INDEXES[2]!));
    assert.throws(() => b[2]!());
    const two = defaultBuilders(['1); SELECT (2', '3']);
    assert.throws(() => two[0]!());
    assert.deepEqual(two[1]!(), defaultFromCatalog('3'));
  });
});
