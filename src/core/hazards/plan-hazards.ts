/**
 * Hazards of a plan: per step, what the change means (changes.ts) plus what its emitted
 * statements do (the statement classifier, the same one `migrate apply` runs on files), and
 * MASS_DROP over the whole plan.
 */
import type { Change, ChangeKind } from '../model/change.js';
import type { Hazard } from '../model/hazard.js';
import type { Statement } from '../model/plan.js';
import type { Schema } from '../model/schema.js';
import { keyOf } from '../model/names.js';
import { parseStatements } from '../parse/pg-query.js';
import { classifyChange } from './changes.js';
import { newRunState, type HazardSettings, type LiveFacts, type RunState } from './context.js';
import { classifyStatement, massDrop } from './statements.js';

/** Changes that only create new objects: their statements cannot lock or scan existing rows. */
const CREATES: ReadonlySet<ChangeKind> = new Set(['create_schema', 'create_extension', 'create_enum', 'create_sequence', 'create_table']);

const onNewTable = (c: Change, st: RunState): boolean =>
  (c.kind === 'create_index' && st.created.has(keyOf(c.index.table))) ||
  (c.kind === 'add_constraint' && st.created.has(keyOf(c.constraint.table)));

/** One entry per (type, object): the first found (the change's own, with its reason) wins. */
const dedupe = (hs: readonly Hazard[]): Hazard[] => {
  const seen = new Set<string>();
  return hs.filter((h) => { const k = `${h.type}\u0000${h.object}`; if (seen.has(k)) return false; seen.add(k); return true; });
};

export const planHazards = (
  changes: readonly Change[], statements: readonly (readonly Statement[])[], from: Schema, to: Schema,
  facts: LiveFacts | null, settings?: HazardSettings,
): Hazard[][] => {
  const st = newRunState(from, facts, settings);
  const ctx = { from, to, changes };
  const out = changes.map((c, i) => {
    const own = classifyChange(c, ctx);
    if (c.kind === 'create_table') { st.created.add(keyOf(c.table.name)); st.createdObjects.add(`rel:${keyOf(c.table.name)}`); }
    if (c.kind === 'create_sequence') st.createdObjects.add(`rel:${keyOf(c.sequence.name)}`);
    if (c.kind === 'create_schema') st.createdObjects.add(`schema:${c.name}`);
    if (c.kind === 'create_enum') st.createdObjects.add(`type:${keyOf(c.enum.name)}`);
    if (CREATES.has(c.kind) || onNewTable(c, st)) return own;
    const found = statements[i]!.flatMap((s) => parseStatements(s.sql).flatMap((n) => classifyStatement(n.node, st)));
    return dedupe([...own, ...found]);
  });
  const mass = massDrop(st);
  if (mass) {
    const first = changes.findIndex((c) => c.kind.startsWith('drop_'));
    out[first < 0 ? 0 : first]!.push(mass);
  }
  return out;
};
