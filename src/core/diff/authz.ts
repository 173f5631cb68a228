/**
 * Comments, owners, privileges and default privileges: compared per object once the rest of
 * the plan is known, since an object the plan creates (or recreates) starts with no comment,
 * the applying role as owner and the built-in default privileges, whatever the live one had.
 *
 * Privileges are sets of `grantee=PRIVILEGE` (canon/acl.ts): missing ones are granted,
 * surplus ones revoked, one statement per grantee and grant option. An empty owners or
 * privileges record on the desired side means the category is not managed (see
 * alignManagement): then nothing is compared.
 */
import type { Change, ChangeKind } from '../model/change.js';
import { managesPrivileges, type Schema } from '../model/schema.js';
import type { ObjectRef } from '../model/objects.js';
import { targetExists } from '../model/targets.js';
import { parseGrant } from '../canon/acl.js';
import { defaultGrants, initialGrants } from '../authz/initial-grants.js';
import { objectSql } from '../emit/sql/object-names.js';
import { factsOf } from '../order/dependencies.js';
import { knownTypeRefs, targetRef } from '../order/refs.js';

/** Change kinds that make a new object (its comment, owner and ACL start afresh). */
const CREATIONS = new Set<ChangeKind>([
  'create_schema', 'create_table', 'add_column', 'create_sequence', 'create_enum', 'recreate_enum', 'create_index', 'add_constraint',
  'create_view', 'create_function', 'create_aggregate', 'create_trigger', 'create_rule', 'create_domain', 'recreate_domain',
  'create_composite_type', 'recreate_composite_type', 'create_range_type', 'create_collation', 'create_policy', 'add_domain_constraint',
  'create_cast',
]);

const createdRefs = (changes: readonly Change[], from: Schema, to: Schema): Set<string> => {
  const ctx = { from, to, knownTypes: knownTypeRefs(from, to) };
  const out = new Set<string>();
  for (const c of changes) if (CREATIONS.has(c.kind)) for (const p of factsOf(c, ctx).provides) out.add(p);
  return out;
};

/** GRANT / REVOKE changes taking `have` to `want` on one object. */
const privilegeChanges = (target: ObjectRef, targetSql: string, have: readonly string[], want: readonly string[]): Change[] => {
  const haveSet = new Set(have);
  const wantSet = new Set(want);
  const column = target.kind === 'column' ? target.key.slice(target.key.lastIndexOf('.') + 1) : null;
  // Group per (grantee, grant option), so one statement grants or revokes several privileges.
  const groups = new Map<string, { kind: 'grant' | 'revoke'; grantee: string; grantOption: boolean; privileges: string[] }>();
  const add = (kind: 'grant' | 'revoke', grantee: string, grantOption: boolean, privilege: string): void => {
    const k = `${kind}\u0000${grantee}\u0000${grantOption}`;
    const g = groups.get(k) ?? { kind, grantee, grantOption, privileges: [] };
    g.privileges.push(privilege);
    groups.set(k, g);
  };
  for (const g of have) {
    if (wantSet.has(g)) continue;
    const p = parseGrant(g);
    // Held with the grant option and wanted without it: only the option goes.
    if (p.grantable && wantSet.has(`${p.grantee}=${p.privilege}`)) add('revoke', p.grantee, true, p.privilege);
    else add('revoke', p.grantee, false, p.privilege);
  }
  for (const g of want) {
    if (haveSet.has(g)) continue;
    const p = parseGrant(g);
    // Wanted with the grant option and held without it: GRANT ... WITH GRANT OPTION adds it.
    add('grant', p.grantee, p.grantable, p.privilege);
  }
  return [...groups.values()].sort((a, b) => (a.kind === b.kind ? (a.grantee < b.grantee ? -1 : 1) : a.kind === 'revoke' ? -1 : 1))
    .map((g) => ({ kind: g.kind, target, targetSql, column, privileges: g.privileges.sort(), grantee: g.grantee, grantOption: g.grantOption }));
};

/** Objects whose comment is the extension's or the database's own unless the source says otherwise. */
const builtinComment = (t: ObjectRef): boolean => t.kind === 'extension' || (t.kind === 'schema' && t.key === 'public');

export const diffAuthz = (
  changes: readonly Change[], from: Schema, to: Schema,
  opts: { readonly currentUser: string; readonly liveOwners: Readonly<Record<string, string>> },
): Change[] => {
  const created = createdRefs(changes, from, to);
  const isNew = (t: ObjectRef): boolean => created.has(targetRef(t));
  const out: Change[] = [];

  const commentKeys = new Set([...Object.keys(from.comments), ...Object.keys(to.comments)]);
  for (const k of [...commentKeys].sort()) {
    const want = to.comments[k];
    const have = from.comments[k];
    const target = (want ?? have)!.target;
    if (!targetExists(to, target) || (want === undefined && builtinComment(target))) continue;
    const haveText = isNew(target) ? null : have?.text ?? null;
    const wantText = want?.text ?? null;
    if (haveText !== wantText) out.push({ kind: 'set_comment', target, targetSql: objectSql(target, 'comment', to, from), text: wantText });
  }

  for (const [, want] of Object.entries(to.owners)) {
    const haveRole = isNew(want.target) ? opts.currentUser : from.owners[`${want.target.kind}:${want.target.key}`]?.role ?? null;
    if (haveRole !== want.role) out.push({ kind: 'set_owner', target: want.target, targetSql: objectSql(want.target, 'owner', to, from), role: want.role, previous: haveRole });
  }

  if (managesPrivileges(to)) {
    const keys = new Set([...Object.keys(to.privileges), ...Object.keys(from.privileges)]);
    for (const k of [...keys].sort()) {
      const want = to.privileges[k];
      const have = from.privileges[k];
      const target = (want ?? have)!.target;
      if (!targetExists(to, target)) continue;
      // The owner's own rights are implicit on both sides: the owner it will have after the plan.
      const ownerKey = target.kind === 'column' ? `table:${target.key.slice(0, target.key.lastIndexOf('.'))}` : k;
      const owner = to.owners[ownerKey]?.role ?? (isNew(target) ? opts.currentUser : opts.liveOwners[ownerKey]);
      const notOwner = (gs: readonly string[]): string[] => gs.filter((g) => parseGrant(g).grantee !== owner);
      // A new object starts with what the live default privileges give the applying role: the
      // plan sets default privileges after it creates objects (order-changes.ts).
      const haveGrants = notOwner(isNew(target) || !have ? initialGrants(target, opts.currentUser, from.defaultPrivileges) : have.grants);
      const wantGrants = notOwner(want ? want.grants : defaultGrants(target));
      out.push(...privilegeChanges(target, objectSql(target, 'grant', to, from), haveGrants, wantGrants));
    }
    const dkeys = new Set([...Object.keys(to.defaultPrivileges), ...Object.keys(from.defaultPrivileges)]);
    for (const k of [...dkeys].sort()) {
      const want = to.defaultPrivileges[k] ?? null;
      const have = from.defaultPrivileges[k] ?? null;
      if ((want?.grants.join(',') ?? null) !== (have?.grants.join(',') ?? null)) out.push({ kind: 'set_default_privileges', from: have, to: want });
    }
  }
  return out;
};
