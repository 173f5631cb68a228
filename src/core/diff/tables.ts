import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { diffColumns } from './columns.js';
import { constraintsOf } from '../model/by-table.js';
import { comparedColumns, diffPartitioning, rerouteDefaultPartitions } from './partitions.js';
import { diffForeignTableOptions } from './foreign.js';
import type { ReplicaIdentity, TableDef } from '../model/objects.js';
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
    if (t.clusterOn !== undefined) out.push({ kind: 'set_table_cluster', table: t.name, index: t.clusterOn });
  }
  const referenced = new Set(Object.values(ctx.from.constraints).flatMap((c) => (c.references ? [keyOf(c.references.table)] : [])));
  /** Whether a foreign key references the partition's parent or one of its ancestors. */
  const underReferenced = (t: TableDef): boolean => {
    for (let p = t.partitionOf?.parent; p !== undefined; p = ctx.from.tables[keyOf(p)]?.partitionOf?.parent) if (referenced.has(keyOf(p))) return true;
    return false;
  };
  for (const t of m.removed) {
    const parent = t.partitionOf?.parent;
    out.push(parent !== undefined && keyOf(parent) in ctx.to.tables && underReferenced(t) ? { kind: 'drop_table', table: t, detachFirst: true } : { kind: 'drop_table', table: t });
  }
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
    if (live.clusterOn !== want.clusterOn) out.push({ kind: 'set_table_cluster', table: want.name, index: want.clusterOn ?? null });
    out.push(...diffPartitioning(live, want, ctx.to));
    const compared = comparedColumns(live, want, ctx.from, ctx.to, ctx.serverVersionNum >= 180000);
    out.push(...diffColumns(compared.live, compared.want, ctx));
    out.push(...diffForeignTableOptions(live, want));
  }
  out.push(...rerouteDefaultPartitions(out, ctx.from, ctx.to));
  return out;
};

const replicaKey = (r: ReplicaIdentity | undefined): string => (r === undefined ? 'default' : typeof r === 'string' ? r : `index:${r.index}`);

/** The index a table setting names (REPLICA IDENTITY USING INDEX, CLUSTER ON), by setting. */
const INDEX_SETTINGS = {
  set_replica_identity: (t: TableDef): string | null => (t.replicaIdentity !== undefined && typeof t.replicaIdentity === 'object' ? t.replicaIdentity.index : null),
  set_table_cluster: (t: TableDef): string | null => t.clusterOn ?? null,
} as const;

const settingChange = (kind: keyof typeof INDEX_SETTINGS, t: TableDef): Change => (kind === 'set_replica_identity'
  ? { kind, table: t.name, identity: t.replicaIdentity ?? null }
  : { kind, table: t.name, index: t.clusterOn ?? null });

/**
 * REPLICA IDENTITY USING INDEX and CLUSTER ON name an index: when the plan drops and creates that
 * index (or the key constraint behind it) again, the new one carries neither until named again.
 */
export const indexSettingsOnRebuiltIndexes = (changes: readonly Change[], ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  for (const kind of Object.keys(INDEX_SETTINGS) as (keyof typeof INDEX_SETTINGS)[]) {
    const set = new Set(changes.filter((c) => c.kind === kind).map((c) => keyOf((c as { table: TableDef['name'] }).table)));
    for (const t of Object.values(ctx.to.tables)) {
      const index = INDEX_SETTINGS[kind](t);
      if (index === null || set.has(keyOf(t.name))) continue;
      const rebuilt = changes.some((c) => (c.kind === 'create_index' && keyOf(c.index.name) === `${t.name.schema}.${index}`)
        || (c.kind === 'add_constraint' && keyOf(c.constraint.table) === keyOf(t.name) && c.constraint.name === index));
      if (rebuilt) out.push(settingChange(kind, t));
    }
  }
  return out;
};
