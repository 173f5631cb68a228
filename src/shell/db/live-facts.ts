/**
 * What the hazard classifier needs besides the schema (core/hazards/context.ts): the size of
 * every table and the bodies of user functions. Two set-based catalog queries, whatever the
 * number of objects; the same managed-schema filter as the inspector.
 */
import type { LiveFacts, TableSize } from '../../core/hazards/context.js';
import { EXT, NS, notExtMember } from '../../core/inspect/query-parts.js';
import { DEFAULT_TRACKING_SCHEMA } from './inspect-database.js';
import { exec, type Client } from './connect.js';

const SIZES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, c.relname::text AS name, c.reltuples::float8 AS rows, c.relpages AS pages,
       pg_catalog.pg_relation_size(c.oid)::float8 AS bytes
FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')`;

const ROUTINES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS name, p.prosrc AS body
FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE l.lanname NOT IN ('c', 'internal') AND ${notExtMember('pg_proc', 'p.oid')}`;

export const readLiveFacts = async (
  client: Client, opts: { schemas?: readonly string[] | null; trackingSchema?: string } = {},
): Promise<LiveFacts> => {
  const params = [opts.schemas ? [...opts.schemas] : null, opts.trackingSchema ?? DEFAULT_TRACKING_SCHEMA];
  const [sizes, routines] = await Promise.all([
    exec<{ schema: string; name: string; rows: number; pages: number; bytes: number }>(client, SIZES_SQL, params),
    exec<{ name: string; body: string }>(client, ROUTINES_SQL, params),
  ]);
  const bySize: Record<string, TableSize> = {};
  for (const r of sizes.rows) bySize[`${r.schema}.${r.name}`] = { rows: r.rows < 0 ? null : r.rows, pages: r.pages, bytes: r.bytes };
  return { sizes: bySize, routines: routines.rows.map((r) => ({ name: r.name, body: r.body ?? '' })) };
};
