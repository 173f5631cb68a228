/**
 * The combined type table (codegen.md §2.2): for each built-in PostgreSQL type, what each driver
 * profile returns for it. Pure data: the printers look types up here and nowhere else, and the
 * README's mapping table is generated from it (so docs and code cannot drift apart).
 *
 * TypeScript is node-postgres 8 (text protocol, pg-types 2 parsers); entries that depend on
 * --bigint-as / --dates-as list one variant per choice. Go is pgx v5 and database/sql
 * (lib/pq or pgx stdlib). Python is psycopg 3 with pydantic v2. Rust is sqlx (postgres).
 */

/** A TypeScript spelling with its zod schema. */
export interface TsType {
  readonly ts: string;
  readonly zod: string;
  /** A pg type parser must be registered for the driver to return this (see pg-parsers.ts). */
  readonly parser?: string;
}

export interface GoType {
  /** The Go type of a non-null value. */
  readonly type: string;
  /** The Go type of a nullable value: `*` means a pointer to `type`; otherwise a type that holds NULL itself. */
  readonly nullable: string;
  readonly imports: readonly string[];
}

export interface PyType {
  readonly type: string;
  readonly imports: readonly string[];
}

/** Rust type, or null when sqlx cannot decode the type (the field is left out, with a comment). */
export type RustType = { readonly type: string } | null;

export interface TypeEntry {
  /** Validator family: which bounds (integer range, length) apply. */
  readonly family: 'int' | 'int8' | 'float' | 'numeric' | 'bool' | 'text' | 'bytes' | 'uuid' | 'json' | 'temporal' | 'other';
  readonly intRange?: readonly [number, number];
  readonly ts: TsType | { readonly by: 'bigintAs' | 'datesAs'; readonly variants: Readonly<Record<string, TsType>> };
  /** node-postgres parses arrays of this type (pg-types 2 registers the array OID); else an array comes back as its text. */
  readonly tsArrayParsed: boolean;
  /** The element type node-postgres gives inside a parsed array, when it differs from the scalar (numeric[] → numbers). */
  readonly tsArrayElement?: TsType;
  /** Why the TS type is what it is, when that is surprising (printed as a doc comment on the field). */
  readonly tsNote?: string;
  readonly goPgx: GoType;
  readonly goSql: GoType;
  readonly python: PyType;
  readonly rust: RustType;
}

const ts = (t: string, zod: string, parser?: string): TsType => (parser ? { ts: t, zod, parser } : { ts: t, zod });
const go = (type: string, nullable = '*', imports: readonly string[] = []): GoType => ({ type, nullable, imports });
const py = (type: string, ...imports: string[]): PyType => ({ type, imports });
const rs = (type: string): RustType => ({ type });

const STR = ts('string', 'z.string()');
const NUM = ts('number', 'z.number()');
const intZod = (lo: number, hi: number): string => `z.number().int().gte(${lo}).lte(${hi})`;
const I16: readonly [number, number] = [-32768, 32767];
const I32: readonly [number, number] = [-2147483648, 2147483647];

const TEXT: TypeEntry = {
  family: 'text', ts: STR, tsArrayParsed: true,
  goPgx: go('string'), goSql: go('string', 'sql.NullString', ['database/sql']), python: py('str'), rust: rs('String'),
};
/** A type every driver hands over as its text form. */
const textual = (arrayParsed: boolean, rust: RustType): TypeEntry => ({ ...TEXT, family: 'other', tsArrayParsed: arrayParsed, rust });

const dates = (d: TsType, s: TsType, t: TsType): TypeEntry['ts'] => ({ by: 'datesAs', variants: { Date: d, string: s, temporal: t } });
const RANGE = 'from psycopg.types.range import Range';
const MULTIRANGE = 'from psycopg.types.multirange import Multirange';
const TEMPORAL = 'Temporal';
const RANGE_NOTE = "node-postgres returns ranges as their text ('[1,10)')";
const MULTIRANGE_NOTE = "node-postgres returns multiranges as their text ('{[1,3),[5,7)}')";

const JSON_ENTRY: TypeEntry = {
  family: 'json', ts: ts('JsonValue', 'z.json()'), tsArrayParsed: true,
  goPgx: go('json.RawMessage', 'json.RawMessage', ['encoding/json']), goSql: go('json.RawMessage', 'json.RawMessage', ['encoding/json']),
  python: py('JsonValue', 'from pydantic import JsonValue'), rust: rs('serde_json::Value'),
};


