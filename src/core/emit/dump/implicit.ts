/**
 * What a dump leaves out because the target gets it anyway, so a dumped source declares only
 * what someone chose:
 * - what every new database already has on its `public` schema (initdb's comment, owner and
 *   grants) while unchanged, as pg_dump does;
 * - an owner that is the role dumping: a source that gives an object no owner gives it to the
 *   role that applies migrations (core/authz/resolve.ts), so the dump round-trips, and a database
 *   owned by one role dumps to a source that declares no owners and stays portable between
 *   environments whose roles differ.
 * - privileges that are an object's defaults (nothing granted beyond what PostgreSQL gives on
 *   creation): there is no statement to write.
 * Anything else (other owners, every non-default grant) is written, and then managed.
 */
import { publicSchemaGrants } from '../../authz/resolve.js';
import { defaultGrants } from '../../authz/initial-grants.js';
import type { Schema } from '../../model/schema.js';

const KEY = 'schema:public';

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export const withoutImplicit = (s: Schema, facts: { readonly major: number; readonly currentUser: string }): Schema => {
  const publicDefault = <T>(rec: Readonly<Record<string, T>>, isDefault: (v: T) => boolean): Record<string, T> =>
    Object.fromEntries(Object.entries(rec).filter(([k, v]) => !(k === KEY && isDefault(v))));
  const owners = Object.fromEntries(Object.entries(s.owners).filter(([, o]) => o.role !== facts.currentUser));
  return {
    ...s,
    comments: publicDefault(s.comments, (c) => c.text === 'standard public schema'),
    // PostgreSQL 15 made pg_database_owner the owner; before, it is the bootstrap superuser.
    owners: publicDefault(owners, (o) => o.role === 'pg_database_owner'),
    privileges: publicDefault(
      Object.fromEntries(Object.entries(s.privileges).filter(([k, p]) => k === KEY || !sameSet(p.grants, defaultGrants(p.target)))),
      (p) => sameSet(p.grants, publicSchemaGrants(facts.major))),
  };
};
