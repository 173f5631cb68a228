/**
 * Source features the target server's major does not have. The diff would emit DDL that the
 * server rejects at apply time, half-way through a migration; report them at plan time instead,
 * at the place in the source that uses them.
 */
import type { Schema } from '../model/schema.js';
import type { SourceSpan } from '../model/objects.js';
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';

interface Feature {
  readonly name: string;
  readonly sinceVersionNum: number;
  /** Matched against an object's canonical definition text. */
  readonly pattern: RegExp;
}

const FEATURES: readonly Feature[] = [
  { name: 'UNIQUE NULLS NOT DISTINCT', sinceVersionNum: 150000, pattern: /\bNULLS NOT DISTINCT\b/ },
  { name: 'a column list in ON DELETE SET NULL / SET DEFAULT', sinceVersionNum: 150000, pattern: /\bON DELETE SET (?:NULL|DEFAULT) \(/ },
];

const major = (versionNum: number): number => Math.floor(versionNum / 10000);

export const serverFeatureProblems = (desired: Schema, serverVersionNum: number): Diagnostic[] => {
  const missing = FEATURES.filter((f) => serverVersionNum < f.sinceVersionNum);
  if (missing.length === 0) return [];
  const defs: { what: string; canon: string; source: SourceSpan | null }[] = [
    ...Object.values(desired.constraints).map((c) => ({ what: `constraint ${c.name} on ${c.table.schema}.${c.table.name}`, canon: c.definition.canon, source: c.source })),
    ...Object.values(desired.indexes).map((i) => ({ what: `index ${i.name.schema}.${i.name.name}`, canon: i.definition.canon, source: i.source })),
  ];
  const out: Diagnostic[] = [];
  for (const d of defs) {
    for (const f of missing) {
      if (!f.pattern.test(d.canon)) continue;
      out.push(diagnostic('invalid_definition',
        `${d.what} uses ${f.name}, which PostgreSQL ${major(serverVersionNum)} does not support (it needs PostgreSQL ${major(f.sinceVersionNum)} or later)`,
        d.source, 'remove it from the source, or upgrade the server'));
    }
  }
  return out;
};
