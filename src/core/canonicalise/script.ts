/**
 * What the canonicaliser runs in its scratch database: session settings, the skeleton, then the
 * source's own statements of programmable kinds in an order the server accepts (from what each
 * statement names, read from its syntax tree), ALTERs after the objects they alter.
 */
import type { Schema } from '../model/schema.js';
import type { DraftBody } from '../parse/drafts.js';
import { DiagnosticError, diagnostic } from '../model/diagnostic.js';
import { topoSort } from '../order/graph.js';
import { skeletonStatements } from './skeleton.js';
import { searchPathSql } from '../parse/search-path.js';
import type { SourceSpan } from '../model/objects.js';

export interface CanonStatement {
  readonly sql: string;
  /** The source statement it is, or null for the preamble and the skeleton. */
  readonly body: DraftBody | null;
  /** For a skeleton table: where the source declares it (a bound or key the server refuses is reported there). */
  readonly source?: SourceSpan | null;
}

/**
 * The session of the scratch load. Unqualified names resolve as the source model resolves them
 * (the default schema, after pg_catalog). String bodies are not validated at creation, so
 * functions can come before the tables their bodies use, as pg_dump loads them.
 */
const DEFAULT_SEARCH_PATH = 'SET search_path = public';

export const PREAMBLE: readonly string[] = [
  'SET check_function_bodies = off',
  DEFAULT_SEARCH_PATH,
  "SET client_min_messages = 'warning'",
];

const orderBodies = (bodies: readonly DraftBody[]): DraftBody[] => {
  const providers = new Map<string, number[]>();
  bodies.forEach((b, i) => { for (const p of b.provides) { const l = providers.get(p); if (l) l.push(i); else providers.set(p, [i]); } });
  const edges: [number, number][] = [];
  bodies.forEach((b, i) => { for (const r of b.requires) for (const p of providers.get(r) ?? []) if (p !== i) edges.push([p, i]); });
  // ALTERs last (in source order), everything else in source order where the edges allow.
  const { order, cycle } = topoSort(bodies.map((b, i) => (b.alter ? bodies.length + i : i)), edges);
  if (cycle.length) {
    const names = cycle.map((i) => `${bodies[i]!.kind} ${bodies[i]!.key}`).join(' -> ');
    throw new DiagnosticError([diagnostic('dependency_cycle', `these objects depend on each other in a cycle: ${names}`, bodies[cycle[0]!]!.span,
      'break the cycle in the schema source')]);
  }
  return order.map((i) => bodies[i]!);
};

export const canonScript = (schema: Schema, bodies: readonly DraftBody[]): CanonStatement[] => [
  ...PREAMBLE.map((sql) => ({ sql, body: null })),
  ...skeletonStatements(schema).map((s) => (typeof s === 'string' ? { sql: s, body: null } : { sql: s.sql, body: null, source: s.source })),
  ...orderBodies(bodies).flatMap((b) => (b.searchPath
    // The source's search_path around a statement written under it: the server resolves its names.
    ? [{ sql: searchPathSql(b.searchPath), body: null }, { sql: b.sql, body: b }, { sql: DEFAULT_SEARCH_PATH, body: null }]
    : [{ sql: b.sql, body: b }])),
];
