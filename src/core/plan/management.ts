/**
 * What of the live model a desired model manages. Owners and privileges are managed only when
 * the source declares them (or `manage:` says always): the resolution of the desired side
 * (core/authz/resolve.ts) leaves those records empty otherwise, and then the live ones are left
 * out of the comparison too, so environments whose roles differ do not drift. Comments the
 * database or an extension sets on its own (the `public` schema's, an extension's) count only
 * when the source declares one; so do the `public` schema's owner and privileges.
 */
import { managesPrivileges, type Schema } from '../model/schema.js';

const BUILTIN_PUBLIC = ['schema:public'];

export const alignManagement = (live: Schema, desired: Schema): Schema => {
  const comments = Object.fromEntries(Object.entries(live.comments).filter(([k, c]) =>
    k in desired.comments || !(c.target.kind === 'extension' || BUILTIN_PUBLIC.includes(k))));
  const ownersManaged = Object.keys(desired.owners).length > 0;
  const privilegesManaged = managesPrivileges(desired);
  const keepDeclared = <T>(rec: Readonly<Record<string, T>>, want: Readonly<Record<string, unknown>>): Record<string, T> =>
    Object.fromEntries(Object.entries(rec).filter(([k]) => !BUILTIN_PUBLIC.includes(k) || k in want));
  return {
    ...live,
    comments,
    owners: ownersManaged ? keepDeclared(live.owners, desired.owners) : {},
    privileges: privilegesManaged ? keepDeclared(live.privileges, desired.privileges) : {},
    defaultPrivileges: privilegesManaged ? live.defaultPrivileges : {},
  };
};
