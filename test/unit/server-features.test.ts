/**
 * Source features newer than the target server (core/plan/server-features.ts) are refused at
 * plan time with the source location, instead of failing half-way through apply.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { plan } from '../../src/core/plan/plan.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const SOURCE = `CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE t (
  id int,
  code text,
  pid int,
  CONSTRAINT t_code_key UNIQUE NULLS NOT DISTINCT (code)
);
CREATE UNIQUE INDEX t_pid ON t (pid) NULLS NOT DISTINCT;
`;

describe('features the server does not have', () => {
  before(() => loadParser());

  it('refuses NULLS NOT DISTINCT on PostgreSQL 14, pointing at each use', () => {
    const desired = parseSchema([{ path: 'schema/t.sql', text: SOURCE }]).schema;
    assert.throws(() => plan(emptySchema(), desired, { serverVersionNum: 140012 }), (e: unknown) => {
      assert.ok(e instanceof DiagnosticError);
      assert.equal(e.diagnostics.length, 2);
      assert.match(e.message, /^schema\/t\.sql:6:\d+: constraint t_code_key .*NULLS NOT DISTINCT.*PostgreSQL 14 .*PostgreSQL 15 or later/m);
      assert.match(e.message, /^schema\/t\.sql:8:\d+: index public\.t_pid /m);
      return true;
    });
  });

  it('plans it on PostgreSQL 15 and later', () => {
    const desired = parseSchema([{ path: 'schema/t.sql', text: SOURCE }]).schema;
    const p = plan(emptySchema(), desired, { serverVersionNum: 150004 });
    assert.ok(p.steps.some((s) => s.statements.some((st) => /NULLS NOT DISTINCT/.test(st.sql))));
  });
});
