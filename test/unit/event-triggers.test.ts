/**
 * Event triggers in the source: what is read (event, upper-cased sorted tags, function, the
 * enabled state from ALTER EVENT TRIGGER), what is refused where it is written, and the login
 * event refused at plan time before PostgreSQL 17.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { plan } from '../../src/core/plan/plan.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const parse = (text: string) => parseSchema([{ path: 'schema/e.sql', text }]).schema;
const problem = (text: string): string => {
  try { parse(text); } catch (e) { if (e instanceof DiagnosticError) return e.message; throw e; }
  return assert.fail('expected a DiagnosticError');
};

describe('event triggers in the source', () => {
  before(() => loadParser());

  it('reads event, tags, function and the last enabled state', () => {
    const s = parse(`CREATE EVENT TRIGGER e ON ddl_command_start WHEN TAG IN ('drop table', 'CREATE TABLE') AND TAG IN ('alter table')
  EXECUTE FUNCTION audit.f();
ALTER EVENT TRIGGER e DISABLE;
ALTER EVENT TRIGGER e ENABLE ALWAYS;
CREATE EVENT TRIGGER g ON sql_drop EXECUTE PROCEDURE g_fn();`);
    assert.deepEqual(s.eventTriggers['e'], {
      kind: 'event trigger', name: 'e', event: 'ddl_command_start', tags: ['ALTER TABLE', 'CREATE TABLE', 'DROP TABLE'],
      function: { schema: 'audit', name: 'f' }, enabled: 'always', source: { file: 'schema/e.sql', line: 1, column: 1 },
    });
    assert.deepEqual(s.eventTriggers['g']?.function, { schema: 'public', name: 'g_fn' });
    assert.equal(s.eventTriggers['g']?.enabled, 'origin');
  });

  it('refuses unknown events, filter variables, duplicates and ALTER of an undeclared one, at their place', () => {
    assert.match(problem("SELECT 1 WHERE false;\nCREATE EVENT TRIGGER e ON ddl_finished EXECUTE FUNCTION f();"), /unrecognized event name "ddl_finished"/);
    assert.match(problem("CREATE EVENT TRIGGER e ON ddl_command_end WHEN role IN ('x') EXECUTE FUNCTION f();"), /^schema\/e\.sql:1:\d+: unrecognized filter variable "role"/);
    assert.match(problem('CREATE EVENT TRIGGER e ON sql_drop EXECUTE FUNCTION f();\nCREATE EVENT TRIGGER e ON sql_drop EXECUTE FUNCTION f();'),
      /^schema\/e\.sql:2:1: event trigger e is already declared at schema\/e\.sql:1/);
    assert.match(problem('ALTER EVENT TRIGGER nope DISABLE;'), /^schema\/e\.sql:1:1: ALTER EVENT TRIGGER names event trigger nope, which is declared nowhere/);
  });

  it('refuses the login event before PostgreSQL 17, at the source line', () => {
    const desired = parse('\nCREATE EVENT TRIGGER on_login ON login EXECUTE FUNCTION f();');
    assert.throws(() => plan(emptySchema(), desired, { serverVersionNum: 160004 }),
      /schema\/e\.sql:2:1: event trigger on_login uses the login event, which PostgreSQL 16 does not support \(it needs PostgreSQL 17 or later\)/);
  });
});
