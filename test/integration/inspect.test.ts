/**
 * The inspector against a real server (PGFLUX_TEST_DATABASE_URL, any major 14–18): a constant
 * number of catalog round trips, the fields it reads, the schema filter, extension members and
 * PG 18-only catalog facts. The first tests need no server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { freshDatabase, withClient, execSql, type FreshDatabase } from '../support/database.js';
import { inspectDatabase, UnsupportedServerError } from '../../src/shell/db/inspect-database.js';
import { CatalogRowError, toTableRow } from '../../src/core/inspect/rows.js';
import type { Schema } from '../../src/core/model/schema.js';
import { asComparedTo, comparable, parseSource } from '../support/pipeline.js';

const inspect = (url: string, opts: Parameters<typeof inspectDatabase>[1] = {}) =>
  withClient(url, (client) => inspectDatabase(client, opts));

const isSorted = (keys: readonly string[]): boolean => keys.every((k, i) => i === 0 || keys[i - 1]! < k);

describe('inspector without a server', () => {
  test('refuses servers older than PostgreSQL 14 and rolls back', async () => {
    const sent: string[] = [];
    const fake = {
      query: async (sql: string) => {
        sent.push(sql);
        return sql.startsWith('BEGIN') ? [{ rows: [] }, { rows: [{ version_num: '130011', version: '13.11' }] }] : { rows: [] };
      },
    } as unknown as pg.Client;
    await assert.rejects(inspectDatabase(fake), (err: unknown) =>
      err instanceof UnsupportedServerError && /PostgreSQL 14 or newer.*13\.11/.test(err.message));
    assert.deepEqual(sent.slice(1), ['ROLLBACK']);
  });

  test('never queues a query behind another, and rolls back after a build error', async () => {
    const sent: string[] = [];
    let active = 0;
    let maxActive = 0;
    const fake = {
      query: async (sql: string) => {
        sent.push(sql.startsWith('WITH') || sql.startsWith('SELECT') ? 'query' : sql.split(' ')[0]!);
        maxActive = Math.max(maxActive, ++active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active--;
        if (sql.startsWith('BEGIN')) return [{ rows: [] }, { rows: [{ version_num: '180000', version: '18.0' }] }];
        return { rows: sql.includes('json_agg') ? [{ schema: 's', name: 't', unlogged: 'no' }] : [] };
      },
    } as unknown as pg.Client;
    await assert.rejects(inspectDatabase(fake), CatalogRowError);
    assert.equal(maxActive, 1);
    assert.equal(sent.at(-1), 'ROLLBACK');
    assert.ok(!sent.includes('COMMIT'));
  });

  test('a malformed catalog row names the query and field', () => {
    assert.throws(() => toTableRow({ schema: 's', name: 't', unlogged: 'no' }),
      (err: unknown) => err instanceof CatalogRowError && /tables query: field "unlogged"/.test(err.message));
  });
});

const manyTablesDdl = (n: number): string => {
  const out = ['CREATE SCHEMA bulk;', "CREATE TYPE bulk.state AS ENUM ('a', 'b');"];
  for (let i = 0; i < n; i++) {
    out.push(`CREATE TABLE bulk.t${i} (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ref int ${i > 0 ? `REFERENCES bulk.t${i - 1} (id)` : ''},
      v text DEFAULT 'x' CHECK (v <> ''),
      s bulk.state,
      n serial);
    CREATE INDEX t${i}_v ON bulk.t${i} (lower(v));
    CREATE VIEW bulk.v${i} AS SELECT id FROM bulk.t${i};
    CREATE FUNCTION bulk.f${i}(x int) RETURNS int LANGUAGE sql AS 'SELECT x + ${i}';
    CREATE TRIGGER t${i}_noop BEFORE UPDATE ON bulk.t${i} FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();`);
  }
  return out.join('\n');
};

/** Sorted by kind, then key; a trigger cloned onto a partition is covered by its parent's. */
const UNMANAGED = [
  // What an unmanaged object depends on is known: a drop it would block is refused at plan time.
  { kind: 'trigger', key: 'app.typed.typed_noop', refs: ['table:app.typed'] },
  { kind: 'typed table', key: 'app.typed', refs: ['type:app.pair'] },
];

