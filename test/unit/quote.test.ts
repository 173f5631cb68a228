/**
 * Identifier and literal quoting (emit/sql/quote.ts): whatever quoteIdent / quoteLiteral print,
 * PostgreSQL's grammar reads back as exactly the raw name or value.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, parseStatements } from '../../src/core/parse/pg-query.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../src/core/emit/sql/quote.js';

const TRICKY = [
  'users', 'Users', 'MixedCase', 'with space', 'a"b', '"', '""', 'ends"', 'select', 'table', 'user', 'from', 'order',
  'between', 'int', 'integer', 'timestamp', 'authorization', 'current_user', 'is', 'like', 'only', 'analyse', 'name',
  'type', 'value', 'é', 'café', '日本', 'テーブル', 'Séq №1', '1abc', 'a$b', '$a', '_x', 'a-b', 'a.b', "it's", 'back\\slash',
  ' lead', 'trail ', 'UPPER', 'x'.repeat(63), 'tab\there',
];

describe('quoteIdent', () => {
  before(() => loadParser());

  it('round-trips through the grammar as schema, table, column, index and type names', () => {
    for (const n of TRICKY) {
      const q = quoteIdent(n);
      const table = parseStatements(`CREATE TABLE ${quoteQualified({ schema: n, name: n })} (${q} ${quoteQualified({ schema: n, name: n })})`)[0]!.node['CreateStmt'];
      assert.equal(table.relation.schemaname, n, `schema ${q}`);
      assert.equal(table.relation.relname, n, `table ${q}`);
      const col = table.tableElts[0].ColumnDef;
      assert.equal(col.colname, n, `column ${q}`);
      assert.deepEqual(col.typeName.names.map((x: { String: { sval: string } }) => x.String.sval), [n, n], `type ${q}`);
      const idx = parseStatements(`CREATE INDEX ${q} ON t (${q})`)[0]!.node['IndexStmt'];
      assert.equal(idx.idxname, n, `index ${q}`);
      assert.equal(idx.indexParams[0].IndexElem.name, n, `index column ${q}`);
      const con = parseStatements(`ALTER TABLE t ADD CONSTRAINT ${q} CHECK (${q} > 0)`)[0]!.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint;
      assert.equal(con.conname, n, `constraint ${q}`);
    }
  });

  it('leaves plain lower-case names alone and quotes everything else', () => {
    assert.equal(quoteIdent('users'), 'users');
    assert.equal(quoteIdent('_x$1'), '_x$1');
    assert.equal(quoteIdent('name'), 'name'); // unreserved keyword: fine bare
    assert.equal(quoteIdent('Users'), '"Users"');
    assert.equal(quoteIdent('select'), '"select"');
    assert.equal(quoteIdent('a"b'), '"a""b"');
    assert.equal(quoteIdent('é'), '"é"');
  });
});

describe('quoteLiteral', () => {
  before(() => loadParser());

  it('round-trips strings with quotes, backslashes and non-ASCII', () => {
    for (const v of ["it's", 'say "hi"', 'back\\slash', "\\'", "''", '', 'Ünïcode 日本', 'tab\there', 'line\nbreak', '%_']) {
      const c = parseStatements(`SELECT ${quoteLiteral(v)}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val.A_Const;
      assert.equal(c.sval?.sval ?? '', v, quoteLiteral(v));
    }
  });
});
