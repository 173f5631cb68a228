/**
 * The privileges an object has the moment it is created: PostgreSQL starts its ACL from the
 * creating role's default privileges (ALTER DEFAULT PRIVILEGES), not from the built-in defaults
 * alone. A role's global entry for the object type replaces the built-in defaults; an entry for
 * the object's schema adds to them. Both the desired model (objects the source creates after an
 * ALTER DEFAULT PRIVILEGES) and the plan (objects a migration creates under the live database's
 * default privileges) start from here, so neither side grants or revokes what the server does
 * by itself.
 */
import type { DefaultPrivilegeDef, DefaultPrivilegeObject, ObjectRef } from '../model/objects.js';
import { defaultPrivilegeKey } from '../model/schema.js';
import { DEFAULT_PUBLIC_GRANTS, normaliseGrants, parseGrant, type AclObjectType } from '../canon/acl.js';

/** The ACL kind of an object (what its built-in defaults are). */
export const aclType = (t: ObjectRef): AclObjectType | null => {
  switch (t.kind) {
    case 'table': case 'view': case 'materialized view': return 'table';
    case 'column': return 'column';
    case 'sequence': return 'sequence';
    case 'function': case 'procedure': case 'aggregate': return 'function';
    case 'type': case 'domain': return 'type';
    case 'schema': return 'schema';
    case 'foreign data wrapper': return 'fdw';
    case 'server': return 'server';
    default: return null;
  }
};

/** The built-in privileges of a new object, before any default privileges. */
export const defaultGrants = (t: ObjectRef): readonly string[] => {
  const k = aclType(t);
  return k === null ? [] : DEFAULT_PUBLIC_GRANTS[k];
};

/** Which ALTER DEFAULT PRIVILEGES object type covers an ACL kind (columns, FDWs and servers: none). */
const DEFAULTED: Partial<Record<AclObjectType, DefaultPrivilegeObject>> = {
  table: 'tables', sequence: 'sequences', function: 'functions', type: 'types', schema: 'schemas',
};

/** The schema an object lives in (schemas themselves: none). */
const schemaOf = (t: ObjectRef): string | null => (t.kind === 'schema' ? null : t.key.slice(0, t.key.indexOf('.')));

/**
 * The ACL (without the owner's own rights) that `creator` gives `t` by creating it, under the
 * default privileges `defaults` (keyed by defaultPrivilegeKey).
 */
export const initialGrants = (
  t: ObjectRef, creator: string, defaults: Readonly<Record<string, DefaultPrivilegeDef>>,
): readonly string[] => {
  const acl = aclType(t);
  const objectType = acl === null ? undefined : DEFAULTED[acl];
  if (objectType === undefined) return defaultGrants(t);
  const global = defaults[defaultPrivilegeKey({ role: creator, schema: null, objectType })]?.grants ?? defaultGrants(t);
  const schema = schemaOf(t);
  const inSchema = schema === null ? [] : defaults[defaultPrivilegeKey({ role: creator, schema, objectType })]?.grants ?? [];
  if (inSchema.length === 0) return global;
  return normaliseGrants([...global, ...inSchema].map(parseGrant));
};
