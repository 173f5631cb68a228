import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { keyOf } from '../model/names.js';

const tableKey = (i: { table: { schema: string; name: string } }): string => `${i.table.schema}.${i.table.name}`;

export const diffIndexes = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.indexes, ctx.to.indexes);
  const out: Change[] = [];
  for (const i of m.removed) if (!ctx.droppedTables.has(tableKey(i))) out.push({ kind: 'drop_index', index: i });
  for (const i of m.added) out.push({ kind: 'create_index', index: i });
  for (const [live, want] of m.kept) {
    // An INVALID index is rebuilt: it exists, but queries cannot use it.
    if (live.definition.canon !== want.definition.canon || live.invalid === true || ctx.rebuildIndexes.has(keyOf(live.name))) out.push({ kind: 'drop_index', index: live }, { kind: 'create_index', index: want });
  }
  return out;
};
