/**
 * Coverage is explicit (DESIGN.md): every catalog kind a schema file can create — every pg_class
 * relkind, pg_type typtype and pg_proc prokind, and every catalog of such objects — is created
 * once in a fresh database, and each must be either in the inspected model (managed) or in its
 * unmanaged list (reported to the user), never neither. The kind → catalog list is data: a row
 * per kind, saying which it is and why.
 *
 * And extension members: whatever their catalog, they are neither managed nor reported.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshDatabase, withClient, execSql, ensureRoles, testMajor, testServerUrl, type FreshDatabase } from '../support/database.js';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';
import type { Schema } from '../../src/core/model/schema.js';
import { KIND_FIELDS, type KindField } from '../../src/core/coverage/kinds.js';

/** Cluster-wide names get a suffix: tests on the same server must not collide. */
const SUFFIX = randomBytes(4).toString('hex');
const SUB = `k_sub_${SUFFIX}`;
const SPC = `k_spc_${SUFFIX}`;

type Expect =
  /** In the model: `field` has `key` (or a key matching it). */
  | { readonly managed: KindField; readonly key: string | RegExp }
  /** In the unmanaged list with this kind and key. */
  | { readonly reported: string; readonly key: string | RegExp }
  /** Not created, with the reason. */
  | { readonly skip: string };

interface KindRow {
  /** Catalog (and discriminator value) the object lands in. */
  readonly catalog: string;
  /** DDL creating one object of the kind (run in order, in one session; a list runs statement by statement). */
  readonly sql?: string | readonly string[];
  readonly minMajor?: number;
  readonly expect: Expect;
}

// Helpers the rows below use (functions, a base type, a language, a server).
const SETUP = `
CREATE SCHEMA k;
CREATE FUNCTION k.trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE FUNCTION k.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
CREATE TYPE k.basety;
CREATE FUNCTION k.basety_in(cstring) RETURNS k.basety LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
CREATE FUNCTION k.basety_out(k.basety) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
CREATE TYPE k.basety (INPUT = k.basety_in, OUTPUT = k.basety_out, LIKE = integer);
CREATE FUNCTION k.tf_from(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION k.tf_to(internal) RETURNS k.basety LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE TYPE k.comp AS (a int, b text);
`;

