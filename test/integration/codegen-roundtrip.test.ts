/**
 * Driver round trips: a row of every column type of the kitchen sink, read back by the real
 * driver, must inhabit the generated type. node-postgres: each value's typeof / instanceof is
 * what the generated TS type says, and the generated zod row schema (whose z.infer is the
 * interface) accepts the row. psycopg 3: the generated pydantic v2 model validates the row in
 * strict mode (no coercion: the value must already be of the annotated Python type).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freshDatabase, type FreshDatabase } from '../support/database.js';
import { loadSql, parseSource } from '../support/pipeline.js';
import { generateCode } from '../../src/core/emit/codegen/generate.js';
import { defaultOptions } from '../../src/core/emit/codegen/options.js';
import type { Schema } from '../../src/core/model/schema.js';
import * as T from '../support/codegen-toolchains.js';

const KITCHEN = join(T.REPO, 'test', 'codegen', 'kitchen-sink');
let db: FreshDatabase;
let schema: Schema;
let dir = '';

before(async () => {
  db = await freshDatabase('cg_roundtrip');
  const sql = readFileSync(join(KITCHEN, 'schema.sql'), 'utf8');
  await loadSql(db.url, sql);
  await loadSql(db.url, readFileSync(join(KITCHEN, 'rows.sql'), 'utf8'));
  schema = await parseSource(sql, 'schema.sql');
  dir = mkdtempSync(join(tmpdir(), 'pgflux-roundtrip-'));
  symlinkSync(join(T.REPO, 'node_modules'), join(dir, 'node_modules'));
});

after(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = ['users', 'all_types', 'places', 'orders', 'order_lines', 'shipments', 'billing.users', 'billing.invoices'];

/** Does a runtime value inhabit a TS type as the printer spells it (`T | null`, `(T | null)[]`, names)? */
const inhabits = (v: unknown, type: string, names: Record<string, (x: unknown) => boolean>): boolean => {
  const parts = splitUnion(type);
  return parts.some((p) => {
    if (p === 'null') return v === null;
    if (p.endsWith('[]')) {
      const el = p.slice(0, -2).replace(/^\((.*)\)$/, '$1');
      return Array.isArray(v) && v.every((x) => inhabits(x, el, names));
    }
    if (/^".*"$/.test(p)) return v === JSON.parse(p);
    if (p === 'string' || p === 'number' || p === 'boolean' || p === 'bigint') return typeof v === p;
    if (p === 'Date') return v instanceof Date;
    if (p === 'Buffer') return Buffer.isBuffer(v);
    const check = names[p];
    if (!check) throw new Error(`round trip: no runtime check for type ${p}`);
    return check(v);
  });
};

/** Top-level `|` parts of a type (parentheses respected). */
const splitUnion = (t: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of t) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  out.push(cur.trim());
  return out;
};

