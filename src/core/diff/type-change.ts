/**
 * Facts about changing a column's type: whether PostgreSQL needs `USING` (no assignment cast
 * between the types) and whether it rewrites the table (the new type is not binary-compatible).
 * Built from PostgreSQL's cast catalogue for built-in types; anything unknown is treated as the
 * careful answer (USING written, rewrite assumed).
 */
import type { ColumnDef } from '../model/objects.js';
import type { TypeRef } from '../model/type-ref.js';
import type { Schema } from '../model/schema.js';
import { castKey } from '../canon/casts.js';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);
const STRING = new Set(['text', 'varchar', 'bpchar', 'name', 'char']);
const DATETIME = new Set(['date', 'timestamp', 'timestamptz']);
const TIME = new Set(['time', 'timetz']);

const family = (t: TypeRef): string | null => {
  if (t.schema !== null) return null;
  if (NUMERIC.has(t.name)) return 'numeric';
  if (DATETIME.has(t.name)) return 'datetime';
  if (TIME.has(t.name)) return 'time';
  if (t.name === 'json' || t.name === 'jsonb') return 'json';
  if (t.name === 'bit' || t.name === 'varbit') return 'bit';
  return null;
};

const assignmentCastExists = (from: TypeRef, to: TypeRef): boolean => {
  if (from.arrayDims !== to.arrayDims) return false;
  if (from.schema === to.schema && from.name === to.name) return true; // typmod change only
  if (to.schema === null && STRING.has(to.name)) return true; // any type → string types: I/O cast
  const f = family(from);
  return f !== null && f !== 'json' && f === family(to);
};

/** Binary-compatible changes that only relax a limit: no rewrite (PostgreSQL checks the same). */
const rewriteFree = (from: TypeRef, to: TypeRef): boolean => {
  if (from.arrayDims !== to.arrayDims || from.schema !== null || to.schema !== null) return false;
  const [a, b] = [from.name, to.name];
  const lenA = from.modifiers[0];
  const lenB = to.modifiers[0];
  if ((a === 'varchar' || a === 'text') && b === 'text') return true;
  if (a === 'varchar' && b === 'varchar') return lenB === undefined || (lenA !== undefined && lenB >= lenA);
  if (a === 'text' && b === 'varchar') return lenB === undefined;
  if (a === 'varbit' && b === 'varbit') return lenB === undefined || (lenA !== undefined && lenB >= lenA);
  if (a === 'numeric' && b === 'numeric') {
    if (to.modifiers.length === 0) return true;
    return from.modifiers.length === 2 && to.modifiers[1] === from.modifiers[1] && lenB! >= lenA!;
  }
  return a === b && from.modifiers.join() === to.modifiers.join();
};

/**
 * Built-in types whose casts are known here, and for each type the types it has an explicit
 * cast to (pg_cast, PostgreSQL 14–18) besides the string types. Any type reaches a string type
 * and a string type reaches any type through I/O conversion; casts within a family (every
 * numeric type to every other, date/timestamp/timestamptz, time/timetz) exist.
 */
const EXTRA_CASTS: Readonly<Record<string, readonly string[]>> = {
  int4: ['bool', 'money', 'bit', 'varbit', 'char'], int8: ['money', 'bit', 'varbit', 'oid'], int2: ['oid'], numeric: ['money'],
  money: ['numeric'], bool: ['int4'], bit: ['int4', 'int8'], varbit: [],
  timestamp: ['time'], timestamptz: ['time', 'timetz'], time: ['interval'], interval: ['time'], date: [],
  jsonb: ['json', 'bool', 'numeric', 'int2', 'int4', 'int8', 'float4', 'float8'], json: ['jsonb'],
  inet: ['cidr'], cidr: ['inet'], uuid: [], bytea: [], timetz: ['time'],
};
const KNOWN = new Set([...Object.keys(EXTRA_CASTS), ...NUMERIC, ...STRING]);

const sameTypeName = (a: TypeRef, b: TypeRef): boolean => a.schema === b.schema && a.name === b.name;

/**
 * False only when PostgreSQL certainly has no cast from one built-in type to the other
 * (bigint → timestamp, uuid → integer): `ALTER COLUMN ... TYPE` cannot convert the values with
 * any USING written from the column alone. Unknown types (user-defined, extensions) answer true.
 */
export const castExists = (from: TypeRef, to: TypeRef, declared?: Pick<Schema, 'enums' | 'casts'>): boolean => {
  if (declared) {
    // A cast the schema declares; else an enum converts only from and to the string types (I/O).
    if (castKey({ sourceType: from, targetType: to }) in declared.casts) return true;
    const isEnum = (t: TypeRef): boolean => t.schema !== null && `${t.schema}.${t.name}` in declared.enums;
    const isString = (t: TypeRef): boolean => t.schema === null && STRING.has(t.name);
    if (isEnum(to) || isEnum(from)) return from.arrayDims > 0 === to.arrayDims > 0 && (sameTypeName(from, to) || isString(from) || isString(to));
  }
  if (from.schema !== null || to.schema !== null || !KNOWN.has(from.name) || !KNOWN.has(to.name)) return true;
  if (STRING.has(from.name) || STRING.has(to.name)) return true; // I/O conversion, arrays included
  if (from.arrayDims > 0 !== to.arrayDims > 0) return false;
  const [a, b] = [from.name, to.name];
  if (a === b) return true;
  const f = family(from);
  if (f !== null && f !== 'json' && f === family(to)) return true;
  return EXTRA_CASTS[a]?.includes(b) ?? false;
};

export const typeChangeFacts = (live: ColumnDef, want: ColumnDef): { using: boolean; rewrites: boolean } => ({
  using: !assignmentCastExists(live.type, want.type),
  rewrites: !rewriteFree(live.type, want.type),
});
