/**
 * Canonical column types. Both sides go through PostgreSQL's grammar: source text directly,
 * catalog text via format_type() re-parsed, so `integer`, `int`, `int4` all arrive as
 * `pg_catalog.int4` and only the few grammar-level spellings need folding here.
 */
import type { Node } from '../parse/pg-query.js';
import { declaredDimsOf, withDeclaredDims, type TypeRef } from '../model/type-ref.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';
import { DEFAULT_SCHEMA } from './defaults.js';

/**
 * Every type of pg_catalog (except catalog row types): an unqualified name that is one of these
 * always means the built-in type, since pg_catalog comes first on every search_path.
 */
const BUILTIN = new Set(`aclitem any anyarray anycompatible anycompatiblearray anycompatiblemultirange
anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray anyrange bit bool box bpchar
bytea char cid cidr circle cstring date datemultirange daterange event_trigger fdw_handler float4 float8 gtsvector
index_am_handler inet int2 int2vector int4 int4multirange int4range int8 int8multirange int8range internal interval
json jsonb jsonpath language_handler line lseg macaddr macaddr8 money name numeric nummultirange numrange oid
oidvector path pg_brin_bloom_summary pg_brin_minmax_multi_summary pg_ddl_command pg_dependencies pg_lsn pg_mcv_list
pg_ndistinct pg_node_tree pg_snapshot point polygon record refcursor regclass regcollation regconfig regdictionary
regnamespace regoper regoperator regproc regprocedure regrole regtype table_am_handler text tid time timestamp
timestamptz timetz trigger tsm_handler tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot
unknown uuid varbit varchar void xid xid8 xml`.split(/\s+/));

/** Types whose unqualified spelling the grammar leaves as written (not pg_catalog-qualified). */
const ALIASES: Readonly<Record<string, string>> = {
  integer: 'int4', int: 'int4', smallint: 'int2', bigint: 'int8', real: 'float4', boolean: 'bool',
  'double precision': 'float8', decimal: 'numeric', 'character varying': 'varchar', character: 'bpchar',
};

export const isBuiltinType = (name: string): boolean => BUILTIN.has(name);

/** A one-part type name as written that means a built-in type (an alias such as `integer` included). */
export const isBuiltinTypeSpelling = (name: string): boolean => BUILTIN.has(ALIASES[name] ?? name);

const strVal = (n: Node): string => n['String']?.sval ?? '';

/**
 * A type modifier: a number, or a word (PostGIS `geometry(Polygon,4326)`), folded to lower case as
 * the parser folds identifiers, so the source's spelling and the catalog's format_type compare equal.
 */
const modifierVal = (n: Node): number | string => {
  const c = n['A_Const'];
  if (c?.ival !== undefined) return c.ival.ival ?? 0;
  if (c?.fval !== undefined) return Number(c.fval.fval);
  if (n['Integer']) return n['Integer'].ival ?? 0;
  const fields: Node[] | undefined = n['ColumnRef']?.fields;
  if (fields?.length === 1 && fields[0]?.['String']) return String(fields[0]['String'].sval);
  throw new Error(`unsupported type modifier: ${JSON.stringify(n)}`);
};

/** TypeName AST node → TypeRef. `%TYPE` references and SETOF are not column types. */
export const typeRefFromAst = (typeName: Node): TypeRef => {
  const names: string[] = (typeName['names'] ?? []).map(strVal);
  let schema: string | null;
  let name: string;
  if (names.length === 2 && names[0] === 'pg_catalog') { schema = null; name = names[1]!; }
  else if (names.length === 1) {
    const n = ALIASES[names[0]!] ?? names[0]!;
    if (BUILTIN.has(n)) { schema = null; name = n; } else { schema = DEFAULT_SCHEMA; name = n; }
  } else if (names.length === 2) { schema = names[0]!; name = names[1]!; }
  else if (names.length === 3) { schema = names[1]!; name = names[2]!; } // db.schema.type
  else throw new Error(`unsupported type name: ${names.join('.')}`);
  let modifiers = (typeName['typmods'] ?? []).map(modifierVal);
  // numeric(p) means numeric(p,0); format_type prints the scale.
  if (schema === null && name === 'numeric' && modifiers.length === 1) modifiers = [modifiers[0]!, 0];
  const bounds = (typeName['arrayBounds'] ?? []).length;
  const arrayDims = bounds > 0 ? 1 : 0;
  return withDeclaredDims({ schema, name, modifiers, arrayDims }, bounds);
};

