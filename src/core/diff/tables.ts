import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { diffColumns } from './columns.js';
import { constraintsOf } from '../model/by-table.js';
import { comparedColumns, diffPartitioning, rerouteDefaultPartitions } from './partitions.js';
import { diffForeignTableOptions } from './foreign.js';
import type { ReplicaIdentity } from '../model/objects.js';
import { keyOf } from '../model/names.js';

const optionKey = (o: string): string => o.slice(0, o.indexOf('='));

export const diffTables = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.tables, ctx.to.tables);
  const out: Change[] = [];
  for (const t of m.added) {
    // Constraints other than foreign keys go inside CREATE TABLE; foreign keys are added after,
    // so tables can reference each other in any order (and in cycles).
    const own = constraintsOf(ctx.to, `${t.name.schema}.${t.name.name}`).filter((c) => c.type !== 'foreign_key');
    out.push({ kind: 'create_table', table: t, constraints: own });
    if (t.replicaIdentity !== undefined) out.push({ kind: 'set_replica_identity', table: t.name, identity: t.replicaIdentity });
  }
  for (const t of m.removed) out.push({ kind: 'drop_table', table: t });
  for (const [live, want] of m.kept) {
    if (live.unlogged !== want.unlogged) out.push({ kind: 'set_table_persistence', table: want.name, unlogged: want.unlogged });
    const set = want.options.filter((o) => !live.options.includes(o));
    const wantKeys = new Set(want.options.map(optionKey));
    const reset = live.options.map(optionKey).filter((k) => !wantKeys.has(k));
    if (set.length || reset.length) out.push({ kind: 'set_table_options', table: want.name, set, reset });
    if (live.accessMethod !== want.accessMethod) out.push({ kind: 'set_table_access_method', table: want.name, accessMethod: want.accessMethod ?? null });
    if (replicaKey(live.replicaIdentity) !== replicaKey(want.replicaIdentity)) {
      out.push({ kind: 'set_replica_identity', table: want.name, identity: want.replicaIdentity ?? null });
    }
    out.push(...diffPartitioning(live, want, ctx.to));
    const compared = comparedColumns(live, want, ctx.from, ctx.to, ctx.serverVersionNum >= 180000);
    out.push(...diffColumns(compared.live, compared.want, ctx));
    out.push(...diffForeignTableOptions(live, want));
  }
  out.push(...rerouteDefaultPartitions(out, ctx.from, ctx.to));
  return out;
};

const replicaKey = (r: ReplicaIdentity | undefined): string => (r === undefined ? 'default' : typeof r === 'string' ? r : `index:${r.index}`);

/**
 * REPLICA IDENTITY USING INDEX names an index: when the plan drops and creates that index (or
 * the key constraint behind it) again, the new one is not the identity until it is named again.
 */
export const replicaIdentitiesOnRebuiltIndexes = (changes: readonly Change[], ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  const set = new Set(changes.filter((c) => c.kind === 'set_replica_identity').map((c) => keyOf(c.table)));
  for (const t of Object.values(ctx.to.tables)) {
    const r = t.replicaIdentity;
    if (r === undefined || typeof r === 'string' || set.has(keyOf(t.name))) continue;
    const rebuilt = changes.some((c) => (c.kind === 'create_index' && keyOf(c.index.name) === `${t.name.schema}.${r.index}`)
      || (c.kind === 'add_constraint' && keyOf(c.constraint.table) === keyOf(t.name) && c.constraint.name === r.index));
    if (rebuilt) out.push({ kind: 'set_replica_identity', table: t.name, identity: r });
  }
  return out;
};
