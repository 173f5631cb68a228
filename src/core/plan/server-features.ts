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
import type { ColumnDef } from '../model/objects.js';
import type { Change } from '../model/change.js';
import { isNotEnforced } from '../canon/constraints.js';

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

/** Columns of the desired tables that match. */
const inColumns = (pick: (c: ColumnDef) => boolean) => (s: Schema): Use[] =>
  Object.values(s.tables).flatMap((t) => t.columns.filter(pick).map((c) => ({ what: `column ${keyOf(t.name)}.${c.name}`, source: c.source ?? t.source })));

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
  { name: 'VIRTUAL generated columns (write STORED for older servers)', sinceVersionNum: 180000, uses: inColumns((c) => c.virtual === true) },
  { name: 'a named NOT NULL constraint', sinceVersionNum: 180000, uses: inColumns((c) => c.notNullName !== undefined) },
  { name: 'NOT NULL ... NOT VALID', sinceVersionNum: 180000, uses: inColumns((c) => c.notNullValidated === false) },
  {
    name: 'NOT ENFORCED constraints', sinceVersionNum: 180000,
    uses: (s) => Object.values(s.constraints).filter(isNotEnforced).map((c) => ({ what: `constraint ${c.name} on ${keyOf(c.table)}`, source: c.source })),
  },
  { name: 'temporal keys (WITHOUT OVERLAPS)', sinceVersionNum: 180000, uses: inDefinitions(/\bWITHOUT OVERLAPS\b/) },
  { name: 'temporal foreign keys (PERIOD)', sinceVersionNum: 180000, uses: inDefinitions(/\bPERIOD\b/) },
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

/** Changes that have no statement on older servers, with the minimum version_num and what to say. */
const CHANGE_FEATURES: readonly { readonly kind: Change['kind']; readonly name: string; readonly sinceVersionNum: number }[] = [
  { kind: 'set_table_access_method', name: 'changing the access method of an existing table (ALTER TABLE ... SET ACCESS METHOD)', sinceVersionNum: 150000 },
];

/** Planned changes the target server has no statement for: refused at the source's place. */
export const changeFeatureProblems = (changes: readonly Change[], desired: Schema, serverVersionNum: number): Diagnostic[] =>
  CHANGE_FEATURES.filter((f) => serverVersionNum < f.sinceVersionNum).flatMap((f) => changes.filter((c) => c.kind === f.kind).map((c) => {
    const table = 'table' in c && c.table && 'schema' in c.table ? keyOf(c.table) : '';
    return diagnostic('invalid_definition',
      `table ${table} needs ${f.name}, which PostgreSQL ${major(serverVersionNum)} does not support (it needs PostgreSQL ${major(f.sinceVersionNum)} or later)`,
      desired.tables[table]?.source ?? null, 'keep the live access method in the source, or recreate the table by hand, or upgrade the server');
  }));

export const serverFeatureProblems = (desired: Schema, serverVersionNum: number): Diagnostic[] =>
  [...FEATURES, ...PUBLICATION_FEATURES].filter((f) => serverVersionNum < f.sinceVersionNum).flatMap((f) => f.uses(desired).map((u) => diagnostic('invalid_definition',
    `${u.what} uses ${f.name}, which PostgreSQL ${major(serverVersionNum)} does not support (it needs PostgreSQL ${major(f.sinceVersionNum)} or later)`,
    u.source, 'remove it from the source, or upgrade the server')));
