/**
 * Foreign-data wrappers, servers and user mappings: one query (a row per object, its facts as
 * JSON). They are database-wide: read only without a schema filter. Extension members (the
 * wrapper `CREATE EXTENSION postgres_fdw` creates) are left out. Options of secret names come
 * back as names only (canon/secret-options.ts): their values never leave the server.
 * User mappings are read from pg_user_mappings, which shows options only to whom may see them.
 */
import type { ForeignDataWrapperDef, ForeignServerDef, GenericOptions, UserMappingDef } from '../model/foreign.js';
import { userMappingKey } from '../model/foreign.js';
import { catalogOptions, SECRET_OPTION_PATTERN } from '../canon/secret-options.js';
import { EXT, notExtMember } from './query-parts.js';
import { reader, type Reader } from './rows.js';
import { sortedRecord } from './records.js';

const plainOptions = (col: string): string =>
  `ARRAY(SELECT o.option_name || '=' || COALESCE(o.option_value, '') FROM pg_catalog.pg_options_to_table(${col}) o WHERE o.option_name !~* '${SECRET_OPTION_PATTERN}')`;
const secretNames = (col: string): string =>
  `ARRAY(SELECT o.option_name::text FROM pg_catalog.pg_options_to_table(${col}) o WHERE o.option_name ~* '${SECRET_OPTION_PATTERN}')`;
/** `'options', ..., 'secrets', ...` pairs of json_build_object for a catalog options column. */
export const optionPairs = (col: string): string => `'options', ${plainOptions(col)}, 'secrets', ${secretNames(col)}`;

const fn = (oid: string, p: string, n: string): string =>
  `CASE WHEN ${oid} <> 0 THEN json_build_object('schema', ${n}.nspname::text, 'name', ${p}.proname::text) END`;

// $1 (schema filter) and $2 (tracking schema) are bound for every query; these objects are in no schema.
export const FOREIGN_SQL = `WITH ${EXT}, params AS (SELECT $1::text[] AS filter, $2::text AS tracking)
SELECT 'wrapper' AS kind, json_build_object('name', w.fdwname::text, 'handler', ${fn('w.fdwhandler', 'hp', 'hn')},
  'validator', ${fn('w.fdwvalidator', 'vp', 'vn')}, ${optionPairs('w.fdwoptions')}) AS def
FROM pg_catalog.pg_foreign_data_wrapper w
LEFT JOIN pg_catalog.pg_proc hp ON hp.oid = w.fdwhandler LEFT JOIN pg_catalog.pg_namespace hn ON hn.oid = hp.pronamespace
LEFT JOIN pg_catalog.pg_proc vp ON vp.oid = w.fdwvalidator LEFT JOIN pg_catalog.pg_namespace vn ON vn.oid = vp.pronamespace
WHERE (SELECT filter FROM params) IS NULL AND ${notExtMember('pg_foreign_data_wrapper', 'w.oid')}
UNION ALL
SELECT 'server', json_build_object('name', s.srvname::text, 'wrapper', w.fdwname::text, 'type', s.srvtype, 'version', s.srvversion,
  ${optionPairs('s.srvoptions')})
FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE (SELECT filter FROM params) IS NULL AND ${notExtMember('pg_foreign_server', 's.oid')}
UNION ALL
SELECT 'mapping', json_build_object('user', CASE WHEN um.umuser = 0 THEN 'public' ELSE um.usename::text END, 'server', um.srvname::text,
  ${optionPairs('um.umoptions')})
FROM pg_catalog.pg_user_mappings um
WHERE (SELECT filter FROM params) IS NULL AND ${notExtMember('pg_foreign_server', 'um.srvid')}`;

const optionsOf = (r: Reader): GenericOptions => catalogOptions(r.strs('options'), r.strs('secrets'));

const fnOf = (v: unknown): { schema: string; name: string } | null => {
  if (v === null || v === undefined) return null;
  const r = reader('foreign', v);
  return { schema: r.str('schema'), name: r.str('name') };
};

export interface ForeignParts {
  readonly foreignDataWrappers: Record<string, ForeignDataWrapperDef>;
  readonly foreignServers: Record<string, ForeignServerDef>;
  readonly userMappings: Record<string, UserMappingDef>;
}

export const buildForeign = (rows: readonly unknown[]): ForeignParts => {
  const wrappers: [string, ForeignDataWrapperDef][] = [];
  const servers: [string, ForeignServerDef][] = [];
  const mappings: [string, UserMappingDef][] = [];
  for (const raw of rows) {
    const row = reader('foreign', raw);
    const r = reader('foreign', row.row['def']);
    switch (row.str('kind')) {
      case 'wrapper': wrappers.push([r.str('name'), {
        kind: 'foreign data wrapper', name: r.str('name'), handler: fnOf(r.row['handler']), validator: fnOf(r.row['validator']), ...optionsOf(r), source: null,
      }]); break;
      case 'server': servers.push([r.str('name'), {
        kind: 'server', name: r.str('name'), wrapper: r.str('wrapper'), type: r.optStr('type'), version: r.optStr('version'), ...optionsOf(r), source: null,
      }]); break;
      default: {
        const m: UserMappingDef = { kind: 'user mapping', user: r.str('user'), server: r.str('server'), ...optionsOf(r), source: null };
        mappings.push([userMappingKey(m), m]);
      }
    }
  }
  return {
    foreignDataWrappers: sortedRecord('foreign-data wrappers', wrappers), foreignServers: sortedRecord('foreign servers', servers),
    userMappings: sortedRecord('user mappings', mappings),
  };
};
