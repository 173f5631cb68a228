/**
 * A column type's own storage (pg_type.typstorage): what a column of it has unless SET STORAGE
 * says otherwise. The live side reads it from the catalog; the source side needs it to tell a
 * declared storage that only repeats the default (kept out of the model) from a real choice,
 * and a plan for a server before 16 (no SET STORAGE DEFAULT) needs it to go back to the default.
 * Built-in types are listed as PostgreSQL 14–18 define them; types of extensions not listed
 * here are taken to be `extended`, as nearly every variable-length type is.
 */
import type { ColumnStorage } from '../model/objects.js';
import type { Schema } from '../model/schema.js';
import type { TypeRef } from '../model/type-ref.js';

const list = (s: string): ReadonlySet<string> => new Set(s.split(' '));

/** Built-in types whose typstorage is 'p' (fixed length, and a few variable-length ones). */
const PLAIN = list('aclitem bool box char cid circle date float4 float8 gtsvector int2 int2vector int4 int8 interval line lseg macaddr macaddr8 money name oid oidvector pg_lsn point regclass regcollation regconfig regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype tid time timestamp timestamptz timetz tsquery uuid xid xid8');
/** Built-in types whose typstorage is 'm'. */
const MAIN = list('cidr inet numeric');
/** Types of well-known extensions that are not `extended`. */
const EXTENSION_STORAGE: Readonly<Record<string, ColumnStorage>> = {
  geometry: 'main', geography: 'main', seg: 'plain',
  ean13: 'plain', isbn: 'plain', ismn: 'plain', issn: 'plain', upc: 'plain', isbn13: 'plain', ismn13: 'plain', issn13: 'plain',
};

export const STORAGE_CODES: Readonly<Record<string, ColumnStorage>> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };

const typeStorage = (t: TypeRef, s: Pick<Schema, 'enums' | 'domains'>, depth: number): ColumnStorage => {
  if (t.arrayDims > 0) return 'extended';
  if (t.schema === null) return PLAIN.has(t.name) ? 'plain' : MAIN.has(t.name) ? 'main' : 'extended';
  const key = `${t.schema}.${t.name}`;
  if (key in s.enums) return 'plain';
  const d = s.domains[key];
  if (d && depth < 16) return typeStorage(d.baseType, s, depth + 1);
  return EXTENSION_STORAGE[t.name] ?? 'extended';
};

/** The storage a column of type `t` has by default, types of `s` (enums, domains) resolved. */
export const defaultStorage = (t: TypeRef, s: Pick<Schema, 'enums' | 'domains'>): ColumnStorage => typeStorage(t, s, 0);

/** The storage as SET STORAGE writes it. */
export const storageSql = (st: ColumnStorage): string => st.toUpperCase();
