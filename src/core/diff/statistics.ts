/**
 * Extended statistics. PostgreSQL can alter only their target (and name, schema, owner): other
 * kinds, columns or expressions are a drop and a create. Statistics go with a dropped table.
 */
import type { Change } from '../model/change.js';
import type { StatisticsDef } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { statisticsRef } from '../order/refs.js';

const sameDefinition = (a: StatisticsDef, b: StatisticsDef): boolean =>
  keyOf(a.table) === keyOf(b.table) && a.kinds.join() === b.kinds.join() && a.columns.join('\u0000') === b.columns.join('\u0000')
  && a.expressions.map((e) => e.canon).join('\u0000') === b.expressions.map((e) => e.canon).join('\u0000');

export const diffStatistics = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.statistics, ctx.to.statistics);
  const out: Change[] = [];
  const target = (s: StatisticsDef): void => { if (s.target !== null) out.push({ kind: 'set_statistics_target', statistics: s, target: s.target }); };
  for (const s of m.removed) if (!ctx.droppedTables.has(keyOf(s.table))) out.push({ kind: 'drop_statistics', statistics: s });
  for (const s of m.added) { out.push({ kind: 'create_statistics', statistics: s }); target(s); }
  for (const [live, want] of m.kept) {
    if (!sameDefinition(live, want) || ctx.rebuild.has(statisticsRef(live.name))) {
      out.push({ kind: 'drop_statistics', statistics: live });
      out.push({ kind: 'create_statistics', statistics: want });
      target(want);
    } else if (live.target !== want.target) out.push({ kind: 'set_statistics_target', statistics: want, target: want.target });
  }
  return out;
};