test('node-postgres: every value has the runtime type the generated TS type says, and the zod row schema accepts it', async () => {
  const files = generateCode(schema, { ...defaultOptions('ts'), validators: 'zod' }).files;
  T.writeFiles(join(dir, 'ts'), files);
  const tables = files.find((f) => f.path === 'tables.ts')!.text;
  const validators = await import(pathToFileURL(join(dir, 'ts', 'validators.ts')).href) as Record<string, { parse: (v: unknown) => unknown }>;
  const enumValues = await import(pathToFileURL(join(dir, 'ts', 'tables.ts')).href) as Record<string, readonly string[]>;
  const json = (x: unknown): boolean => x === null || ['string', 'number', 'boolean'].includes(typeof x) || (typeof x === 'object');
  const names: Record<string, (x: unknown) => boolean> = {
    JsonValue: json,
    PgInterval: (x) => typeof x === 'object' && x !== null && typeof (x as { toPostgres?: unknown }).toPostgres === 'function',
    PgPoint: (x) => typeof x === 'object' && x !== null && typeof (x as { x?: unknown }).x === 'number' && typeof (x as { y?: unknown }).y === 'number',
    PgCircle: (x) => typeof x === 'object' && x !== null && typeof (x as { radius?: unknown }).radius === 'number',
    Mood: (x) => enumValues['MoodValues']!.includes(x as string),
    BillingStatus: (x) => enumValues['BillingStatusValues']!.includes(x as string),
  };
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const table of TABLES) {
      const iface = interfaceOf(tables, table);
      const { rows } = await client.query(`SELECT * FROM ${table.includes('.') ? table : `public.${table}`}`);
      assert.ok(rows.length > 0, `${table} has rows`);
      for (const row of rows as Record<string, unknown>[]) {
        for (const [col, type] of Object.entries(iface.fields)) {
          assert.ok(col in row, `${table}.${col} is in the row`);
          assert.ok(inhabits(row[col], type, names), `${table}.${col}: ${JSON.stringify(row[col], (_k, x) => (typeof x === 'bigint' ? String(x) : x))} (${typeof row[col]}) is not a ${type}`);
        }
        assert.deepEqual(Object.keys(row).sort(), Object.keys(iface.fields).sort(), `${table}: the row has exactly the interface's keys`);
        validators[`${iface.name}Schema`]!.parse(row);
      }
    }
    // Spelled out for the kinds that are easy to get wrong: a composite is its text literal, a range its
    // text, a declared 2-D / 3-D array nested arrays (node-postgres parses the nesting).
    const place = interfaceOf(tables, 'places').fields;
    assert.equal(place['work'], 'string');
    assert.equal(place['span'], 'string | null');
    assert.equal(place['c_text_2d'], '(string | null)[][] | null');
    assert.equal(place['c_int4_3d'], '(number | null)[][][] | null');
    const { rows: [p] } = await client.query('SELECT * FROM public.places WHERE id = 1');
    assert.equal(p.home, '("1 Main St",12345,"{a,NULL}",happy)');
    assert.equal(p.span, '[1.5,2.5)');
    assert.equal(p.spans, '{[1,2),[3,4]}');
    assert.deepEqual(p.c_text_2d, [['a', 'b c'], [null, 'd']]);
    assert.deepEqual(p.c_int4_3d, [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    assert.match(tables, /export interface Address \{/, 'the parsed shape of the composite is there for code that parses it');
  } finally {
    await client.end();
  }
});

/** The Row interface of a table in tables.ts: name and `field: type` pairs. */
const interfaceOf = (text: string, table: string): { name: string; fields: Record<string, string> } => {
  const key = table.includes('.') ? table : `public.${table}`;
  const m = new RegExp(`/\\*\\* Row of table ${key.replace('.', '\\.')}\\. \\*/\\nexport interface (\\w+) \\{\\n([\\s\\S]*?)\\n\\}`).exec(text);
  assert.ok(m, `Row interface of ${key}`);
  const fields: Record<string, string> = {};
  for (const line of m[2]!.split('\n')) {
    const f = /^ {2}("?[^:"]+"?): (.+);$/.exec(line);
    if (f) fields[f[1]!.replace(/^"|"$/g, '')] = f[2]!;
  }
  return { name: m[1]!, fields };
};

test('psycopg 3: the generated pydantic v2 models validate every row in strict mode', async () => {
  const env = T.findPydantic2();
  assert.ok(env, 'no python3 with pydantic >= 2 found');
  assert.ok(env.psycopgPath, 'Debian python3-psycopg is not installed (.ci/run installs it)');
  T.writeFiles(join(dir, 'py', 'gen'), generateCode(schema, { ...defaultOptions('python') }).files);
  const script = `
import sys
import psycopg
from psycopg.rows import dict_row
from gen import models
conn = psycopg.connect(sys.argv[1], row_factory=dict_row)
models.register_types(conn)
checked = 0
for table, cls in [${TABLES.map((t) => `(${JSON.stringify(t)}, models.${pyClass(t)})`).join(', ')}]:
    rows = conn.execute("SELECT * FROM " + table).fetchall()
    assert rows, table
    for row in rows:
        cls.model_validate(row, strict=True)
        assert set(row) == set(cls.model_fields[f].alias or f for f in cls.model_fields), table
        checked += 1
place = models.Place.model_validate(conn.execute("SELECT * FROM places WHERE id = 1").fetchone(), strict=True)
assert isinstance(place.home, models.Address) and place.home.mood is models.Mood.HAPPY, place.home
assert isinstance(place.lines[0].ship_to, models.Address), place.lines
assert place.span is not None and place.span.lower == 1.5, place.span
assert place.spans is not None and len(place.spans) == 2, place.spans
assert place.c_int4_3d == [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], place.c_int4_3d
print(checked)
`;
  const r = await T.run(env.python, ['-c', script, db.url], join(dir, 'py'), { PYTHONPATH: [join(dir, 'py'), env.psycopgPath].join(':') });
  assert.ok(r.ok, r.output);
  assert.ok(Number(r.output.trim()) >= 9, r.output);
});

const pyClass = (t: string): string => ({
  users: 'User', all_types: 'AllType', places: 'Place', orders: 'Order', order_lines: 'OrderLine', shipments: 'Shipment',
  'billing.users': 'BillingUser', 'billing.invoices': 'BillingInvoice',
} as Record<string, string>)[t]!;
