/**
 * Foreign data and publications in the source: the secret-option rule (names only, never a
 * value in the model), CURRENT_USER mappings, ALTER PUBLICATION applied in source order, and
 * refusals at the line that is wrong.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import { isSecretOption } from '../../src/core/canon/secret-options.js';
import { CURRENT_USER_MAPPING } from '../../src/core/model/foreign.js';

const parse = (text: string) => parseSchema([{ path: 'schema/f.sql', text }]).schema;
const problem = (text: string): string => {
  try { parse(text); } catch (e) { if (e instanceof DiagnosticError) return e.message; throw e; }
  return assert.fail('expected a DiagnosticError');
};

describe('foreign data and publications in the source', () => {
  before(() => loadParser());

  it('names like passwords, secrets, tokens and keys are secret; others are not', () => {
    for (const n of ['password', 'PASSWORD', 'passfile', 'sslpassword', 'api_key', 'sslkey', 'client_secret', 'auth_token', 'pwd', 'aws_credentials']) assert.ok(isSecretOption(n), n);
    for (const n of ['host', 'port', 'dbname', 'user', 'schema_name', 'table_name', 'fetch_size', 'column_name', 'filename', 'format']) assert.ok(!isSecretOption(n), n);
  });

  it('keeps secret options by name only: no value reaches the model', () => {
    const s = parse(`CREATE FOREIGN DATA WRAPPER w OPTIONS (api_key 'k-123');
CREATE SERVER s FOREIGN DATA WRAPPER w OPTIONS (host 'h', sslpassword 'p-456');
CREATE USER MAPPING FOR CURRENT_USER SERVER s OPTIONS (user 'u', password 'p-789');
CREATE FOREIGN TABLE t (a int OPTIONS (column_name 'x', token 't-000')) SERVER s OPTIONS (secret_name 'n-111', table_name 'tt');`);
    const json = JSON.stringify(s);
    for (const v of ['k-123', 'p-456', 'p-789', 't-000', 'n-111']) assert.ok(!json.includes(v), v);
    assert.deepEqual(s.foreignServers['s']?.options, ['host=h']);
    assert.deepEqual(s.foreignServers['s']?.secretOptions, ['sslpassword']);
    assert.deepEqual(s.userMappings[`${CURRENT_USER_MAPPING}@s`]?.secretOptions, ['password']);
    assert.deepEqual(s.tables['public.t']?.foreign, { server: 's', options: ['table_name=tt'], secretOptions: ['secret_name'] });
    assert.deepEqual(s.tables['public.t']?.columns[0]?.fdwOptions, ['column_name=x']);
    assert.deepEqual(s.tables['public.t']?.columns[0]?.fdwSecretOptions, ['token']);
  });

  it('applies ALTER PUBLICATION in source order, as pg_dump writes a publication', () => {
    const s = parse(`CREATE TABLE a (id int); CREATE TABLE b (id int, x int);
CREATE PUBLICATION p WITH (publish = 'insert, delete');
ALTER PUBLICATION p ADD TABLE ONLY a;
ALTER PUBLICATION p ADD TABLE b (x, id) WHERE (x > 0);
ALTER PUBLICATION p DROP TABLE a;
ALTER PUBLICATION p SET (publish_via_partition_root = true);`);
    const p = s.publications['p']!;
    assert.deepEqual(p.publish, ['insert', 'delete']);
    assert.equal(p.viaPartitionRoot, true);
    assert.deepEqual(p.tables.map((t) => [t.table.name, t.columns, t.where?.canon ?? null]), [['b', ['id', 'x'], 'x > 0']]);
  });

  it('refuses what PostgreSQL would, at the line', () => {
    assert.match(problem('CREATE FOREIGN DATA WRAPPER w;\nCREATE SERVER s FOREIGN DATA WRAPPER w;\nCREATE FOREIGN TABLE t (id int PRIMARY KEY) SERVER s;'),
      /schema\/f\.sql:3:\d+: foreign table public\.t cannot have a primary key constraint/);
    assert.match(problem("CREATE PUBLICATION p WITH (publish = 'insert, upsert');"), /schema\/f\.sql:1:\d+: unrecognized value for publication option "publish": "upsert"/);
    assert.match(problem('CREATE TABLE a (id int);\nALTER PUBLICATION nowhere ADD TABLE a;'), /schema\/f\.sql:2:1: ALTER PUBLICATION names publication nowhere, which is declared nowhere/);
    assert.match(problem('CREATE SERVER s FOREIGN DATA WRAPPER w;\nCREATE SERVER s FOREIGN DATA WRAPPER w;'), /schema\/f\.sql:2:1: server s is already declared at schema\/f\.sql:1/);
  });
});