describe('inspector on a live server', () => {
  const dbs: FreshDatabase[] = [];
  const fresh = async (prefix: string, ddl: string): Promise<string> => {
    const db = await freshDatabase(prefix);
    dbs.push(db);
    await execSql(db.url, ddl);
    return db.url;
  };
  after(async () => { await Promise.all(dbs.map((db) => db.drop())); });

  test('the number of round trips does not depend on the number of objects', async () => {
    const small = await inspect(await fresh('inspect_small', manyTablesDdl(10)));
    const large = await inspect(await fresh('inspect_large', manyTablesDdl(300)));
    assert.equal(Object.keys(small.schema.tables).length, 10);
    assert.equal(Object.keys(large.schema.tables).length, 300);
    assert.equal(Object.keys(large.schema.indexes).length, 300);
    assert.equal(Object.keys(large.schema.constraints).length, 300 * 3 - 1);
    assert.equal(Object.keys(large.schema.sequences).length, 300); // serials; identity sequences are columns
    assert.equal(Object.keys(large.schema.views).length, 300);
    assert.equal(Object.keys(large.schema.functions).length, 300);
    assert.equal(Object.keys(large.schema.triggers).length, 300);
    assert.deepEqual(large.schema.views['bulk.v7']?.refs, ['col:bulk.t7.id']);
    assert.deepEqual(large.schema.unmanaged, []);
    assert.equal(small.queryCount, large.queryCount);
    // One query per catalog kind (event triggers, extended statistics, foreign data and publications since Coverage III; casts).
    assert.ok(small.queryCount <= 30, `queryCount ${small.queryCount}`);
  });

  describe('a schema with every managed kind', () => {
    let url = '';
    let live: Schema;
    let version = 0;
    before(async () => {
      url = await fresh('inspect_kinds', `
        CREATE EXTENSION citext;
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
        CREATE SEQUENCE app.counter AS integer START 5 INCREMENT 2 MINVALUE 1 MAXVALUE 1000 CACHE 3 CYCLE;
        CREATE TABLE app.people (
          id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
          alt integer GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME app.alt_ids MAXVALUE 500),
          serial_col serial,
          email public.citext NOT NULL,
          name text COLLATE "C",
          mood app.mood DEFAULT 'ok',
          n numeric(10,2) CONSTRAINT positive CHECK (n > 0),
          twice numeric GENERATED ALWAYS AS (n * 2) STORED,
          during tsrange,
          c integer DEFAULT nextval('app.counter'),
          CONSTRAINT people_email_key UNIQUE (email),
          CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
        ) WITH (fillfactor = 70, toast.autovacuum_enabled = false);
        ALTER TABLE app.people ADD CONSTRAINT people_alt_key UNIQUE (alt);
        ALTER SEQUENCE app.counter OWNED BY app.people.c;
        ALTER TABLE app.people DROP COLUMN during, ADD COLUMN during tsrange,
          ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);
        CREATE UNLOGGED TABLE app.log (person integer REFERENCES app.people (alt)) WITH (fillfactor = 50);
        CREATE INDEX people_lower_name ON app.people (lower(name)) WHERE n > 10;
        CREATE VIEW app.v AS SELECT id FROM app.people;
        CREATE FUNCTION app.f(a integer, b app.mood) RETURNS integer LANGUAGE sql AS 'SELECT 1';
        CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS x;
        CREATE TABLE app.parted (id int) PARTITION BY RANGE (id);
        CREATE TABLE app.parted_1 PARTITION OF app.parted FOR VALUES FROM (1) TO (10);
        CREATE TRIGGER parted_noop BEFORE UPDATE ON app.parted
          FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
        CREATE TABLE app.base (id int);
        CREATE TABLE app.derived () INHERITS (app.base);
        CREATE DOMAIN app.posint AS int CHECK (VALUE > 0);
        CREATE TYPE app.pair AS (a int, b int);
        CREATE TABLE app.typed OF app.pair;
        CREATE TRIGGER typed_noop BEFORE UPDATE ON app.typed
          FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
        CREATE TRIGGER people_noop BEFORE UPDATE ON app.people
          FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
        CREATE POLICY people_all ON app.people USING (true);
        CREATE RULE log_nothing AS ON DELETE TO app.log DO INSTEAD NOTHING;
        CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
        CREATE EVENT TRIGGER pgflux_test_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl();
        CREATE TABLE app.owned_by_ext (id int);
        ALTER EXTENSION citext ADD TABLE app.owned_by_ext;
        CREATE TYPE app.ext_pair AS (a int, b int);
        ALTER EXTENSION citext ADD TYPE app.ext_pair;
        CREATE TYPE app.ext_enum AS ENUM ('x');
        ALTER EXTENSION citext ADD TYPE app.ext_enum;
        CREATE SEQUENCE app.ext_seq;
        ALTER EXTENSION citext ADD SEQUENCE app.ext_seq;
        CREATE FUNCTION app.ext_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
        ALTER EXTENSION citext ADD FUNCTION app.ext_fn();
        CREATE SCHEMA ext_schema;
        ALTER EXTENSION citext ADD SCHEMA ext_schema;
        CREATE SCHEMA _pgflux;
        CREATE TABLE _pgflux.migrations (id int);
        CREATE TABLE public.plain (x int);`);
      const r = await inspect(url);
      live = r.schema;
      version = r.serverVersionNum;
    });

    test('schemas, extensions, enums, sequences', () => {
      assert.ok(version >= 140000);
      assert.deepEqual(Object.keys(live.schemas), ['app', 'public']); // not _pgflux, not ext_schema
      assert.deepEqual(Object.keys(live.extensions), ['citext']); // plpgsql is never reported
      assert.equal(live.extensions['citext']?.schema, 'public');
      assert.match(live.extensions['citext']?.version ?? '', /^\d+\.\d+$/);
      assert.deepEqual(Object.keys(live.enums), ['app.mood']);
      assert.deepEqual(live.enums['app.mood']?.values, ['sad', 'ok', 'happy']);
      assert.deepEqual(Object.keys(live.sequences), ['app.counter', 'app.people_serial_col_seq']);
      assert.deepEqual(live.sequences['app.counter'], {
        kind: 'sequence', name: { schema: 'app', name: 'counter' }, source: null,
        options: { dataType: 'int4', start: '5', increment: '2', minValue: '1', maxValue: '1000', cache: '3', cycle: true },
        ownedBy: { table: { schema: 'app', name: 'people' }, column: 'c' },
      });
      assert.deepEqual(live.sequences['app.people_serial_col_seq']?.ownedBy?.column, 'serial_col');
    });

    test('tables and columns', () => {
      // Partitioned tables, partitions and inheritance children are managed (typed tables are not).
      assert.deepEqual(Object.keys(live.tables), ['app.base', 'app.derived', 'app.log', 'app.parted', 'app.parted_1', 'app.people', 'public.plain']);
      assert.equal(live.tables['app.parted']?.partitionBy, 'RANGE (id)');
      assert.deepEqual(live.tables['app.parted_1']?.partitionOf, { parent: { schema: 'app', name: 'parted' }, bound: 'FOR VALUES FROM (1) TO (10)' });
      assert.deepEqual(live.tables['app.parted_1']?.columns, []); // a partition's columns are its parent's
      assert.deepEqual(live.tables['app.derived']?.inherits, [{ schema: 'app', name: 'base' }]);
      assert.deepEqual(live.tables['app.derived']?.columns, []);
      assert.equal(live.tables['app.base']?.inherits, undefined);
      const people = live.tables['app.people']!;
      assert.equal(people.unlogged, false);
      assert.deepEqual(people.options, ['fillfactor=70', 'toast.autovacuum_enabled=false']);
      assert.deepEqual(people.columns.map((c) => c.name),
        ['id', 'alt', 'serial_col', 'email', 'name', 'mood', 'n', 'twice', 'c', 'during']); // attnum order
      const col = (name: string) => people.columns.find((c) => c.name === name)!;
      assert.deepEqual(col('id').identity, {
        generation: 'always', sequenceName: { schema: 'app', name: 'people_id_seq' },
        options: { dataType: 'int8', start: '10', increment: '5', minValue: '1', maxValue: '9223372036854775807', cache: '1', cycle: false },
      });
      assert.equal(col('id').default, null);
      assert.equal(col('alt').identity?.generation, 'by_default');
      assert.deepEqual(col('alt').identity?.sequenceName, { schema: 'app', name: 'alt_ids' });
      assert.equal(col('alt').identity?.options.maxValue, '500');
      assert.deepEqual(col('serial_col').default?.refs, ['sequence:app.people_serial_col_seq']);
      assert.equal(col('serial_col').notNull, true);
      assert.deepEqual(col('email').type, { schema: 'public', name: 'citext', modifiers: [], arrayDims: 0 });
      assert.deepEqual(col('name').collation, { schema: 'pg_catalog', name: 'C' });
      assert.equal(col('email').collation, null); // the type's own collation is not explicit
      assert.deepEqual(col('mood').type, { schema: 'app', name: 'mood', modifiers: [], arrayDims: 0 });
      assert.ok(col('mood').default !== null);
      assert.deepEqual(col('n').type.modifiers, [10, 2]);
      assert.ok(col('twice').generated !== null);
      assert.equal(col('twice').default, null);
      assert.equal(live.tables['app.log']?.unlogged, true);
      assert.deepEqual(live.tables['app.log']?.options, ['fillfactor=50']);
    });

    test('constraints and indexes', () => {
      assert.deepEqual(Object.keys(live.constraints), [
        'app.log.log_person_fkey', 'app.people.no_overlap', 'app.people.people_alt_key',
        'app.people.people_email_key', 'app.people.people_pkey', 'app.people.positive',
      ]);
      const types = Object.fromEntries(Object.entries(live.constraints).map(([k, c]) => [k, c.type]));
      assert.deepEqual(types, {
        'app.log.log_person_fkey': 'foreign_key', 'app.people.no_overlap': 'exclude',
        'app.people.people_alt_key': 'unique', 'app.people.people_email_key': 'unique',
        'app.people.people_pkey': 'primary_key', 'app.people.positive': 'check',
      });
      assert.deepEqual(live.constraints['app.log.log_person_fkey']?.references,
        { table: { schema: 'app', name: 'people' }, columns: ['alt'] });
      // Indexes backing constraints are the constraints; the FK's conindid must not hide people_alt_key's index.
      assert.deepEqual(Object.keys(live.indexes), ['app.people_lower_name']);
      const ix = live.indexes['app.people_lower_name']!;
      assert.deepEqual(ix.table, { schema: 'app', name: 'people' });
      assert.equal(ix.unique, false);
      assert.match(ix.definition.canon, /lower\(name\)/);
      assert.match(ix.definition.canon, /WHERE/);
    });

    test('unmanaged objects are listed; extension members never are', () => {
      assert.deepEqual(live.unmanaged, UNMANAGED);
      // Managed since Coverage II: in the model, not in the list.
      assert.deepEqual(Object.keys(live.domains), ['app.posint']);
      assert.deepEqual(Object.keys(live.compositeTypes), ['app.pair']);
      assert.deepEqual(Object.keys(live.policies), ['app.people.people_all']);
      // Managed since Coverage III.
      assert.deepEqual(live.eventTriggers, {
        pgflux_test_ddl: { kind: 'event trigger', name: 'pgflux_test_ddl', event: 'ddl_command_end', tags: [], function: { schema: 'app', name: 'on_ddl' }, enabled: 'origin', source: null },
      });
    });

    test('views, functions, triggers and rules of managed relations, with their dependencies', () => {
      assert.deepEqual(Object.keys(live.views), ['app.mv', 'app.v']);
      assert.equal(live.views['app.mv']?.materialized, true);
      assert.deepEqual(live.views['app.v']?.columns.map((c) => c.name), ['id']);
      assert.deepEqual(live.views['app.v']?.refs, ['col:app.people.id']);
      assert.deepEqual(Object.keys(live.functions), ['app.f(int4,app.mood)', 'app.on_ddl()']);
      const f = live.functions['app.f(int4,app.mood)']!;
      assert.deepEqual(f.args.map((a) => [a.mode, a.name]), [['in', 'a'], ['in', 'b']]);
      assert.ok(f.refs.includes('type:app.mood'), f.refs.join(', '));
      assert.match(f.definition, /^CREATE OR REPLACE FUNCTION app\.f\(a integer, b app\.mood\)/);
      // The trigger on a partitioned table is the parent's; its clone on the partition is implied.
      assert.deepEqual(Object.keys(live.triggers), ['app.parted.parted_noop', 'app.people.people_noop']);
      assert.deepEqual(live.triggers['app.people.people_noop']?.refs, ['table:app.people']);
      assert.deepEqual(Object.keys(live.rules), ['app.log.log_nothing']);
      assert.match(live.rules['app.log.log_nothing']!.definition, /^CREATE RULE log_nothing AS\s+ON DELETE TO app\.log DO INSTEAD NOTHING$/);
    });

    test('output is deterministic', async () => {
      const again = await inspect(url);
      assert.equal(JSON.stringify(again.schema), JSON.stringify(live));
      for (const record of [live.schemas, live.tables, live.constraints, live.indexes, live.sequences]) {
        assert.ok(isSorted(Object.keys(record)));
      }
    });

    test('the schema filter reads only the given schemas', async () => {
      const app = (await inspect(url, { schemas: ['app'] })).schema;
      assert.deepEqual(Object.keys(app.schemas), ['app']);
      assert.deepEqual(Object.keys(app.extensions), []); // citext lives in public
      assert.deepEqual(Object.keys(app.tables), ['app.base', 'app.derived', 'app.log', 'app.parted', 'app.parted_1', 'app.people']);
      assert.deepEqual(app.unmanaged, UNMANAGED);
      // Event triggers belong to no schema: kept with the schema of the function they execute.
      assert.deepEqual(Object.keys(app.eventTriggers), ['pgflux_test_ddl']);
      assert.deepEqual(Object.keys(app.views), ['app.mv', 'app.v']);
      const pub = (await inspect(url, { schemas: ['public'] })).schema;
      assert.deepEqual(Object.keys(pub.schemas), ['public']);
      assert.deepEqual(Object.keys(pub.extensions), ['citext']);
      assert.deepEqual(Object.keys(pub.tables), ['public.plain']);
      assert.deepEqual(Object.keys(pub.constraints), []);
      assert.deepEqual(Object.keys(pub.sequences), []);
      assert.deepEqual(Object.keys(pub.eventTriggers), []);
      assert.deepEqual(pub.unmanaged, []);
      const tracked = (await inspect(url, { trackingSchema: 'app' })).schema;
      assert.deepEqual(Object.keys(tracked.schemas), ['_pgflux', 'public']);
    });
  });

  test('storage parameters of PRIMARY KEY / UNIQUE constraints are read from their index (symmetry)', async () => {
    const ddl = `
      CREATE TABLE public.ff (
        id int CONSTRAINT ff_pkey PRIMARY KEY WITH (fillfactor = 70),
        a text, b text, c int,
        CONSTRAINT ff_a_key UNIQUE (a) INCLUDE (c) WITH (fillfactor = 60, deduplicate_items = off) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "ff b)key" UNIQUE ("b") WITH (fillfactor=90),
        CONSTRAINT ff_plain UNIQUE (c)
      );`;
    const url = await fresh('inspect_fillfactor', ddl);
    const live = (await inspect(url)).schema;
    const desired = await parseSource(ddl);
    assert.deepEqual(comparable(asComparedTo(live, desired)), comparable(desired));
    assert.match(live.constraints['public.ff.ff_pkey']!.definition.canon, /fillfactor/);
    assert.match(live.constraints['public.ff.ff_a_key']!.definition.canon, /deduplicate_items/);
    assert.doesNotMatch(live.constraints['public.ff.ff_plain']!.definition.canon, /WITH/);
    // Without the options the two sides differ: the assertion above is not vacuous.
    await execSql(url, 'ALTER INDEX public.ff_pkey RESET (fillfactor)');
    const reset = (await inspect(url)).schema;
    assert.notDeepEqual(comparable(asComparedTo(reset, desired)), comparable(desired));
  });

  test('PG 18 catalog facts are version-gated: NOT NULL constraints (named), virtual columns', async () => {
    const url = await fresh('inspect_pg18', `
      CREATE TABLE public.nn (a int NOT NULL, b int CONSTRAINT b_required NOT NULL, c int);`);
    const probe = await withClient(url, (c) => c.query('SHOW server_version_num'));
    const is18 = Number(probe.rows[0].server_version_num) >= 180000;
    if (is18) {
      await execSql(url, 'ALTER TABLE public.nn ADD COLUMN d int GENERATED ALWAYS AS (c * 2) VIRTUAL');
      const n = await withClient(url, (c) => c.query("SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'n' AND conrelid = 'public.nn'::regclass"));
      assert.equal(n.rows[0].n, 2, 'PG 18 stores NOT NULL as constraints; the inspector must skip them');
    }
    const live = (await inspect(url)).schema;
    assert.deepEqual(Object.keys(live.constraints), []);
    const nn = live.tables['public.nn']!;
    assert.deepEqual(nn.columns.map((c) => [c.name, c.notNull]).slice(0, 3), [['a', true], ['b', true], ['c', false]]);
    // A chosen NOT NULL name is a fact of the column on 18 (the default name is not); before 18 names do not exist.
    assert.deepEqual(nn.columns.map((c) => c.notNullName ?? null), is18 ? [null, 'b_required', null, null] : [null, null, null]);
    assert.deepEqual(live.unmanaged, []);
    if (is18) assert.deepEqual([nn.columns[3]!.virtual, nn.columns[3]!.generated?.canon !== undefined], [true, true]);
  });
});