const INTERVAL_FIELDS: Readonly<Record<number, string>> = {
  4: 'year', 2: 'month', 8: 'day', 1024: 'hour', 2048: 'minute', 4096: 'second',
  6: 'year to month', 1032: 'day to hour', 3080: 'day to minute', 7176: 'day to second',
  3072: 'hour to minute', 7168: 'hour to second', 6144: 'minute to second',
};
const INTERVAL_FULL_RANGE = 0x7fff;

const SQL_NAMES: Readonly<Record<string, string>> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision',
  bool: 'boolean', varchar: 'character varying', bpchar: 'character', varbit: 'bit varying',
  timestamptz: 'timestamp with time zone', timetz: 'time with time zone', char: '"char"',
};

/** TypeRef → SQL type text, the way a person would write it (`character varying(10)[]`). */
export const typeToSql = (t: TypeRef): string => {
  // Declared dimensions are written back, so that a column created from the model keeps its attndims.
  const arr = '[]'.repeat(declaredDimsOf(t));
  if (t.schema !== null) {
    const mods = t.modifiers.length ? `(${t.modifiers.join(',')})` : '';
    return `${quoteQualified({ schema: t.schema, name: t.name })}${mods}${arr}`;
  }
  const m = t.modifiers;
  switch (t.name) {
    case 'timestamptz': return `timestamp${m.length ? `(${m[0]})` : ''} with time zone${arr}`;
    case 'timetz': return `time${m.length ? `(${m[0]})` : ''} with time zone${arr}`;
    case 'timestamp': return `timestamp${m.length ? `(${m[0]})` : ''} without time zone${arr}`;
    case 'time': return `time${m.length ? `(${m[0]})` : ''} without time zone${arr}`;
    case 'interval': {
      if (!m.length) return `interval${arr}`;
      const fields = m[0] === INTERVAL_FULL_RANGE ? '' : ` ${INTERVAL_FIELDS[Number(m[0])] ?? ''}`;
      const prec = m.length > 1 ? `(${m[1]})` : '';
      return `interval${fields}${prec}${arr}`;
    }
    default: {
      // `any` is the one built-in type whose name is a reserved word.
      const base = SQL_NAMES[t.name] ?? (BUILTIN.has(t.name) && t.name !== 'any' ? t.name : quoteIdent(t.name));
      return `${base}${m.length ? `(${m.join(',')})` : ''}${arr}`;
    }
  }
};

/** Stable identity string of a type, for dependency facts (`type:schema.name`), or null for built-ins. */
export const typeDependency = (t: TypeRef): string | null => (t.schema === null ? null : `type:${t.schema}.${t.name}`);

export const sameType = (a: TypeRef, b: TypeRef): boolean =>
  a.schema === b.schema && a.name === b.name && a.arrayDims === b.arrayDims &&
  a.modifiers.length === b.modifiers.length && a.modifiers.every((x, i) => x === b.modifiers[i]);

/**
 * A type as it takes part in a routine's identity: without modifiers (PostgreSQL ignores them
 * in argument types), `schema.name` for non-built-ins, `[]` for arrays. The inspector computes
 * the same text in SQL from pg_type (inspect/catalog-sql.ts): typname is the built-in's name.
 */
export const signatureTypeKey = (t: TypeRef): string =>
  `${t.schema === null ? '' : `${t.schema}.`}${t.name}${t.arrayDims > 0 ? '[]' : ''}`;
