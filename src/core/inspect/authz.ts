/**
 * Owners, privileges and default privileges: one query each over every kind of object that has
 * them, keyed as the model keys comments, owners and privileges (`kind:key`). Built-in default
 * ACLs are made explicit in SQL (acldefault), so NULL and the defaults compare equal.
 *
 * Sequences owned by a table column (serials) follow their table's owner: their owner is not listed.
 */
import type { DefaultPrivilegeDef, DefaultPrivilegeObject, ObjectKind, OwnerDef, PrivilegeDef } from '../model/objects.js';
import { objectRefKey } from '../model/objects.js';
import { grantsFromAcl } from '../canon/acl.js';
import { EXT, NS, notExtMember, managedRoutine } from './query-parts.js';
import { signatureSql } from './catalog-sql.js';
import { reader } from './rows.js';

const OWNED_SEQUENCE = `EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0)`;

const RELATION_KIND = `CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' END`;
const ROUTINE_KIND = `CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END`;
const TYPE_KIND = `CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END`;

/** (kind, key, owner, acl) for every object with an owner; acl explicit (acldefault for NULL). */
export const AUTHZ_SQL = `WITH ${EXT}, ${NS}
SELECT ${RELATION_KIND} AS kind, n.nspname || '.' || c.relname AS key, pg_catalog.pg_get_userbyid(c.relowner)::text AS owner,
  COALESCE(c.relacl, pg_catalog.acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))::text[] AS acl,
  c.relkind = 'S' AND ${OWNED_SEQUENCE} AS follows_table
FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND ${notExtMember('pg_class', 'c.oid')}
UNION ALL
SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname, pg_catalog.pg_get_userbyid(c.relowner)::text, a.attacl::text[], false
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
JOIN ns n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL AND ${notExtMember('pg_class', 'c.oid')}
UNION ALL
SELECT ${ROUTINE_KIND}, n.nspname || '.' || p.proname || '(' || ${signatureSql('p')} || ')', pg_catalog.pg_get_userbyid(p.proowner)::text,
  COALESCE(p.proacl, pg_catalog.acldefault('f'::"char", p.proowner))::text[], false
FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace
WHERE ${managedRoutine('p')}
UNION ALL
SELECT ${TYPE_KIND}, n.nspname || '.' || t.typname, pg_catalog.pg_get_userbyid(t.typowner)::text,
  COALESCE(t.typacl, pg_catalog.acldefault('T'::"char", t.typowner))::text[], false
FROM pg_catalog.pg_type t JOIN ns n ON n.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
  AND ${notExtMember('pg_type', 't.oid')}
UNION ALL
SELECT 'schema', n.nspname, pg_catalog.pg_get_userbyid(s.nspowner)::text, COALESCE(s.nspacl, pg_catalog.acldefault('n'::"char", s.nspowner))::text[], false
FROM ns n JOIN pg_catalog.pg_namespace s ON s.oid = n.oid
UNION ALL
SELECT 'collation', n.nspname || '.' || co.collname, pg_catalog.pg_get_userbyid(co.collowner)::text, NULL, false
FROM pg_catalog.pg_collation co JOIN ns n ON n.oid = co.collnamespace
WHERE ${notExtMember('pg_collation', 'co.oid')}
UNION ALL
SELECT 'statistics', n.nspname || '.' || se.stxname, pg_catalog.pg_get_userbyid(se.stxowner)::text, NULL, false
FROM pg_catalog.pg_statistic_ext se JOIN ns n ON n.oid = se.stxnamespace
WHERE ${notExtMember('pg_statistic_ext', 'se.oid')}
UNION ALL
-- Event triggers are database-wide: kept with the schema of their function, as the inspector reads them.
SELECT 'event trigger', et.evtname::text, pg_catalog.pg_get_userbyid(et.evtowner)::text, NULL, false
FROM pg_catalog.pg_event_trigger et JOIN pg_catalog.pg_proc ep ON ep.oid = et.evtfoid JOIN ns n ON n.oid = ep.pronamespace
WHERE ${notExtMember('pg_event_trigger', 'et.oid')}
UNION ALL
-- Foreign-data wrappers, servers and publications are database-wide: read without a schema filter only.
SELECT 'foreign data wrapper', w.fdwname::text, pg_catalog.pg_get_userbyid(w.fdwowner)::text,
  COALESCE(w.fdwacl, pg_catalog.acldefault('F'::"char", w.fdwowner))::text[], false
FROM pg_catalog.pg_foreign_data_wrapper w WHERE $1::text[] IS NULL AND ${notExtMember('pg_foreign_data_wrapper', 'w.oid')}
UNION ALL
SELECT 'server', s.srvname::text, pg_catalog.pg_get_userbyid(s.srvowner)::text,
  COALESCE(s.srvacl, pg_catalog.acldefault('S'::"char", s.srvowner))::text[], false
FROM pg_catalog.pg_foreign_server s WHERE $1::text[] IS NULL AND ${notExtMember('pg_foreign_server', 's.oid')}
UNION ALL
SELECT 'publication', p.pubname::text, pg_catalog.pg_get_userbyid(p.pubowner)::text, NULL, false
FROM pg_catalog.pg_publication p WHERE $1::text[] IS NULL AND ${notExtMember('pg_publication', 'p.oid')}`;

const OBJTYPES: Readonly<Record<string, DefaultPrivilegeObject>> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

export const DEFAULT_PRIVILEGES_SQL = `SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text AS role, n.nspname::text AS schema,
  d.defaclobjtype::text AS objtype, d.defaclacl::text[] AS acl
FROM pg_catalog.pg_default_acl d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
WHERE d.defaclnamespace = 0 OR (n.nspname <> $2::text AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[])))`;

/** Every role of the cluster (grantees and owners must exist on the target). */
export const ROLES_SQL = `SELECT r.rolname::text AS name FROM pg_catalog.pg_roles r
-- Roles are cluster-wide: the schema filter ($1) does not apply; the parameters only keep the shape of every inspector query.
WHERE $1::text[] IS NULL OR $2::text IS NOT NULL`;

export interface AuthzParts {
  readonly owners: Record<string, OwnerDef>;
  readonly privileges: Record<string, PrivilegeDef>;
}

export const buildAuthz = (rows: readonly unknown[]): AuthzParts => {
  const owners: Record<string, OwnerDef> = {};
  const privileges: Record<string, PrivilegeDef> = {};
  for (const raw of rows) {
    const r = reader('owners and privileges', raw);
    const target = { kind: r.str('kind') as ObjectKind, key: r.str('key') };
    const k = objectRefKey(target);
    const owner = r.str('owner');
    if (target.kind !== 'column' && !r.bool('follows_table')) owners[k] = { kind: 'owner', target, role: owner, source: null };
    const acl = r.row['acl'] === null ? null : r.strs('acl');
    // A table owner's rights are not listed; a column's ACL holds only what was granted on it;
    // a serial's sequence follows its table's owner but has an ACL of its own.
    if (acl !== null) privileges[k] = { kind: 'privileges', target, grants: grantsFromAcl(acl, owner), source: null };
  }
  return { owners, privileges };
};

export const buildDefaultPrivilege = (raw: unknown): DefaultPrivilegeDef => {
  const r = reader('default privileges', raw);
  const objectType = OBJTYPES[r.str('objtype')];
  if (!objectType) throw new Error(`default privileges of unknown object type '${r.str('objtype')}'`);
  const role = r.str('role');
  return { kind: 'default_privileges', role, schema: r.optStr('schema'), objectType, grants: grantsFromAcl(r.strs('acl'), role), source: null };
};
