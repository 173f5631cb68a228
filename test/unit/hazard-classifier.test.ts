/**
 * The hazard classifier, pure: hand-written migration statements (as `migrate apply` reads them)
 * and plans between two parsed models, against a live model with table sizes. One test per
 * hazard type, for the file side and the plan side.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser, parseStatements } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { plan } from '../../src/core/plan/plan.js';
import type { Schema } from '../../src/core/model/schema.js';
import { DEFAULT_HAZARD_SETTINGS, newRunState, type LiveFacts, type TableSize } from '../../src/core/hazards/context.js';
import { classifyStatement, massDrop } from '../../src/core/hazards/statements.js';

const model = (sql: string): Schema => parseSchema([{ path: 'schema/s.sql', text: sql }]).schema;

const LIVE = `
CREATE TABLE users (id bigint PRIMARY KEY, email text, name varchar(100), score numeric(10,2), born timestamptz,
  full_name text GENERATED ALWAYS AS (name || '!') STORED);
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, org_id bigint, note text);
CREATE SEQUENCE counter;
CREATE TABLE t1 (id int); CREATE TABLE t2 (id int); CREATE TABLE t3 (id int); CREATE TABLE t4 (id int);
`;
const small: TableSize = { rows: 10, pages: 1, bytes: 8192 };
const huge: TableSize = { rows: 100_000_000, pages: 1_250_000, bytes: 1_250_000 * 8192 };
const empty: TableSize = { rows: 0, pages: 0, bytes: 0 };
const facts = (routines: LiveFacts['routines'] = []): LiveFacts => ({
  sizes: { 'public.users': small, 'public.orgs': small, 'public.big': huge, 'public.t1': empty, 'public.t2': empty, 'public.t3': empty, 'public.t4': empty },
  routines,
});

/** Hazards of a hand-written file, as `type object` strings. */
const classify = (sql: string, f: LiveFacts = facts(), settings = DEFAULT_HAZARD_SETTINGS) => {
  const st = newRunState(model(LIVE), f, settings);
  const hs = parseStatements(sql).flatMap((s) => classifyStatement(s.node, st));
  const m = massDrop(st);
  return (m ? [...hs, m] : hs);
};
const types = (sql: string, f?: LiveFacts) => classify(sql, f).map((h) => `${h.type} ${h.object}`);

