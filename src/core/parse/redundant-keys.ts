/**
 * PostgreSQL builds one index for identical key declarations of one CREATE TABLE
 * (transformIndexConstraints in parse_utilcmd.c): `a int UNIQUE PRIMARY KEY` or `UNIQUE (a)`
 * written twice give a single constraint. The primary key is kept in preference to the others;
 * an unnamed survivor takes the name of a named duplicate. Doing the same here keeps the parsed
 * model equal to what the server builds.
 */
import type { Node } from './pg-query.js';
import type { DraftConstraint, SchemaDraft } from './drafts.js';
import { keyOfName } from './statement-context.js';

const INDEX_BACKED = new Set(['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION']);

/** A node without parse locations (PostgreSQL's equal() ignores them too). */
const withoutLocations = (n: unknown): unknown => {
  if (Array.isArray(n)) return n.map(withoutLocations);
  if (!n || typeof n !== 'object') return n;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (k !== 'location') out[k] = withoutLocations(v);
  return out;
};

/** What transformIndexConstraints compares: everything about the index but its name and options. */
const identity = (c: DraftConstraint): string => {
  const n = c.node;
  const exclusion = n['contype'] === 'CONSTR_EXCLUSION';
  const keys = exclusion ? null : c.column ? [c.column] : (n['keys'] ?? []).map((k: Node) => k['String']?.sval);
  return JSON.stringify(withoutLocations({
    keys, exclusions: n['exclusions'] ?? null, including: n['including'] ?? [], where: n['where_clause'] ?? null,
    method: exclusion ? n['access_method'] ?? 'gist' : 'btree', nullsNotDistinct: n['nulls_not_distinct'] === true,
    deferrable: n['deferrable'] === true, initdeferred: n['initdeferred'] === true,
  }));
};

export const dropRedundantKeys = (d: SchemaDraft): void => {
  const byTable = new Map<string, DraftConstraint[]>();
  for (const c of d.constraints) {
    if (c.origin !== 'create' || !INDEX_BACKED.has(c.node['contype'])) continue;
    const k = keyOfName(c.table);
    byTable.set(k, [...(byTable.get(k) ?? []), c]);
  }
  const dropped = new Set<DraftConstraint>();
  for (const list of byTable.values()) {
    const pk = list.find((c) => c.node['contype'] === 'CONSTR_PRIMARY');
    const kept: DraftConstraint[] = pk ? [pk] : [];
    for (const c of list) {
      if (c === pk) continue;
      const prior = kept.find((k) => identity(k) === identity(c));
      if (!prior) { kept.push(c); continue; }
      if (!prior.node['conname'] && c.node['conname']) prior.node['conname'] = c.node['conname'];
      dropped.add(c);
    }
  }
  if (dropped.size) d.constraints = d.constraints.filter((c) => !dropped.has(c));
};
