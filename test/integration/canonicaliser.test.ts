/**
 * The canonicaliser on a real server: source bodies that do not load are errors at their place
 * with the server's message; results are cached by content (an unchanged source needs no
 * server; a corrupt entry is never trusted); a shadow server of another major is refused.
 * And the rebuild mechanism's refusal: a drop that an unmanaged object would block.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import { emptySchema } from '../../src/core/model/schema.js';
import { canonicalise } from '../../src/shell/canonicalise/canonicalise.js';
import { openScratchServer, ScratchServerError } from '../../src/shell/canonicalise/scratch-server.js';
import { freshDatabase, testMajor, testServerUrl } from '../support/database.js';
import { inspectUrl, loadSql, parseSource, planBetween } from '../support/pipeline.js';

const server = () => openScratchServer({ major: testMajor(), shadowDsn: testServerUrl(), projectDir: '.' });

const canon = async (sql: string, cacheDir: string | null, open = server) => {
  await loadParser();
  return canonicalise(parseSchema([{ path: 'schema/app.sql', text: sql }]), { major: testMajor(), server: open, cacheDir, toolVersion: 'test' });
};

describe('canonicaliser', () => {
  it('a body the server rejects is an error at its place, with the server message', async () => {
    const sql = 'CREATE TABLE t (id int, name text);\n\nCREATE VIEW v AS\n  SELECT id, nmae FROM t;\n';
    await assert.rejects(canon(sql, null), (e: unknown) => {
      assert.ok(e instanceof DiagnosticError, String(e));
      // Line 4, column 14: where `nmae` is.
      assert.match(e.message, /^schema\/app\.sql:4:14: PostgreSQL \d+ rejects this view: column "nmae" does not exist/);
      return true;
    });
  });

  it('loads statements in the order their syntax trees require, whatever the file order', async () => {
    const sql = [
      'CREATE TRIGGER t_audit AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION audit();',
      'CREATE VIEW v2 AS SELECT id, twice_total() AS total FROM t;',
      'CREATE FUNCTION twice_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT 2 * sum(x) FROM v1; END;',
      'CREATE VIEW v1 AS SELECT id, x FROM t WHERE x > 0;',
      "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'x'; RETURN NULL; END $$;",
      'CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL);',
    ].join('\n');
    const s = await canon(sql, null);
    assert.deepEqual(Object.keys(s.views), ['public.v1', 'public.v2']);
    assert.deepEqual(Object.keys(s.functions), ['public.audit()', 'public.twice_total()']);
    assert.deepEqual(Object.keys(s.triggers), ['public.t.t_audit']);
    assert.equal(s.views['public.v2']?.source?.line, 2);
  });

  it('caches by content: an unchanged source needs no server, a corrupt entry is ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgflux-canon-cache-'));
    try {
      const sql = 'CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT id FROM t;\n';
      let opened = 0;
      const counting = async () => { opened++; return server(); };
      const first = await canon(sql, dir, counting);
      assert.equal(opened, 1);
      const second = await canon(sql, dir, counting);
      assert.equal(opened, 1, 'a cache hit must not open a server');
      assert.deepEqual(second.views, first.views);
      const [entry] = (await readdir(dir)).filter((f) => f.startsWith('canon-'));
      assert.ok(entry);
      await writeFile(join(dir, entry), '{"format": 1, "key": "not this one", "objects": {}}');
      const third = await canon(sql, dir, counting);
      assert.equal(opened, 2, 'a foreign entry must not be trusted');
      assert.deepEqual(third.views, first.views);
      await canon(`${sql}CREATE VIEW w AS SELECT 1 AS one;\n`, dir, counting);
      assert.equal(opened, 3, 'a changed source is canonicalised again');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a shadow server of another major than the target', async () => {
    await assert.rejects(openScratchServer({ major: testMajor() === 14 ? 15 : 14, shadowDsn: testServerUrl(), projectDir: '.' }),
      (e: unknown) => e instanceof ScratchServerError && /runs PostgreSQL \d+, but the target runs PostgreSQL \d+/.test(e.message));
  });

  it('a source without views, routines, triggers or rules needs no server at all', async () => {
    const s = await canon('CREATE TABLE t (id int);', null, async () => { throw new Error('must not be called'); });
    assert.deepEqual(Object.keys(s.tables), ['public.t']);
  });
});

describe('rebuilds', () => {
  it('refuses at plan time a change that an object pg-flux does not manage depends on, naming it', async () => {
    const db = await freshDatabase('blocked');
    try {
      // Typed tables are not managed; one is of a type the source no longer declares.
      await loadSql(db.url, `CREATE TYPE pair AS (a int, b int);
        CREATE TABLE pairs OF pair;`);
      const live = await inspectUrl(db.url);
      const desired = await parseSource('CREATE TABLE t (id int PRIMARY KEY);');
      assert.throws(() => planBetween(live.schema, desired, live.serverVersionNum), (e: unknown) => {
        assert.ok(e instanceof DiagnosticError);
        assert.match(e.message, /typed table public\.pairs depends on it \(type public\.pair is dropped\)/);
        return true;
      });
    } finally {
      await db.drop();
    }
  });

  it('refuses to drop a type a typed table (unmanaged) depends on; an inheritance child is dropped before its parent; a policy on a dropped table goes with it', async () => {
    const db = await freshDatabase('blocked_parent');
    try {
      await loadSql(db.url, `CREATE TYPE pair AS (a int); CREATE TABLE typed OF pair;
        CREATE TABLE parent (id int); CREATE TABLE child () INHERITS (parent);
        CREATE TABLE guarded (id int); CREATE POLICY p ON guarded USING (id > 0);`);
      const live = await inspectUrl(db.url);
      assert.throws(() => planBetween(live.schema, emptyish, live.serverVersionNum),
        (e: unknown) => e instanceof DiagnosticError && /typed table public\.typed depends on it/.test(e.message));
      await loadSql(db.url, 'DROP TABLE typed');
      const again = await inspectUrl(db.url);
      const p = planBetween(again.schema, emptyish, again.serverVersionNum);
      assert.deepEqual(p.steps.map((s) => s.change.kind).sort(), ['drop_composite_type', 'drop_table', 'drop_table', 'drop_table']);
      const tables = p.steps.flatMap((s) => (s.change.kind === 'drop_table' ? [s.change.table.name.name] : []));
      assert.ok(tables.indexOf('child') < tables.indexOf('parent'), tables.join(', '));
    } finally {
      await db.drop();
    }
  });
});

const emptyish = { ...emptySchema(), schemas: { public: { kind: 'schema' as const, name: 'public', source: null } } };