describe('statement classifier (hand-written files)', () => {
  before(() => loadParser());

  it('DATA_LOSS: dropped tables, columns, sequences, truncates, unbounded deletes, value-cutting type changes', () => {
    assert.deepEqual(types('DROP TABLE users;'), ['DATA_LOSS public.users']);
    assert.deepEqual(types('ALTER TABLE users DROP COLUMN email;'), ['DATA_LOSS public.users.email']);
    assert.deepEqual(types('DROP SEQUENCE counter; TRUNCATE orgs; DELETE FROM users; DELETE FROM users WHERE id = 1;'),
      ['DATA_LOSS public.counter', 'DATA_LOSS public.orgs', 'DATA_LOSS public.users']);
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN born TYPE date;'), ['COLUMN_TYPE_CHANGE public.users.born', 'DATA_LOSS public.users.born']);
    assert.match(classify('ALTER TABLE users ALTER COLUMN score TYPE numeric(10,0);')[1]!.message, /rounded to 0 decimal places/);
    // A generated column's values come from the others: nothing stored by hand is lost.
    assert.deepEqual(types('ALTER TABLE users DROP COLUMN full_name;'), []);
    // A table created by the same file holds nothing yet.
    assert.deepEqual(types('CREATE TABLE tmp (id int); DROP TABLE tmp;'), []);
    const h = classify('DROP TABLE users;')[0]!;
    assert.match(h.message, /drops table public\.users and all its rows \(~10 rows, 1 pages/);
    assert.match(h.alternative!, /-- pg-flux:renamed-from/);
  });

  it('COLUMN_TYPE_CHANGE only when the table is rewritten', () => {
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN name TYPE varchar(200);'), []);
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN name TYPE text;'), []);
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN id TYPE int;'), ['COLUMN_TYPE_CHANGE public.users.id']);
  });

  it('CONSTRAINT_SCAN: CHECK, FK, NOT NULL and unique keys validated under a strong lock; NOT VALID and proven columns pass', () => {
    assert.deepEqual(types('ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0);'), ['CONSTRAINT_SCAN public.users.c']);
    assert.deepEqual(types('ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT c;'), []);
    assert.deepEqual(types('ALTER TABLE big ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs;'), ['CONSTRAINT_SCAN public.big.f']);
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN email SET NOT NULL;'), ['CONSTRAINT_SCAN public.users.email']);
    assert.deepEqual(types(`ALTER TABLE users ADD CONSTRAINT nn CHECK (email IS NOT NULL) NOT VALID;
      ALTER TABLE users VALIDATE CONSTRAINT nn; ALTER TABLE users ALTER COLUMN email SET NOT NULL;`), [], 'a validated check proves it');
    assert.deepEqual(types('ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);'), ['CONSTRAINT_SCAN public.users.u']);
    assert.deepEqual(types('ALTER TABLE users ADD CONSTRAINT u UNIQUE USING INDEX users_email;'), []);
    // Empty tables have nothing to scan.
    assert.deepEqual(types('ALTER TABLE t1 ADD CONSTRAINT c CHECK (id > 0);'), []);
  });

  it('INDEX_BUILD: a build without CONCURRENTLY on a table that holds rows', () => {
    assert.deepEqual(types('CREATE INDEX i ON users (email);'), ['INDEX_BUILD public.i']);
    assert.deepEqual(types('CREATE INDEX CONCURRENTLY i ON users (email);'), []);
    assert.deepEqual(types('CREATE TABLE n (x int); CREATE INDEX i ON n (x);'), []);
    assert.deepEqual(types('REINDEX TABLE users;'), ['INDEX_BUILD public.users']);
  });

  it('TABLE_LOCK tells a 10-row table from a 100-million-row one', () => {
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN id TYPE int;'), ['COLUMN_TYPE_CHANGE public.users.id']);
    const big = classify('ALTER TABLE big ALTER COLUMN id TYPE int;');
    assert.deepEqual(big.map((h) => h.type), ['COLUMN_TYPE_CHANGE', 'TABLE_LOCK']);
    assert.match(big[1]!.message, /ACCESS EXCLUSIVE lock on public\.big \(~100,000,000 rows, 1,250,000 pages \(9,766 MB\)\)/);
    assert.deepEqual(types('ALTER TABLE big SET UNLOGGED; ALTER TABLE users SET UNLOGGED;'), ['TABLE_LOCK public.big']);
    assert.deepEqual(types("ALTER TABLE big ADD COLUMN u uuid DEFAULT gen_random_uuid(); ALTER TABLE big ADD COLUMN at timestamptz DEFAULT now();"), ['TABLE_LOCK public.big']);
    assert.deepEqual(types('VACUUM FULL big; CLUSTER users USING users_pkey;'), ['TABLE_LOCK public.big']);
    // The threshold is a setting.
    const st = classify('ALTER TABLE users SET LOGGED;', facts(), { ...DEFAULT_HAZARD_SETTINGS, largeTableRows: 5 });
    assert.deepEqual(st.map((h) => h.type), ['TABLE_LOCK']);
  });

  it('SEQUENCE_RESTART, AUTHZ_CHANGE', () => {
    assert.deepEqual(types('ALTER SEQUENCE counter RESTART; ALTER SEQUENCE counter INCREMENT 2;'), ['SEQUENCE_RESTART public.counter']);
    assert.deepEqual(types('ALTER TABLE users ALTER COLUMN id RESTART WITH 5;'), ['SEQUENCE_RESTART public.users.id']);
    assert.deepEqual(classify('GRANT SELECT ON users TO PUBLIC; REVOKE ALL ON orgs FROM PUBLIC; ALTER TABLE users OWNER TO postgres; ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE ROLE r;')
      .map((h) => h.type), ['AUTHZ_CHANGE', 'AUTHZ_CHANGE', 'AUTHZ_CHANGE', 'AUTHZ_CHANGE', 'AUTHZ_CHANGE']);
  });

  it('UNTRACKED_DEPENDENCIES: function bodies that name what is dropped, renamed or retyped', () => {
    const f = facts([{ name: 'public.user_email(bigint)', body: 'SELECT email FROM users WHERE id = $1' }, { name: 'public.other()', body: 'SELECT 1' }]);
    assert.deepEqual(types('ALTER TABLE users DROP COLUMN email;', f), ['DATA_LOSS public.users.email', 'UNTRACKED_DEPENDENCIES public.users.email']);
    assert.deepEqual(types('ALTER TABLE users RENAME COLUMN email TO mail;', f), ['UNTRACKED_DEPENDENCIES public.users.email']);
    assert.deepEqual(types('ALTER TABLE users RENAME COLUMN name TO nm;', f), []);
    assert.match(classify('DROP TABLE users;', f)[1]!.message, /public\.user_email\(bigint\) mentions it/);
  });

  it('MASS_DROP: more than the threshold of the live managed objects, at least three', () => {
    // 8 live objects (7 tables, 1 sequence): 3 dropped is 37.5%.
    assert.deepEqual(types('DROP TABLE t1; DROP TABLE t2; DROP TABLE t3;').at(-1), 'MASS_DROP database');
    assert.equal(types('DROP TABLE t1; DROP TABLE t2;').some((t) => t.startsWith('MASS_DROP')), false, 'two drops are below the minimum');
    const st = newRunState(model(LIVE), facts(), { ...DEFAULT_HAZARD_SETTINGS, massDropPercent: 50 });
    parseStatements('DROP TABLE t1; DROP TABLE t2; DROP TABLE t3;').forEach((s) => classifyStatement(s.node, st));
    assert.equal(massDrop(st), null, 'configurable threshold');
  });
});

describe('plan hazards (the same classifier over emitted statements)', () => {
  before(() => loadParser());
  const planOf = (from: string, to: string, f: LiveFacts | null = null, autoNotValid = true) =>
    plan(model(from), model(to), { serverVersionNum: 180000, facts: f, autoNotValid });
  const planTypes = (p: ReturnType<typeof planOf>) => p.steps.flatMap((s) => s.hazards.map((h) => `${h.type} ${h.object}`));

  it('a generated column that becomes plain keeps its values (DROP EXPRESSION, no hazard)', () => {
    const p = planOf('CREATE TABLE g (a int, g int GENERATED ALWAYS AS (a * 2) STORED);', 'CREATE TABLE g (a int, g int);');
    assert.deepEqual(p.steps.flatMap((s) => s.statements.map((x) => x.sql)), ['ALTER TABLE public.g ALTER COLUMN g DROP EXPRESSION']);
    assert.deepEqual(planTypes(p), []);
    // The other way round stored values are replaced: DATA_LOSS.
    const q = planOf('CREATE TABLE g (a int, g int);', 'CREATE TABLE g (a int, g int GENERATED ALWAYS AS (a * 2) STORED);');
    assert.deepEqual(planTypes(q), ['DATA_LOSS public.g.g']);
  });

  it('a drop next to a compatible creation suggests the rename hint', () => {
    const p = planOf('CREATE TABLE a (id int, v text);', 'CREATE TABLE a (id int, w text);');
    const h = p.steps.flatMap((s) => s.hazards)[0]!;
    assert.equal(h.type, 'DATA_LOSS');
    assert.match(h.alternative!, /if w is v renamed, write "-- pg-flux:renamed-from v" on the line before column w/);
    const t = planOf('CREATE TABLE a (id int, v text);', 'CREATE TABLE b (id int, v text);').steps.flatMap((s) => s.hazards)[0]!;
    assert.match(t.alternative!, /if public\.b is public\.a renamed, write "-- pg-flux:renamed-from a" on the line before CREATE TABLE b/);
  });

  it('online rewrites raise no scan hazard; --no-auto-not-valid does on tables that may hold rows', () => {
    const from = 'CREATE TABLE o (id int PRIMARY KEY); CREATE TABLE c (id int, o int, n text);';
    const to = 'CREATE TABLE o (id int PRIMARY KEY); CREATE TABLE c (id int, o int REFERENCES o, n text NOT NULL CHECK (length(n) > 0));';
    assert.deepEqual(planTypes(planOf(from, to)), []);
    assert.deepEqual(planTypes(planOf(from, to, null, false)).sort(), ['CONSTRAINT_SCAN public.c.c_n_check', 'CONSTRAINT_SCAN public.c.c_o_fkey', 'CONSTRAINT_SCAN public.c.n']);
    const big: LiveFacts = { sizes: { 'public.c': huge, 'public.o': small }, routines: [] };
    assert.deepEqual([...new Set(planTypes(planOf(from, to, big, false)).filter((t) => t.startsWith('TABLE_LOCK')))], ['TABLE_LOCK public.c']);
    assert.deepEqual(planTypes(planOf(from, to, big)), [], 'the online forms hold no long lock, even on a large table');
  });

  it('MASS_DROP on a plan that drops most of the schema', () => {
    const p = planOf('CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int); CREATE TABLE d (id int);', 'CREATE TABLE d (id int);');
    assert.ok(planTypes(p).includes('MASS_DROP database'), planTypes(p).join('\n'));
  });
});
