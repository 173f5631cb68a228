/**
 * Source features the target server's major does not have. The diff would emit DDL that the
 * server rejects at apply time, half-way through a migration; report them at plan time instead,
 * at the place in the source that uses them. (Bodies of views, routines, triggers and policies
 * need no entry here: the canonicaliser loads them into a server of the target's major, which
 * rejects what it does not know at the source line.)
 */
import type { Schema } from '../model/schema.js';
import type { SourceSpan } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';

interface Use { readonly what: string; readonly source: SourceSpan | null }

interface Feature {
  readonly name: string;
  readonly sinceVersionNum: number;
  readonly uses: (desired: Schema) => Use[];
}

/** Constraints and indexes whose canonical definition matches. */
const inDefinitions = (pattern: RegExp) => (s: Schema): Use[] => [
  ...Object.values(s.constraints).filter((c) => pattern.test(c.definition.canon))
    .map((c) => ({ what: `constraint ${c.name} on ${c.table.schema}.${c.table.name}`, source: c.source })),
  ...Object.values(s.indexes).filter((i) => pattern.test(i.definition.canon))
    .map((i) => ({ what: `index ${keyOf(i.name)}`, source: i.source })),
];

const FEATURES: readonly Feature[] = [
  { name: 'UNIQUE NULLS NOT DISTINCT', sinceVersionNum: 150000, uses: inDefinitions(/\bNULLS NOT DISTINCT\b/) },
  { name: 'a column list in ON DELETE SET NULL / SET DEFAULT', sinceVersionNum: 150000, uses: inDefinitions(/\bON DELETE SET (?:NULL|DEFAULT) \(/) },
  {
    name: 'collation RULES', sinceVersionNum: 160000,
    uses: (s) => Object.values(s.collations).filter((c) => c.rules !== null).map((c) => ({ what: `collation ${keyOf(c.name)}`, source: c.source })),
  },
  {
    name: 'the builtin collation provider', sinceVersionNum: 170000,
    uses: (s) => Object.values(s.collations).filter((c) => c.provider === 'builtin').map((c) => ({ what: `collation ${keyOf(c.name)}`, source: c.source })),
  },
  {
    name: 'the login event', sinceVersionNum: 170000,
    uses: (s) => Object.values(s.eventTriggers).filter((e) => e.event === 'login').map((e) => ({ what: `event trigger ${e.name}`, source: e.source })),
  },
];

type Publication = Schema['publications'][string];

/** Publications using a feature, at the table of the list that uses it (or the publication). */
const publicationUses = (pick: (p: Publication) => boolean, table?: (t: Publication['tables'][number]) => boolean) => (s: Schema): Use[] =>
  Object.values(s.publications).filter(pick).map((p) => ({ what: `publication ${p.name}`, source: (table ? p.tables.find(table)?.source : undefined) ?? p.source }));

const PUBLICATION_FEATURES: readonly Feature[] = [
  { name: 'publication column lists', sinceVersionNum: 150000, uses: publicationUses((p) => p.tables.some((t) => t.columns !== null), (t) => t.columns !== null) },
  { name: 'publication row filters (WHERE)', sinceVersionNum: 150000, uses: publicationUses((p) => p.tables.some((t) => t.where !== null), (t) => t.where !== null) },
  { name: 'FOR TABLES IN SCHEMA', sinceVersionNum: 150000, uses: publicationUses((p) => p.schemas.length > 0) },
  { name: 'publish_generated_columns', sinceVersionNum: 180000, uses: publicationUses((p) => p.generatedColumns !== undefined) },
];

const major = (versionNum: number): number => Math.floor(versionNum / 10000);

export const serverFeatureProblems = (desired: Schema, serverVersionNum: number): Diagnostic[] =>
  [...FEATURES, ...PUBLICATION_FEATURES].filter((f) => serverVersionNum < f.sinceVersionNum).flatMap((f) => f.uses(desired).map((u) => diagnostic('invalid_definition',
    `${u.what} uses ${f.name}, which PostgreSQL ${major(serverVersionNum)} does not support (it needs PostgreSQL ${major(f.sinceVersionNum)} or later)`,
    u.source, 'remove it from the source, or upgrade the server')));
