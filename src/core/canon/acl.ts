/**
 * Privileges as a set: (grantee, privilege, grant option), never as ACL text. The live side
 * reads aclitem[] (with NULL made explicit by acldefault() in SQL); the source side starts from
 * the same built-in defaults and applies its GRANT / REVOKE statements in order. Both end as
 * sorted `grantee=PRIVILEGE` strings (`*`: WITH GRANT OPTION) without the owner's own rights,
 * which follow the owner, and without grantors, which are not part of what a schema declares.
 */

/** aclitem letters → privilege names, as GRANT spells them. */
export const PRIVILEGE_LETTERS: Readonly<Record<string, string>> = {
  r: 'SELECT', w: 'UPDATE', a: 'INSERT', d: 'DELETE', D: 'TRUNCATE', x: 'REFERENCES', t: 'TRIGGER', X: 'EXECUTE',
  U: 'USAGE', C: 'CREATE', c: 'CONNECT', T: 'TEMPORARY', m: 'MAINTAIN', s: 'SET', A: 'ALTER SYSTEM',
};

/** What ALL PRIVILEGES means on each kind of object (the grantable privileges of the kind). */
export const ALL_PRIVILEGES: Readonly<Record<AclObjectType, readonly string[]>> = {
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'],
  column: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
  function: ['EXECUTE'],
  type: ['USAGE'],
  schema: ['USAGE', 'CREATE'],
  language: ['USAGE'],
  fdw: ['USAGE'],
  server: ['USAGE'],
};

export type AclObjectType = 'table' | 'column' | 'sequence' | 'function' | 'type' | 'schema' | 'language' | 'fdw' | 'server';

/** The PUBLIC part of PostgreSQL's built-in default ACL of a kind (the owner's part is the owner's). */
export const DEFAULT_PUBLIC_GRANTS: Readonly<Record<AclObjectType, readonly string[]>> = {
  table: [], column: [], sequence: [], function: ['PUBLIC=EXECUTE'], type: ['PUBLIC=USAGE'], schema: [], language: ['PUBLIC=USAGE'],
  fdw: [], server: [],
};

/** A role name as aclitem output writes it: bare, or double-quoted with "" inside. */
const unquoteRole = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);

/** Split an aclitem `grantee=privs/grantor` where names may be quoted (and hold = or /). */
const splitAclItem = (item: string): { grantee: string; privs: string } | null => {
  let i = 0;
  let grantee = '';
  if (item.startsWith('"')) {
    i = 1;
    while (i < item.length) {
      if (item[i] === '"' && item[i + 1] === '"') { grantee += '"'; i += 2; continue; }
      if (item[i] === '"') { i++; break; }
      grantee += item[i++];
    }
  } else {
    while (i < item.length && item[i] !== '=') grantee += item[i++];
  }
  if (item[i] !== '=') return null;
  const slash = item.indexOf('/', i + 1);
  return { grantee: grantee === '' ? 'PUBLIC' : unquoteRole(grantee), privs: item.slice(i + 1, slash < 0 ? undefined : slash) };
};

/** `grantee=PRIVILEGE[*]` strings, deduplicated (several grantors merge; the grant option if any has it), sorted. */
export const normaliseGrants = (entries: Iterable<{ grantee: string; privilege: string; grantable: boolean }>): string[] => {
  const best = new Map<string, boolean>();
  for (const e of entries) {
    const k = `${e.grantee}=${e.privilege}`;
    best.set(k, (best.get(k) ?? false) || e.grantable);
  }
  return [...best].map(([k, g]) => (g ? `${k}*` : k)).sort();
};

/** aclitem[] text values → grants held by roles other than `owner`. */
export const grantsFromAcl = (acl: readonly string[], owner: string): string[] => {
  const out: { grantee: string; privilege: string; grantable: boolean }[] = [];
  for (const item of acl) {
    const p = splitAclItem(item);
    if (!p || p.grantee === owner) continue;
    for (let i = 0; i < p.privs.length; i++) {
      const name = PRIVILEGE_LETTERS[p.privs[i]!];
      if (!name) continue;
      const grantable = p.privs[i + 1] === '*';
      if (grantable) i++;
      out.push({ grantee: p.grantee, privilege: name, grantable });
    }
  }
  return normaliseGrants(out);
};

/** Parse `grantee=PRIV[*]` back. */
export const parseGrant = (g: string): { grantee: string; privilege: string; grantable: boolean } => {
  const eq = g.lastIndexOf('=');
  const grantable = g.endsWith('*');
  return { grantee: g.slice(0, eq), privilege: g.slice(eq + 1, grantable ? -1 : undefined), grantable };
};

/**
 * Apply one GRANT or REVOKE to a grant set. REVOKE GRANT OPTION FOR keeps the privilege and takes
 * the option; a plain REVOKE takes both.
 */
export const applyGrant = (
  grants: readonly string[],
  op: { readonly grant: boolean; readonly grantees: readonly string[]; readonly privileges: readonly string[]; readonly grantOption: boolean },
): string[] => {
  const set = new Map<string, boolean>(grants.map((g) => { const p = parseGrant(g); return [`${p.grantee}=${p.privilege}`, p.grantable]; }));
  for (const grantee of op.grantees) {
    for (const privilege of op.privileges) {
      const k = `${grantee}=${privilege}`;
      if (op.grant) set.set(k, (set.get(k) ?? false) || op.grantOption);
      else if (op.grantOption) { if (set.has(k)) set.set(k, false); }
      else set.delete(k);
    }
  }
  return normaliseGrants([...set].map(([k, grantable]) => { const eq = k.lastIndexOf('='); return { grantee: k.slice(0, eq), privilege: k.slice(eq + 1), grantable }; }));
};
