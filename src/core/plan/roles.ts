/**
 * Roles are the cluster's, not the schema's: pg-flux never creates or drops them. A role the
 * desired model names (an owner, a grantee, a policy's role, a default-privilege role) that the
 * target does not have is a plan-time error listing every one of them, with where it is named.
 */
import type { Schema } from '../model/schema.js';
import type { SourceSpan } from '../model/objects.js';
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import { parseGrant } from '../canon/acl.js';

export const namedRoles = (s: Schema): Map<string, SourceSpan | null> => {
  const out = new Map<string, SourceSpan | null>();
  const add = (r: string, at: SourceSpan | null): void => { if (r !== 'PUBLIC' && r !== 'public' && !out.has(r)) out.set(r, at); };
  for (const o of Object.values(s.owners)) add(o.role, o.source);
  for (const p of Object.values(s.privileges)) for (const g of p.grants) add(parseGrant(g).grantee, p.source);
  for (const p of Object.values(s.policies)) for (const r of p.roles) add(r, p.source);
  for (const d of Object.values(s.defaultPrivileges)) {
    add(d.role, d.source);
    for (const g of d.grants) add(parseGrant(g).grantee, d.source);
  }
  return out;
};

export const missingRoles = (desired: Schema, roles: readonly string[]): Diagnostic[] => {
  const have = new Set(roles);
  const missing = [...namedRoles(desired)].filter(([r]) => !have.has(r)).sort(([a], [b]) => (a < b ? -1 : 1));
  if (missing.length === 0) return [];
  return missing.map(([r, at]) => diagnostic('unknown_reference',
    `role "${r}" does not exist on the target (pg-flux does not create roles; missing: ${missing.map(([m]) => m).join(', ')})`, at,
    'create the role(s) on the server first, or remove them from the source'));
};
