/**
 * The canonical objects read back from the scratch database, into the desired model: each
 * declared object takes the server's form of itself, and keeps its place in the source.
 */
import type { Schema } from '../model/schema.js';
import type { DraftBody } from '../parse/drafts.js';
import type { SourceSpan } from '../model/objects.js';
import { DiagnosticError, diagnostic, type Diagnostic } from '../model/diagnostic.js';
import { sortedRecord } from '../model/sorted.js';

/** The kinds whose form the canonicaliser gives. */
export type CanonicalObjects = Pick<Schema, 'views' | 'functions' | 'aggregates' | 'triggers' | 'rules' | 'policies'>;

export const CANONICAL_KINDS = ['views', 'functions', 'aggregates', 'triggers', 'rules', 'policies'] as const;

export const pickCanonical = (s: Schema): CanonicalObjects =>
  ({ views: s.views, functions: s.functions, aggregates: s.aggregates, triggers: s.triggers, rules: s.rules, policies: s.policies });

const FIELD: Readonly<Record<DraftBody['kind'], keyof CanonicalObjects>> = {
  view: 'views', function: 'functions', aggregate: 'aggregates', trigger: 'triggers', rule: 'rules', policy: 'policies',
};

const withSource = <T extends { source: SourceSpan | null }>(o: T, source: SourceSpan): T => ({ ...o, source });

export const mergeCanonical = (schema: Schema, bodies: readonly DraftBody[], canon: CanonicalObjects): Schema => {
  const problems: Diagnostic[] = [];
  const picked: { [K in keyof CanonicalObjects]: [string, CanonicalObjects[K][string]][] } = {
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
    views: sortedRecord(new Map(picked.views)), functions: sortedRecord(new Map(picked.functions)),
    aggregates: sortedRecord(new Map(picked.aggregates)), triggers: sortedRecord(new Map(picked.triggers)),
    rules: sortedRecord(new Map(picked.rules)), policies: sortedRecord(new Map(picked.policies)),
  };
};
