/**
 * The drift report: one line per difference (drift-lines.ts), grouped by the object it
 * belongs to (a table's columns, constraints and indexes together), groups sorted by name.
 */
import type { Plan } from '../../model/plan.js';
import type { Schema } from '../../model/schema.js';
import { changeSubject, ownerOf } from '../../coverage/change-subject.js';
import { compareKeys } from '../../coverage/kinds.js';
import { changeObject } from '../describe.js';
import { driftLine } from './drift-lines.js';
import { terminated } from '../dump/create-plan.js';

export interface DriftEntry {
  /** The change kind (`add_column`). */
  readonly kind: string;
  /** What the change is about, as describe.ts names it (`public.users.last_login`). */
  readonly object: string;
  /** The object the difference belongs to: a table for its columns, constraints and indexes. */
  readonly group: { readonly kind: string; readonly key: string };
  readonly line: string;
  readonly sql: readonly string[];
}

/** Entries grouped by object (groups sorted by key, plan order inside a group). */
export const driftEntries = (plan: Plan, live: Schema, desired: Schema): DriftEntry[] => {
  const entries = plan.steps.map((s, i) => {
    const owner = ownerOf(changeSubject(s.change), desired, live);
    return {
      i,
      entry: {
        kind: s.change.kind, object: changeObject(s.change), group: { kind: owner.field, key: owner.key },
        line: driftLine(s.change), sql: s.statements.map((st) => st.sql),
      },
    };
  });
  return entries
    .sort((a, b) => compareKeys(a.entry.group.key, b.entry.group.key) || compareKeys(a.entry.group.kind, b.entry.group.kind) || a.i - b.i)
    .map((e) => e.entry);
};

/** Human report: a header, the lines (an object's lines next to each other), and what to do next. */
export const driftText = (entries: readonly DriftEntry[], schemaDir: string): string[] => {
  if (entries.length === 0) return ['No drift: the database matches the schema source'];
  const out = [`drift: ${entries.length} difference(s) between ${schemaDir}/ and the database:`, ''];
  for (const e of entries) out.push(e.line);
  out.push('', 'Run `pg-flux drift --sql` for the statements that would fix it, or `pg-flux migrate generate` to write them as a migration.');
  return out;
};

/** `--sql`: every statement that would make the database match the source, in plan order. */
export const driftSql = (plan: Plan, schemaDir: string): string[] => {
  if (plan.steps.length === 0) return ['-- No drift: the database matches the schema source'];
  const n = plan.steps.length;
  return [`-- drift: ${n} difference(s) between ${schemaDir}/ and the database; the statements that would fix it:`,
    ...plan.steps.flatMap((s) => s.statements.map((st) => terminated(st.sql)))];
};
