/** Row-level security policies of managed tables, their expressions as pg_get_expr prints them. */
import type { PolicyCommand, PolicyDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { EXT, NS, REL, TBL } from './query-parts.js';
import { reader } from './rows.js';

export const POLICIES_SQL = `WITH ${EXT}, ${NS}, ${TBL}, ${REL}
SELECT r.nspname AS schema, r.relname AS table_name, p.polname::text AS name, p.polpermissive AS permissive, p.polcmd::text AS cmd,
  ARRAY(SELECT CASE WHEN x = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(x)::text END FROM pg_catalog.unnest(p.polroles) x ORDER BY 1) AS roles,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
FROM pg_catalog.pg_policy p
JOIN rel r ON r.oid = p.polrelid`;

const COMMANDS: Readonly<Record<string, PolicyCommand>> = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' };

export const buildPolicy = (raw: unknown): PolicyDef => {
  const r = reader('policies', raw);
  const command = COMMANDS[r.str('cmd')];
  if (!command) throw new Error(`policy ${r.str('name')} has unknown command '${r.str('cmd')}'`);
  return {
    kind: 'policy', name: r.str('name'), table: qname(r.str('schema'), r.str('table_name')), permissive: r.bool('permissive'), command,
    roles: [...r.strs('roles')].sort(), using: r.optStr('using_expr'), withCheck: r.optStr('check_expr'), refs: [], source: null,
  };
};
