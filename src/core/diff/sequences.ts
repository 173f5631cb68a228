import type { Change } from '../model/change.js';
import type { SequenceDef } from '../model/objects.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { sameSequenceOptions } from '../canon/sequences.js';

const ownerKey = (s: SequenceDef): string | null =>
  s.ownedBy ? `${s.ownedBy.table.schema}.${s.ownedBy.table.name}.${s.ownedBy.column}` : null;

/** A sequence OWNED BY a column disappears with that column or its table: no DROP of its own. */
const goesWithOwner = (s: SequenceDef, ctx: DiffContext): boolean => {
  if (!s.ownedBy) return false;
  const tableKey = `${s.ownedBy.table.schema}.${s.ownedBy.table.name}`;
  if (ctx.droppedTables.has(tableKey)) return true;
  const want = ctx.to.tables[tableKey];
  return want !== undefined && !want.columns.some((c) => c.name === s.ownedBy!.column);
};

export const diffSequences = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.sequences, ctx.to.sequences);
  const out: Change[] = [];
  for (const s of m.added) {
    out.push({ kind: 'create_sequence', sequence: s });
    if (s.ownedBy) out.push({ kind: 'set_sequence_owner', sequence: s, previousOwner: null });
  }
  for (const s of m.removed) if (!goesWithOwner(s, ctx)) out.push({ kind: 'drop_sequence', sequence: s });
  for (const [live, want] of m.kept) {
    if (!sameSequenceOptions(live.options, want.options)) out.push({ kind: 'alter_sequence', name: want.name, from: live.options, to: want.options });
    if (ownerKey(live) === ownerKey(want)) continue;
    // Moving from a table the plan drops to one it may create only after that drop (a relation
    // name they share, e.g. a kept primary key name): released first, owned again later.
    if (live.ownedBy && want.ownedBy && ctx.droppedTables.has(`${live.ownedBy.table.schema}.${live.ownedBy.table.name}`)) {
      out.push({ kind: 'set_sequence_owner', sequence: { ...want, ownedBy: null }, previousOwner: live.ownedBy },
        { kind: 'set_sequence_owner', sequence: want, previousOwner: null });
    } else out.push({ kind: 'set_sequence_owner', sequence: want, previousOwner: live.ownedBy });
  }
  return out;
};
