import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { diffColumns } from './columns.js';
import { constraintsOf } from '../model/by-table.js';
import { comparedColumns, diffPartitioning, rerouteDefaultPartitions } from './partitions.js';
import { diffForeignTableOptions } from './foreign.js';

const optionKey = (o: string): string => o.slice(0, o.indexOf('='));

export const diffTables = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.tables, ctx.to.tables);
  const out: Change[] = [];
  for (const t of m.added) {
    // Constraints other than foreign keys go inside CREATE TABLE; foreign keys are added after,
    // so tables can reference each other in any order (and in cycles).
    const own = constraintsOf(ctx.to, `${t.name.schema}.${t.name.name}`).filter((c) => c.type !== 'foreign_key');
    out.push({ kind: 'create_table', table: t, constraints: own });
  }
  for (const t of m.removed) out.push({ kind: 'drop_table', table: t });
  for (const [live, want] of m.kept) {
    if (live.unlogged !== want.unlogged) out.push({ kind: 'set_table_persistence', table: want.name, unlogged: want.unlogged });
    const set = want.options.filter((o) => !live.options.includes(o));
    const wantKeys = new Set(want.options.map(optionKey));
    const reset = live.options.map(optionKey).filter((k) => !wantKeys.has(k));
    if (set.length || reset.length) out.push({ kind: 'set_table_options', table: want.name, set, reset });
    out.push(...diffPartitioning(live, want, ctx.to));
    const compared = comparedColumns(live, want, ctx.from, ctx.to);
    out.push(...diffColumns(compared.live, compared.want, ctx));
    out.push(...diffForeignTableOptions(live, want));
  }
  out.push(...rerouteDefaultPartitions(out, ctx.from, ctx.to));
  return out;
};
