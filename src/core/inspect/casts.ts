/**
 * User-defined casts (database-wide), in one query. Built-in casts have oids below
 * FirstNormalObjectId (16384); extension members are the extension's; the casts between a range
 * and its multirange depend on the range type internally (deptype 'i') and come and go with it.
 * Types and argument types are read with format_type (the session's empty search_path qualifies
 * every non-built-in name) and go through the same type canonicaliser as the source.
 *
 * Under a schema filter a cast is kept with the schema of its source type, else of its target
 * type, else of its function, whichever is not pg_catalog (model/casts.ts castSchema).
 */
import type { CastContext, CastDef, CastMethod } from '../model/casts.js';
import type { TypeRef } from '../model/type-ref.js';
import { qname } from '../model/names.js';
import { typeFromCatalog } from '../canon/catalog.js';
import { EXT, notExtMember } from './query-parts.js';
import { reader } from './rows.js';

/** castSchema in SQL ('' for a cast of built-ins only); the tracking schema's are never read. */
const CAST_SCHEMA = `COALESCE(NULLIF(sn.nspname::text, 'pg_catalog'), NULLIF(tn.nspname::text, 'pg_catalog'),
    NULLIF(fn.nspname::text, 'pg_catalog'), '')`;

export const CASTS_SQL = `WITH ${EXT}
SELECT pg_catalog.format_type(c.castsource, NULL) AS source_type, pg_catalog.format_type(c.casttarget, NULL) AS target_type,
  c.castmethod::text AS method, c.castcontext::text AS context,
  fn.nspname::text AS function_schema, p.proname::text AS function_name,
  CASE WHEN p.oid IS NOT NULL THEN ARRAY(SELECT pg_catalog.format_type(u.t, NULL)
    FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, i) ORDER BY u.i) END AS function_args
FROM pg_catalog.pg_cast c
JOIN pg_catalog.pg_type st ON st.oid = c.castsource
JOIN pg_catalog.pg_namespace sn ON sn.oid = st.typnamespace
JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget
JOIN pg_catalog.pg_namespace tn ON tn.oid = tt.typnamespace
LEFT JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
WHERE c.oid >= 16384 AND ${notExtMember('pg_cast', 'c.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend di
    WHERE di.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND di.objid = c.oid AND di.deptype = 'i')
  AND ($1::text[] IS NULL OR ${CAST_SCHEMA} = ANY ($1::text[])) AND ${CAST_SCHEMA} <> $2::text`;

const METHODS: Readonly<Record<string, CastMethod>> = { f: 'function', b: 'binary', i: 'inout' };
const CONTEXTS: Readonly<Record<string, CastContext>> = { e: 'explicit', a: 'assignment', i: 'implicit' };

/** A type as a cast names it: without modifiers (CREATE CAST ignores them, as routine arguments do). */
const castType = (formatType: string): TypeRef => ({ ...typeFromCatalog(formatType), modifiers: [] });

export const buildCast = (raw: unknown): CastDef => {
  const r = reader('casts', raw);
  const method = METHODS[r.str('method')];
  const context = CONTEXTS[r.str('context')];
  if (!method || !context) throw new Error(`unexpected casts row: method ${r.str('method')}, context ${r.str('context')}`);
  const fnName = r.optStr('function_name');
  return {
    kind: 'cast', sourceType: castType(r.str('source_type')), targetType: castType(r.str('target_type')), method,
    function: fnName === null ? null : { name: qname(r.str('function_schema'), fnName), args: r.strs('function_args').map(castType) },
    context, source: null,
  };
};