const ROWS: readonly KindRow[] = [
  // pg_class relkinds
  { catalog: "pg_class relkind 'r'", sql: 'CREATE TABLE k.t (a int PRIMARY KEY, b int, c text)', expect: { managed: 'tables', key: 'k.t' } },
  // A typed table is a plain table whose columns come from a type: reported (not modelled).
  { catalog: "pg_class relkind 'r' (OF type)", sql: 'CREATE TABLE k.typed OF k.comp', expect: { reported: 'typed table', key: 'k.typed' } },
  { catalog: "pg_class relkind 'i'", sql: 'CREATE INDEX k_t_b ON k.t (b)', expect: { managed: 'indexes', key: 'k.k_t_b' } },
  { catalog: "pg_class relkind 'S'", sql: 'CREATE SEQUENCE k.seq', expect: { managed: 'sequences', key: 'k.seq' } },
  // A TOAST table exists only as part of its table (k.t has a text column): managed with it.
  { catalog: "pg_class relkind 't'", expect: { managed: 'tables', key: 'k.t' } },
  { catalog: "pg_class relkind 'v'", sql: 'CREATE VIEW k.v AS SELECT a FROM k.t', expect: { managed: 'views', key: 'k.v' } },
  { catalog: "pg_class relkind 'm'", sql: 'CREATE MATERIALIZED VIEW k.mv AS SELECT a FROM k.t', expect: { managed: 'views', key: 'k.mv' } },
  { catalog: "pg_class relkind 'c'", expect: { managed: 'compositeTypes', key: 'k.comp' } },
  { catalog: "pg_class relkind 'f'", sql: 'CREATE FOREIGN DATA WRAPPER k_fdw; CREATE SERVER k_srv FOREIGN DATA WRAPPER k_fdw; CREATE FOREIGN TABLE k.ft (a int) SERVER k_srv',
    expect: { managed: 'tables', key: 'k.ft' } },
  { catalog: "pg_class relkind 'p'", sql: 'CREATE TABLE k.pt (a int) PARTITION BY RANGE (a); CREATE TABLE k.pt_1 PARTITION OF k.pt FOR VALUES FROM (0) TO (10)',
    expect: { managed: 'tables', key: 'k.pt' } },
  { catalog: "pg_class relkind 'I'", sql: 'CREATE INDEX k_pt_a ON k.pt (a)', expect: { managed: 'indexes', key: 'k.k_pt_a' } },
  // pg_type typtypes
  // A base type needs C (or internal) I/O functions: reported by design.
  { catalog: "pg_type typtype 'b'", expect: { reported: 'base type', key: 'k.basety' } },
  { catalog: "pg_type typtype 'c'", expect: { managed: 'compositeTypes', key: 'k.comp' } },
  { catalog: "pg_type typtype 'd'", sql: 'CREATE DOMAIN k.dom AS int CHECK (VALUE > 0)', expect: { managed: 'domains', key: 'k.dom' } },
  { catalog: "pg_type typtype 'e'", sql: "CREATE TYPE k.mood AS ENUM ('ok', 'meh')", expect: { managed: 'enums', key: 'k.mood' } },
  // Only shell types are pseudo-types a user can create (`CREATE TYPE name`): reported.
  { catalog: "pg_type typtype 'p'", sql: 'CREATE TYPE k.shell', expect: { reported: 'shell type', key: 'k.shell' } },
  { catalog: "pg_type typtype 'r'", sql: 'CREATE TYPE k.rng AS RANGE (SUBTYPE = int4)', expect: { managed: 'rangeTypes', key: 'k.rng' } },
  // The multirange comes and goes with its range type (k.rng_multirange): managed with it.
  { catalog: "pg_type typtype 'm'", expect: { managed: 'rangeTypes', key: 'k.rng' } },
  // pg_proc prokinds
  { catalog: "pg_proc prokind 'f'", sql: "CREATE FUNCTION k.fn() RETURNS int LANGUAGE sql AS 'SELECT 1'", expect: { managed: 'functions', key: 'k.fn()' } },
  { catalog: "pg_proc prokind 'p'", sql: "CREATE PROCEDURE k.pr() LANGUAGE sql AS 'SELECT 1'", expect: { managed: 'functions', key: 'k.pr()' } },
  { catalog: "pg_proc prokind 'a'", sql: 'CREATE AGGREGATE k.agg(int) (SFUNC = int4pl, STYPE = int)', expect: { managed: 'aggregates', key: /^k\.agg\(/ } },
  { catalog: "pg_proc prokind 'w'", sql: "CREATE FUNCTION k.win() RETURNS bigint LANGUAGE internal WINDOW AS 'window_row_number'", expect: { managed: 'functions', key: 'k.win()' } },
  // Catalogs of objects schema files can create
  { catalog: 'pg_namespace', expect: { managed: 'schemas', key: 'k' } },
  { catalog: 'pg_extension', sql: 'CREATE EXTENSION citext SCHEMA k', expect: { managed: 'extensions', key: 'citext' } },
  { catalog: 'pg_collation', sql: 'CREATE COLLATION k.coll FROM "C"', expect: { managed: 'collations', key: 'k.coll' } },
  { catalog: 'pg_constraint', sql: 'ALTER TABLE k.t ADD CONSTRAINT b_positive CHECK (b > 0)', expect: { managed: 'constraints', key: 'k.t.b_positive' } },
  { catalog: 'pg_description', sql: "COMMENT ON TABLE k.t IS 'kinds'", expect: { managed: 'comments', key: /k\.t$/ } },
  // A cast is managed, whatever its types are (here one pg-flux reports: a base type).
  { catalog: 'pg_cast', sql: 'CREATE CAST (k.basety AS text) WITH INOUT', expect: { managed: 'casts', key: 'k.basety AS text' } },
  // The casts between a range and its multirange come and go with the range type (k.rng above).
  { catalog: 'pg_cast (range and multirange)', expect: { managed: 'rangeTypes', key: 'k.rng' } },
  // Reported by design (README "What pg-flux manages"): operators, operator classes and
  // families, text search objects, conversions, access methods, transforms, languages.
  { catalog: 'pg_conversion', sql: "CREATE CONVERSION k.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8", expect: { reported: 'conversion', key: 'k.conv' } },
  { catalog: 'pg_operator', sql: 'CREATE OPERATOR k.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq)', expect: { reported: 'operator', key: 'k.===(integer, integer)' } },
  { catalog: 'pg_opclass', sql: 'CREATE OPERATOR CLASS k.k_ops FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION 1 btint4cmp(int, int)',
    expect: { reported: 'operator class', key: 'k.k_ops USING btree' } },
  // CREATE OPERATOR CLASS without FAMILY makes a family of the same name: an object of its own (it outlives the class).
  { catalog: 'pg_opfamily (of the class above)', expect: { reported: 'operator family', key: 'k.k_ops USING btree' } },
  { catalog: 'pg_opfamily', sql: 'CREATE OPERATOR FAMILY k.k_fam USING hash', expect: { reported: 'operator family', key: 'k.k_fam USING hash' } },
  { catalog: 'pg_am (index)', sql: 'CREATE ACCESS METHOD k_am TYPE INDEX HANDLER bthandler', expect: { reported: 'access method', key: 'k_am' } },
  { catalog: 'pg_am (table)', sql: 'CREATE ACCESS METHOD k_tam TYPE TABLE HANDLER heap_tableam_handler', expect: { reported: 'access method', key: 'k_tam' } },
  { catalog: 'pg_ts_config', sql: 'CREATE TEXT SEARCH CONFIGURATION k.cfg (COPY = pg_catalog.simple)', expect: { reported: 'text search configuration', key: 'k.cfg' } },
  { catalog: 'pg_ts_dict', sql: 'CREATE TEXT SEARCH DICTIONARY k.dict (TEMPLATE = pg_catalog.simple)', expect: { reported: 'text search dictionary', key: 'k.dict' } },
  { catalog: 'pg_ts_parser', sql: 'CREATE TEXT SEARCH PARSER k.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype)',
    expect: { reported: 'text search parser', key: 'k.prs' } },
  { catalog: 'pg_ts_template', sql: 'CREATE TEXT SEARCH TEMPLATE k.tmpl (LEXIZE = dsimple_lexize)', expect: { reported: 'text search template', key: 'k.tmpl' } },
  { catalog: 'pg_language', sql: 'CREATE LANGUAGE k_lang HANDLER plpgsql_call_handler', expect: { reported: 'language', key: 'k_lang' } },
  { catalog: 'pg_transform', sql: 'CREATE TRANSFORM FOR k.basety LANGUAGE k_lang (FROM SQL WITH FUNCTION k.tf_from(internal), TO SQL WITH FUNCTION k.tf_to(internal))',
    expect: { reported: 'transform', key: 'FOR k.basety LANGUAGE k_lang' } },
  // Foreign data and publications: managed on another branch, reported here.
  { catalog: 'pg_foreign_data_wrapper', expect: { managed: 'foreignDataWrappers', key: 'k_fdw' } },
  { catalog: 'pg_foreign_server', expect: { managed: 'foreignServers', key: 'k_srv' } },
  { catalog: 'pg_user_mapping', sql: 'CREATE USER MAPPING FOR PUBLIC SERVER k_srv', expect: { managed: 'userMappings', key: /@k_srv$/ } },
  { catalog: 'pg_publication', sql: 'CREATE PUBLICATION k_pub', expect: { managed: 'publications', key: 'k_pub' } },
  // Its tables are part of the publication.
  { catalog: 'pg_publication_rel', sql: 'CREATE PUBLICATION k_pub_t FOR TABLE k.t', expect: { managed: 'publications', key: 'k_pub_t' } },
  { catalog: 'pg_publication_namespace', minMajor: 15, sql: 'CREATE PUBLICATION k_pub_ns FOR TABLES IN SCHEMA k', expect: { managed: 'publications', key: 'k_pub_ns' } },
  // Holds a connection string (secret-bearing): reported, never managed. connect = false: no server needed.
  { catalog: 'pg_subscription', sql: `CREATE SUBSCRIPTION ${SUB} CONNECTION 'dbname=nowhere' PUBLICATION k_pub WITH (connect = false)`, expect: { reported: 'subscription', key: SUB } },
  { catalog: 'pg_event_trigger', sql: 'CREATE EVENT TRIGGER k_evt ON ddl_command_end EXECUTE FUNCTION k.on_ddl()', expect: { managed: 'eventTriggers', key: 'k_evt' } },
  { catalog: 'pg_statistic_ext', sql: 'CREATE STATISTICS k.st ON a, b FROM k.t', expect: { managed: 'statistics', key: 'k.st' } },
  { catalog: 'pg_policy', sql: 'CREATE POLICY p ON k.t USING (true)', expect: { managed: 'policies', key: 'k.t.p' } },
  { catalog: 'pg_rewrite', sql: 'CREATE RULE r AS ON DELETE TO k.t DO INSTEAD NOTHING', expect: { managed: 'rules', key: 'k.t.r' } },
  { catalog: 'pg_trigger', sql: 'CREATE TRIGGER tg BEFORE UPDATE ON k.t FOR EACH ROW EXECUTE FUNCTION k.trg()', expect: { managed: 'triggers', key: 'k.t.tg' } },
  // On a relation pg-flux does not manage, a trigger is reported with it.
  { catalog: 'pg_trigger (on a typed table)', sql: 'CREATE TRIGGER tg BEFORE UPDATE ON k.typed FOR EACH ROW EXECUTE FUNCTION k.trg()', expect: { reported: 'trigger', key: 'k.typed.tg' } },
  { catalog: 'pg_inherits', sql: 'CREATE TABLE k.child (d int) INHERITS (k.t)', expect: { managed: 'tables', key: 'k.child' } },
  { catalog: 'pg_default_acl', sql: 'ALTER DEFAULT PRIVILEGES IN SCHEMA k GRANT SELECT ON TABLES TO pgflux_reader', expect: { managed: 'defaultPrivileges', key: /\bk\b/ } },
  { catalog: 'pg_init_privs', expect: { skip: 'not creatable: only initdb and CREATE EXTENSION write it (extension members are never reported)' } },
  // A large object has an owner and privileges, but its bytes are data: reported, never managed.
  { catalog: 'pg_largeobject', sql: 'SELECT pg_catalog.lo_create(0)', expect: { reported: 'large object', key: /^\d+$/ } },
  // Cluster-level; what is not modelled is this database's relations placed in it. An in-place
  // tablespace (a developer option) needs no directory owned by the server's user.
  { catalog: 'pg_tablespace', minMajor: 15, sql: ['SET allow_in_place_tablespaces = on', `CREATE TABLESPACE ${SPC} LOCATION ''`, `CREATE TABLE k.placed (a int) TABLESPACE ${SPC}`],
    expect: { reported: 'tablespace', key: SPC } },
  { catalog: 'pg_authid', expect: { skip: 'roles are cluster-level, created outside any database: not listed (owners, grants and policies name them)' } },
  { catalog: 'pg_seclabel', expect: { skip: 'SECURITY LABEL needs a label provider module (sepgsql) loaded into the server' } },
];

const matches = (key: string, want: string | RegExp): boolean => (typeof want === 'string' ? key === want : want.test(key));

/** Fields that are facts about other objects, not objects. */
const ABOUT = new Set<string>(['owners', 'privileges']);

const inModel = (s: Schema, re: RegExp): boolean =>
  Object.entries(s).some(([field, rec]) => field !== 'unmanaged' && !ABOUT.has(field) && !Array.isArray(rec) && Object.keys(rec as object).some((k) => re.test(k)));

describe('coverage: every catalog kind is managed or reported', () => {
  let db: FreshDatabase;
  let live: Schema;
  const major = testMajor();
  const rows = ROWS.filter((r) => (r.minMajor ?? 0) <= major);

  before(async () => {
    db = await freshDatabase('coverage_kinds');
    await ensureRoles(db.url, ['pgflux_reader']);
    await withClient(db.url, async (c) => {
      await c.query(SETUP);
      for (const r of rows) {
        // A list for statements that cannot run in the implicit transaction of a multi-statement string (CREATE TABLESPACE).
        for (const sql of typeof r.sql === 'string' ? [r.sql] : r.sql ?? []) {
          await c.query(sql).catch((e: Error) => { throw new Error(`${r.catalog}: ${sql}: ${e.message}`); });
        }
      }
    });
    live = (await withClient(db.url, (c) => inspectDatabase(c))).schema;
  });

  after(async () => {
    // A subscription keeps its database from being dropped; a tablespace outlives the database.
    await execSql(db.url, `ALTER SUBSCRIPTION ${SUB} DISABLE; ALTER SUBSCRIPTION ${SUB} SET (slot_name = NONE); DROP SUBSCRIPTION ${SUB}`).catch(() => undefined);
    await db.drop();
    if (major >= 15) await execSql(testServerUrl(), `DROP TABLESPACE IF EXISTS ${SPC}`);
  });

  test('the list covers every relkind, typtype and prokind', () => {
    const listed = (prefix: string): string[] => rows.map((r) => r.catalog).filter((c) => c.startsWith(prefix)).map((c) => /'(.)'/.exec(c)?.[1] ?? '');
    assert.deepEqual([...new Set(listed('pg_class relkind'))].sort(), ['I', 'S', 'c', 'f', 'i', 'm', 'p', 'r', 't', 'v']);
    assert.deepEqual([...new Set(listed('pg_type typtype'))].sort(), ['b', 'c', 'd', 'e', 'm', 'p', 'r']);
    assert.deepEqual([...new Set(listed('pg_proc prokind'))].sort(), ['a', 'f', 'p', 'w']);
  });

  test('the objects really are of their kind', async () => {
    const q = async (sql: string): Promise<string[]> => withClient(db.url, async (c) => (await c.query<{ v: string }>(sql)).rows.map((r) => r.v));
    assert.deepEqual(await q(`SELECT DISTINCT relkind::text AS v FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'k' OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = 'k.t'::regclass) ORDER BY 1`),
    ['I', 'S', 'c', 'f', 'i', 'm', 'p', 'r', 't', 'v']);
    assert.deepEqual(await q("SELECT DISTINCT typtype::text AS v FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'k' ORDER BY 1"),
      ['b', 'c', 'd', 'e', 'm', 'p', 'r']);
    assert.deepEqual(await q("SELECT DISTINCT prokind::text AS v FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'k' ORDER BY 1"),
      ['a', 'f', 'p', 'w']);
  });

  for (const row of ROWS) {
    test(`${row.catalog}: ${'skip' in row.expect ? 'skipped' : 'managed' in row.expect ? 'managed' : 'reported'}`, (t) => {
      const e = row.expect;
      if ('skip' in e) { t.skip(e.skip); return; }
      if ((row.minMajor ?? 0) > major) { t.skip(`PostgreSQL ${row.minMajor}+`); return; }
      const reported = live.unmanaged.filter((u) => matches(u.key, e.key) && (!('reported' in e) || u.kind === e.reported));
      if ('managed' in e) {
        assert.ok(Object.keys(live[e.managed]).some((k) => matches(k, e.key)), `${row.catalog}: ${String(e.key)} not in ${e.managed}: ${Object.keys(live[e.managed]).join(', ')}`);
        if (typeof e.key === 'string') assert.deepEqual(live.unmanaged.filter((u) => u.key === e.key), [], `${row.catalog}: managed, so not reported`);
      } else {
        assert.deepEqual(reported.map((u) => u.kind), [e.reported], `${row.catalog}: ${String(e.key)} not reported: ${JSON.stringify(live.unmanaged)}`);
        assert.ok(!inModel(live, e.key instanceof RegExp ? e.key : new RegExp(`^${e.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)), `${row.catalog}: reported, so not in the model`);
      }
    });
  }

  test('nothing else is reported: each unmanaged object is one a row expects (an implied object is not)', () => {
    const expected = (u: { kind: string; key: string }): boolean => rows.some((r) =>
      ('reported' in r.expect && r.expect.reported === u.kind && matches(u.key, r.expect.key)));
    assert.deepEqual(live.unmanaged.filter((u) => !expected(u)).map((u) => `${u.kind} ${u.key}`), []);
  });

  test('the casts of the model are the one created: not those between k.rng and its multirange, nor any built-in one', () => {
    assert.deepEqual(Object.keys(live.casts), ['k.basety AS text']);
  });

  test('every kind of the model is one some row expects managed', () => {
    const expected = new Set(ROWS.flatMap((r) => ('managed' in r.expect ? [r.expect.managed] : [])));
    // Row-level security is a table's state; owners and privileges are facts about objects.
    const facts = new Set<KindField>(['rowSecurity', 'owners', 'privileges']);
    assert.deepEqual(KIND_FIELDS.filter((f) => !expected.has(f) && !facts.has(f)), []);
  });
});

/**
 * Members of an extension (pg_depend deptype 'e') are the extension's: every branch of the
 * unmanaged query, and every managed kind, leaves them out — contrib extensions for the catalogs
 * they use, and objects added to an extension by hand (ALTER EXTENSION ... ADD) for the rest,
 * among them those whose pg_class row is the member (a table, a sequence, a typed or foreign table).
 */
describe('coverage: extension members are never reported or managed', () => {
  let db: FreshDatabase;
  let live: Schema;
  let loaded: string[] = [];
  // Each brings its own kinds: operators, casts, operator classes, a base type (hstore, citext,
  // seg, cube, isn, ltree), an access method (bloom), text search templates and dictionaries
  // (dict_int, dict_xsyn, unaccent), a language (pltcl), foreign data wrappers (postgres_fdw,
  // file_fdw), composite types (tablefunc), a domain (lo, earthdistance), views (pg_buffercache).
  const WANTED = ['hstore', 'citext', 'bloom', 'dict_int', 'dict_xsyn', 'unaccent', 'pltcl', 'postgres_fdw', 'file_fdw', 'seg', 'cube', 'earthdistance',
    'isn', 'ltree', 'intarray', 'pg_trgm', 'btree_gist', 'tablefunc', 'lo', 'pg_buffercache'];
  const REQUIRED = ['hstore', 'citext', 'bloom', 'dict_int', 'postgres_fdw', 'tablefunc'];

  before(async () => {
    db = await freshDatabase('coverage_ext');
    await execSql(db.url, 'CREATE SCHEMA k; CREATE SCHEMA ext');
    for (const e of WANTED) {
      // Contrib modules whose shared library cannot load on this machine (pltcl without libtcl) are skipped.
      const ok = await execSql(db.url, `CREATE EXTENSION "${e}" SCHEMA ext CASCADE`).then(() => true, () => false);
      if (ok) loaded.push(e);
    }
    loaded = loaded.sort();
    await execSql(db.url, `
      CREATE TABLE k.xt (a int); CREATE SEQUENCE k.xs; CREATE TYPE k.xc AS (a int); CREATE TABLE k.xtyped OF k.xc;
      CREATE FOREIGN DATA WRAPPER x_fdw; CREATE SERVER x_srv FOREIGN DATA WRAPPER x_fdw; CREATE FOREIGN TABLE k.xft (a int) SERVER x_srv;
      CREATE TYPE k.xshell; CREATE DOMAIN k.xdom AS int; CREATE TYPE k.xmood AS ENUM ('a');
      CREATE VIEW k.xv AS SELECT 1 AS a; CREATE MATERIALIZED VIEW k.xmv AS SELECT 1 AS a;
      CREATE FUNCTION k.xf() RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE OPERATOR k.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
      CREATE CAST (k.xc AS text) WITH INOUT;
      CREATE OPERATOR FAMILY k.xfam USING hash;
      CREATE TEXT SEARCH CONFIGURATION k.xcfg (COPY = pg_catalog.simple);
      CREATE CONVERSION k.xconv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
      CREATE ACCESS METHOD x_am TYPE INDEX HANDLER bthandler;
      CREATE LANGUAGE x_lang HANDLER plpgsql_call_handler;
      CREATE COLLATION k.xcoll FROM "C";
      ALTER EXTENSION citext ADD TABLE k.xt; ALTER EXTENSION citext ADD SEQUENCE k.xs;
      ALTER EXTENSION citext ADD TYPE k.xc; ALTER EXTENSION citext ADD TABLE k.xtyped;
      ALTER EXTENSION citext ADD FOREIGN DATA WRAPPER x_fdw; ALTER EXTENSION citext ADD SERVER x_srv;
      ALTER EXTENSION citext ADD FOREIGN TABLE k.xft; ALTER EXTENSION citext ADD TYPE k.xshell;
      ALTER EXTENSION citext ADD DOMAIN k.xdom; ALTER EXTENSION citext ADD TYPE k.xmood;
      ALTER EXTENSION citext ADD VIEW k.xv; ALTER EXTENSION citext ADD MATERIALIZED VIEW k.xmv;
      ALTER EXTENSION citext ADD FUNCTION k.xf(); ALTER EXTENSION citext ADD OPERATOR k.=== (int, int);
      ALTER EXTENSION citext ADD CAST (k.xc AS text); ALTER EXTENSION citext ADD OPERATOR FAMILY k.xfam USING hash;
      ALTER EXTENSION citext ADD TEXT SEARCH CONFIGURATION k.xcfg; ALTER EXTENSION citext ADD CONVERSION k.xconv;
      ALTER EXTENSION citext ADD ACCESS METHOD x_am; ALTER EXTENSION citext ADD LANGUAGE x_lang;
      ALTER EXTENSION citext ADD COLLATION k.xcoll;
    `);
    live = (await withClient(db.url, (c) => inspectDatabase(c))).schema;
  });

  after(async () => { await db.drop(); });

  test('the extensions loaded', () => {
    for (const e of REQUIRED) assert.ok(loaded.includes(e), `${e} did not load`);
  });

  test('nothing of theirs is reported', () => {
    assert.deepEqual(live.unmanaged, []);
  });

  test('nothing of theirs is in the model but the extensions themselves', () => {
    for (const e of loaded) assert.ok(Object.hasOwn(live.extensions, e), e);
    for (const field of KIND_FIELDS) {
      if (field === 'extensions' || field === 'owners' || field === 'privileges' || field === 'comments') continue;
      const keys = Object.keys(live[field]).filter((k) => !(field === 'schemas' && ['public', 'ext', 'k'].includes(k)));
      assert.deepEqual(keys, [], `${field}: ${keys.join(', ')}`);
    }
  });
});
