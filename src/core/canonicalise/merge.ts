/**
 * The canonical objects read back from the scratch database, into the desired model: each
 * declared object takes the server's form of itself, and keeps its place in the source.
 */
import type { Schema } from '../model/schema.js';
import type { DraftBody } from '../parse/drafts.js';
import type { SourceSpan } from '../model/objects.js';
import { DiagnosticError, diagnostic, type Diagnostic } from '../model/diagnostic.js';
import { sortedRecord } from '../model/sorted.js';

/** A table's partition key and bound as the server prints them. */
export interface CanonicalPartitioning { readonly partitionBy?: string; readonly bound?: string }

type BodyObjects = Pick<Schema, 'views' | 'functions' | 'aggregates' | 'triggers' | 'rules' | 'policies'>;

/** The kinds whose form the canonicaliser gives (partitioning: absent in caches written before it). */
export type CanonicalObjects = BodyObjects & { readonly partitioning?: Readonly<Record<string, CanonicalPartitioning>> };

export const CANONICAL_KINDS = ['views', 'functions', 'aggregates', 'triggers', 'rules', 'policies'] as const;

const partitioningOf = (s: Schema): Record<string, CanonicalPartitioning> => {
  const out: Record<string, CanonicalPartitioning> = {};
  for (const [k, t] of Object.entries(s.tables)) {
    if (t.partitionBy !== undefined || t.partitionOf) {
      out[k] = { ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy } : {}), ...(t.partitionOf ? { bound: t.partitionOf.bound } : {}) };
    }
  }
  return out;
};

export const pickCanonical = (s: Schema): CanonicalObjects => ({
  views: s.views, functions: s.functions, aggregates: s.aggregates, triggers: s.triggers, rules: s.rules, policies: s.policies,
  partitioning: partitioningOf(s),
});

/** Whether the source has partition keys or bounds, whose form only a server gives. */
export const needsPartitionForms = (s: Schema): boolean => Object.values(s.tables).some((t) => t.partitionBy !== undefined || t.partitionOf);

/** Tables with the server's partition key and bound text. */
const mergePartitioning = (tables: Schema['tables'], canon: Readonly<Record<string, CanonicalPartitioning>>): Schema['tables'] => {
  if (!needsPartitionForms({ tables } as Schema)) return tables;
  const out: Record<string, Schema['tables'][string]> = {};
  for (const [k, t] of Object.entries(tables)) {
    const c = canon[k];
    out[k] = !c ? t : {
      ...t,
      ...(t.partitionBy !== undefined && c.partitionBy !== undefined ? { partitionBy: c.partitionBy } : {}),
      ...(t.partitionOf && c.bound !== undefined ? { partitionOf: { ...t.partitionOf, bound: c.bound } } : {}),
    };
  }
  return out;
};

const FIELD: Readonly<Record<DraftBody['kind'], keyof BodyObjects>> = {
  view: 'views', function: 'functions', aggregate: 'aggregates', trigger: 'triggers', rule: 'rules', policy: 'policies',
};

const withSource = <T extends { source: SourceSpan | null }>(o: T, source: SourceSpan): T => ({ ...o, source });

export const mergeCanonical = (schema: Schema, bodies: readonly DraftBody[], canon: CanonicalObjects): Schema => {
  const problems: Diagnostic[] = [];
  const picked: { [K in keyof BodyObjects]: [string, BodyObjects[K][string]][] } = {
    views: [], functions: [], aggregates: [], triggers: [], rules: [], policies: [],
  };
  for (const b of bodies) {
    if (b.alter) continue;
    const field = FIELD[b.kind];
    const found = canon[field][b.key];
    if (!found) {
      problems.push(diagnostic('invalid_definition',
        `${b.kind} ${b.key} was loaded into the canonicaliser's scratch database, but it came back under another identity`, b.span,
        'this is a pg-flux bug: please report it with the statement'));
      continue;
    }
    (picked[field] as [string, unknown][]).push([b.key, withSource(found as { source: SourceSpan | null }, b.span)]);
  }
  if (problems.length) throw new DiagnosticError(problems);
  return {
    ...schema,
    tables: mergePartitioning(schema.tables, canon.partitioning ?? {}),
    views: sortedRecord(new Map(picked.views)), functions: sortedRecord(new Map(picked.functions)),
    aggregates: sortedRecord(new Map(picked.aggregates)), triggers: sortedRecord(new Map(picked.triggers)),
    rules: sortedRecord(new Map(picked.rules)), policies: sortedRecord(new Map(picked.policies)),
  };
};