export const TYPE_TABLE: Readonly<Record<string, TypeEntry>> = {
  int2: {
    family: 'int', intRange: I16, ts: ts('number', intZod(...I16)), tsArrayParsed: true,
    goPgx: go('int16'), goSql: go('int16', 'sql.NullInt16', ['database/sql']), python: py('int'), rust: rs('i16'),
  },
  int4: {
    family: 'int', intRange: I32, ts: ts('number', intZod(...I32)), tsArrayParsed: true,
    goPgx: go('int32'), goSql: go('int32', 'sql.NullInt32', ['database/sql']), python: py('int'), rust: rs('i32'),
  },
  int8: {
    family: 'int8',
    ts: { by: 'bigintAs', variants: {
      string: ts('string', 'z.string().regex(/^-?\\d+$/)'),
      number: ts('number', 'z.number().int()', 'int8:number'),
      bigint: ts('bigint', 'z.bigint()', 'int8:bigint'),
    } },
    tsArrayParsed: true,
    goPgx: go('int64'), goSql: go('int64', 'sql.NullInt64', ['database/sql']), python: py('int'), rust: rs('i64'),
  },
  oid: {
    family: 'int', intRange: [0, 4294967295], ts: ts('number', 'z.number().int().gte(0)'), tsArrayParsed: true,
    goPgx: go('uint32'), goSql: go('uint32'), python: py('int'), rust: rs('sqlx::postgres::types::Oid'),
  },
  float4: {
    family: 'float', ts: NUM, tsArrayParsed: true,
    goPgx: go('float32'), goSql: go('float32'), python: py('float'), rust: rs('f32'),
  },
  float8: {
    family: 'float', ts: NUM, tsArrayParsed: true,
    goPgx: go('float64'), goSql: go('float64', 'sql.NullFloat64', ['database/sql']), python: py('float'), rust: rs('f64'),
  },
  numeric: {
    family: 'numeric', ts: STR, tsArrayParsed: true, tsArrayElement: NUM,
    goPgx: go('pgtype.Numeric', 'pgtype.Numeric', ['github.com/jackc/pgx/v5/pgtype']),
    goSql: go('string', 'sql.NullString', ['database/sql']),
    python: py('Decimal', 'from decimal import Decimal'), rust: rs('rust_decimal::Decimal'),
  },
  money: { ...textual(true, rs('sqlx::postgres::types::PgMoney')), family: 'other' },
  bool: {
    family: 'bool', ts: ts('boolean', 'z.boolean()'), tsArrayParsed: true,
    goPgx: go('bool'), goSql: go('bool', 'sql.NullBool', ['database/sql']), python: py('bool'), rust: rs('bool'),
  },
  text: TEXT,
  varchar: TEXT,
  bpchar: TEXT,
  name: { ...TEXT, tsArrayParsed: false },
  char: { ...TEXT, tsArrayParsed: false, rust: rs('i8') },
  citext: { ...TEXT, tsArrayParsed: false },
  bytea: {
    family: 'bytes', ts: ts('Buffer', 'z.instanceof(Buffer)'), tsArrayParsed: true,
    goPgx: go('[]byte', '[]byte'), goSql: go('[]byte', '[]byte'), python: py('bytes'), rust: rs('Vec<u8>'),
  },
  uuid: {
    family: 'uuid', ts: ts('string', 'z.guid()'), tsArrayParsed: true,
    goPgx: go('pgtype.UUID', 'pgtype.UUID', ['github.com/jackc/pgx/v5/pgtype']),
    goSql: go('string', 'sql.NullString', ['database/sql']),
    python: py('UUID', 'from uuid import UUID'), rust: rs('uuid::Uuid'),
  },
  json: JSON_ENTRY,
  jsonb: JSON_ENTRY,
  jsonpath: TEXT,
  date: {
    family: 'temporal',
    ts: dates(ts('Date', 'z.date()'), ts('string', 'z.string()', 'date:string'), ts(`${TEMPORAL}.PlainDate`, `z.instanceof(${TEMPORAL}.PlainDate)`, 'date:temporal')),
    tsArrayParsed: true,
    goPgx: go('time.Time', '*', ['time']), goSql: go('time.Time', 'sql.NullTime', ['database/sql', 'time']),
    python: py('date', 'from datetime import date'), rust: rs('chrono::NaiveDate'),
  },
  time: {
    family: 'temporal',
    ts: dates(STR, STR, ts(`${TEMPORAL}.PlainTime`, `z.instanceof(${TEMPORAL}.PlainTime)`, 'time:temporal')),
    tsArrayParsed: true,
    goPgx: go('pgtype.Time', 'pgtype.Time', ['github.com/jackc/pgx/v5/pgtype']), goSql: go('string', 'sql.NullString', ['database/sql']),
    python: py('time', 'from datetime import time'), rust: rs('chrono::NaiveTime'),
  },
  timetz: {
    family: 'temporal', ts: STR, tsArrayParsed: true,
    goPgx: go('string'), goSql: go('string', 'sql.NullString', ['database/sql']),
    python: py('time', 'from datetime import time'), rust: rs('sqlx::postgres::types::PgTimeTz'),
  },
  timestamp: {
    family: 'temporal',
    ts: dates(ts('Date', 'z.date()'), ts('string', 'z.string()', 'timestamp:string'), ts(`${TEMPORAL}.PlainDateTime`, `z.instanceof(${TEMPORAL}.PlainDateTime)`, 'timestamp:temporal')),
    tsArrayParsed: true,
    goPgx: go('time.Time', '*', ['time']), goSql: go('time.Time', 'sql.NullTime', ['database/sql', 'time']),
    python: py('datetime', 'from datetime import datetime'), rust: rs('chrono::NaiveDateTime'),
  },
  timestamptz: {
    family: 'temporal',
    ts: dates(ts('Date', 'z.date()'), ts('string', 'z.string()', 'timestamptz:string'), ts(`${TEMPORAL}.Instant`, `z.instanceof(${TEMPORAL}.Instant)`, 'timestamptz:temporal')),
    tsArrayParsed: true,
    goPgx: go('time.Time', '*', ['time']), goSql: go('time.Time', 'sql.NullTime', ['database/sql', 'time']),
    python: py('datetime', 'from datetime import datetime'), rust: rs('chrono::DateTime<chrono::Utc>'),
  },
  interval: {
    family: 'temporal',
    ts: dates(ts('PgInterval', 'z.custom<PgInterval>((v) => typeof v === "object" && v !== null)'), ts('string', 'z.string()', 'interval:string'),
      ts(`${TEMPORAL}.Duration`, `z.instanceof(${TEMPORAL}.Duration)`, 'interval:temporal')),
    tsArrayParsed: true,
    goPgx: go('pgtype.Interval', 'pgtype.Interval', ['github.com/jackc/pgx/v5/pgtype']), goSql: go('string', 'sql.NullString', ['database/sql']),
    python: py('timedelta', 'from datetime import timedelta'), rust: rs('sqlx::postgres::types::PgInterval'),
  },
  inet: {
    ...textual(true, rs('sqlx::types::ipnetwork::IpNetwork')),
    goPgx: go('netip.Prefix', '*', ['net/netip']),
    python: py('IPv4Interface | IPv6Interface', 'from ipaddress import IPv4Interface, IPv6Interface'),
  },
  cidr: {
    ...textual(true, rs('sqlx::types::ipnetwork::IpNetwork')),
    goPgx: go('netip.Prefix', '*', ['net/netip']),
    python: py('IPv4Network | IPv6Network', 'from ipaddress import IPv4Network, IPv6Network'),
  },
  macaddr: { ...textual(true, rs('sqlx::types::mac_address::MacAddress')), goPgx: go('net.HardwareAddr', 'net.HardwareAddr', ['net']) },
  macaddr8: { ...textual(false, null), goPgx: go('net.HardwareAddr', 'net.HardwareAddr', ['net']) },
  point: {
    ...textual(true, rs('sqlx::postgres::types::PgPoint')), ts: ts('PgPoint', 'z.object({ x: z.number(), y: z.number() })'),
    goPgx: go('pgtype.Point', 'pgtype.Point', ['github.com/jackc/pgx/v5/pgtype']),
  },
  circle: {
    ...textual(false, rs('sqlx::postgres::types::PgCircle')), ts: ts('PgCircle', 'z.object({ x: z.number(), y: z.number(), radius: z.number() })'),
    goPgx: go('pgtype.Circle', 'pgtype.Circle', ['github.com/jackc/pgx/v5/pgtype']),
  },
  line: { ...textual(false, rs('sqlx::postgres::types::PgLine')), goPgx: go('pgtype.Line', 'pgtype.Line', ['github.com/jackc/pgx/v5/pgtype']) },
  lseg: { ...textual(false, rs('sqlx::postgres::types::PgLSeg')), goPgx: go('pgtype.Lseg', 'pgtype.Lseg', ['github.com/jackc/pgx/v5/pgtype']) },
  box: { ...textual(false, rs('sqlx::postgres::types::PgBox')), goPgx: go('pgtype.Box', 'pgtype.Box', ['github.com/jackc/pgx/v5/pgtype']) },
  path: { ...textual(false, rs('sqlx::postgres::types::PgPath')), goPgx: go('pgtype.Path', 'pgtype.Path', ['github.com/jackc/pgx/v5/pgtype']) },
  polygon: { ...textual(false, rs('sqlx::postgres::types::PgPolygon')), goPgx: go('pgtype.Polygon', 'pgtype.Polygon', ['github.com/jackc/pgx/v5/pgtype']) },
  bit: { ...textual(false, rs('sqlx::types::BitVec')), goPgx: go('pgtype.Bits', 'pgtype.Bits', ['github.com/jackc/pgx/v5/pgtype']) },
  varbit: { ...textual(false, rs('sqlx::types::BitVec')), goPgx: go('pgtype.Bits', 'pgtype.Bits', ['github.com/jackc/pgx/v5/pgtype']) },
  int4range: { ...textual(false, rs('sqlx::postgres::types::PgRange<i32>')), tsNote: RANGE_NOTE, python: py('Range[int]', RANGE), goPgx: go('pgtype.Range[pgtype.Int4]', 'pgtype.Range[pgtype.Int4]', ['github.com/jackc/pgx/v5/pgtype']) },
  int8range: { ...textual(false, rs('sqlx::postgres::types::PgRange<i64>')), tsNote: RANGE_NOTE, python: py('Range[int]', RANGE), goPgx: go('pgtype.Range[pgtype.Int8]', 'pgtype.Range[pgtype.Int8]', ['github.com/jackc/pgx/v5/pgtype']) },
  numrange: { ...textual(true, rs('sqlx::postgres::types::PgRange<rust_decimal::Decimal>')), tsNote: RANGE_NOTE, python: py('Range[Decimal]', RANGE, 'from decimal import Decimal'), goPgx: go('pgtype.Range[pgtype.Numeric]', 'pgtype.Range[pgtype.Numeric]', ['github.com/jackc/pgx/v5/pgtype']) },
  daterange: { ...textual(false, rs('sqlx::postgres::types::PgRange<chrono::NaiveDate>')), tsNote: RANGE_NOTE, python: py('Range[date]', RANGE, 'from datetime import date'), goPgx: go('pgtype.Range[pgtype.Date]', 'pgtype.Range[pgtype.Date]', ['github.com/jackc/pgx/v5/pgtype']) },
  tsrange: { ...textual(false, rs('sqlx::postgres::types::PgRange<chrono::NaiveDateTime>')), tsNote: RANGE_NOTE, python: py('Range[datetime]', RANGE, 'from datetime import datetime'), goPgx: go('pgtype.Range[pgtype.Timestamp]', 'pgtype.Range[pgtype.Timestamp]', ['github.com/jackc/pgx/v5/pgtype']) },
  tstzrange: { ...textual(false, rs('sqlx::postgres::types::PgRange<chrono::DateTime<chrono::Utc>>')), tsNote: RANGE_NOTE, python: py('Range[datetime]', RANGE, 'from datetime import datetime'), goPgx: go('pgtype.Range[pgtype.Timestamptz]', 'pgtype.Range[pgtype.Timestamptz]', ['github.com/jackc/pgx/v5/pgtype']) },
  int4multirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Int4]]', 'pgtype.Multirange[pgtype.Range[pgtype.Int4]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[int]', MULTIRANGE) },
  int8multirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Int8]]', 'pgtype.Multirange[pgtype.Range[pgtype.Int8]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[int]', MULTIRANGE) },
  nummultirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Numeric]]', 'pgtype.Multirange[pgtype.Range[pgtype.Numeric]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[Decimal]', MULTIRANGE, 'from decimal import Decimal') },
  datemultirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Date]]', 'pgtype.Multirange[pgtype.Range[pgtype.Date]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[date]', MULTIRANGE, 'from datetime import date') },
  tsmultirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Timestamp]]', 'pgtype.Multirange[pgtype.Range[pgtype.Timestamp]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[datetime]', MULTIRANGE, 'from datetime import datetime') },
  tstzmultirange: { ...textual(false, null), tsNote: MULTIRANGE_NOTE, goPgx: go('pgtype.Multirange[pgtype.Range[pgtype.Timestamptz]]', 'pgtype.Multirange[pgtype.Range[pgtype.Timestamptz]]', ['github.com/jackc/pgx/v5/pgtype']), python: py('Multirange[datetime]', MULTIRANGE, 'from datetime import datetime') },
  tsvector: textual(false, null),
  tsquery: textual(false, null),
  xml: textual(false, null),
  pg_lsn: textual(false, null),
  regclass: textual(false, rs('sqlx::postgres::types::Oid')),
  regtype: textual(false, rs('sqlx::postgres::types::Oid')),
  regproc: textual(true, rs('sqlx::postgres::types::Oid')),
};

/**
 * Types the model names with a schema that every driver sees as text (extension types): citext
 * resolves wherever it is installed. Anything else unknown falls back to text with a warning.
 */
export const EXTENSION_TEXT_TYPES = new Set(['citext']);

/** The fallback for types the table does not know: drivers hand over their text form. */
export const UNKNOWN_TYPE: TypeEntry = textual(false, null);
