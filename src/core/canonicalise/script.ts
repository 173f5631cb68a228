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
import type { CastDef } from '../model/casts.js';
import { castKey } from '../canon/casts.js';
import { castUsesRefs } from '../order/refs.js';
import { createCastSql } from '../emit/sql/casts.js';

export interface CanonStatement {
  readonly sql: string;
  /** The source statement it is, or null for the preamble and the skeleton. */
  readonly body: DraftBody | null;
  /** For a skeleton table or a cast: where the source declares it (what the server refuses is reported there). */
  readonly source?: SourceSpan | null;
  /** What it creates, for that report: a table unless said. */
  readonly what?: 'cast';
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

/** A body, or a cast (loaded among them: it needs its function, and views or routines may apply it). */
type Item = { readonly body: DraftBody } | { readonly cast: CastDef };

/**
 * Bodies in an order the server accepts, with the casts among them. A cast comes after its
 * function, and, where that makes no cycle, before every other body: nothing tells which views,
 * rules, policies or SQL-standard routines apply a cast (`p::bigint` names no routine), and a
 * missing one makes the server refuse them.
 */
const orderBodies = (bodies: readonly DraftBody[], casts: readonly CastDef[]): Item[] => {
  const items: Item[] = [...bodies.map((body) => ({ body })), ...casts.map((cast) => ({ cast }))];
  const providers = new Map<string, number[]>();
  bodies.forEach((b, i) => { for (const p of b.provides) { const l = providers.get(p); if (l) l.push(i); else providers.set(p, [i]); } });
  const edges: [number, number][] = [];
  bodies.forEach((b, i) => { for (const r of b.requires) for (const p of providers.get(r) ?? []) if (p !== i) edges.push([p, i]); });
  const castEdges: [number, number][] = [];
  const beforeOthers: [number, number][] = [];
  casts.forEach((c, j) => {
    const at = bodies.length + j;
    const own = new Set(castUsesRefs(c).flatMap((r) => providers.get(r) ?? []));
    for (const p of own) castEdges.push([p, at]);
    bodies.forEach((b, i) => { if (!b.alter && !own.has(i)) beforeOthers.push([at, i]); });
  });
  // ALTERs last (in source order), everything else in source order where the edges allow; casts as early as they can.
  const priorities = items.map((it, i) => ('cast' in it ? -1 : it.body.alter ? bodies.length + i : i));
  let sorted = topoSort(priorities, [...edges, ...castEdges, ...beforeOthers]);
  if (sorted.cycle.length) sorted = topoSort(priorities, [...edges, ...castEdges]);
  const { order, cycle } = sorted;
  if (cycle.length) {
    const names = cycle.map((i) => { const it = items[i]!; return 'cast' in it ? `cast ${castKey(it.cast)}` : `${it.body.kind} ${it.body.key}`; }).join(' -> ');
    const first = items[cycle[0]!]!;
    throw new DiagnosticError([diagnostic('dependency_cycle', `these objects depend on each other in a cycle: ${names}`, 'cast' in first ? first.cast.source : first.body.span,
      'break the cycle in the schema source')]);
  }
  return order.map((i) => items[i]!);
};

export const canonScript = (schema: Schema, bodies: readonly DraftBody[]): CanonStatement[] => [
  ...PREAMBLE.map((sql) => ({ sql, body: null })),
  ...skeletonStatements(schema).map((s) => (typeof s === 'string' ? { sql: s, body: null } : { sql: s.sql, body: null, source: s.source })),
  ...orderBodies(bodies, Object.values(schema.casts)).flatMap((it): CanonStatement[] => {
    if ('cast' in it) return [{ sql: createCastSql(it.cast), body: null, source: it.cast.source, what: 'cast' }];
    const b = it.body;
    // The source's search_path around a statement written under it: the server resolves its names.
    return b.searchPath
      ? [{ sql: searchPathSql(b.searchPath), body: null }, { sql: b.sql, body: b }, { sql: DEFAULT_SEARCH_PATH, body: null }]
      : [{ sql: b.sql, body: b }];
  }),
];
