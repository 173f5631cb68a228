import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { keyOf } from '../model/names.js';
import type { IndexPartition, IndexStatisticsTarget } from '../model/change.js';
import type { IndexDef, TableDef } from '../model/objects.js';
import { partitionsOf } from '../model/inheritance.js';
import { indexShape } from '../canon/indexes.js';

const tableKey = (i: { table: { schema: string; name: string } }): string => `${i.table.schema}.${i.table.name}`;

/** Partitions (existing on both sides, under the same parent) that an index on a partitioned table is built on. */
const existingPartitions = (i: IndexDef, ctx: DiffContext): IndexPartition[] => {
  const t = tableKey(i);
  if (ctx.to.tables[t]?.partitionBy === undefined || ctx.createdTables.has(t) || !(t in ctx.from.tables)) return [];
  const kept = (p: TableDef): boolean => {
    const live = ctx.from.tables[keyOf(p.name)];
    return live?.partitionOf !== undefined && keyOf(live.partitionOf.parent) === keyOf(p.partitionOf!.parent) && live.partitionBy === p.partitionBy;
  };
  const walk = (parentKey: string): IndexPartition[] => partitionsOf(ctx.to.tables, parentKey).filter(kept).flatMap((p) => [
    { table: p.name, parent: p.partitionOf!.parent, partitioned: p.partitionBy !== undefined },
    ...(p.partitionBy !== undefined ? walk(keyOf(p.name)) : []),
  ]);
  return walk(t);
};

/** Columns whose statistics target differs (an absent entry is the default); a rebuilt index gets its own from create_index. */
const changedTargets = (live: IndexDef, want: IndexDef): IndexStatisticsTarget[] => {
  const a = live.statisticsTargets ?? {};
  const b = want.statisticsTargets ?? {};
  const columns = [...new Set([...Object.keys(a), ...Object.keys(b)])].map(Number).sort((x, y) => x - y);
  return columns.filter((n) => a[n] !== b[n]).map((n) => ({ column: n, target: b[n] ?? null }));
};

const createIndex = (i: IndexDef, ctx: DiffContext): Change => {
  const partitions = existingPartitions(i, ctx);
  return partitions.length ? { kind: 'create_index', index: i, partitions } : { kind: 'create_index', index: i };
};

/**
 * ALTER COLUMN ... TYPE rebuilds, inside PostgreSQL, every index on the column, and the rebuilt
 * index has default statistics targets: a kept index with targets on a retyped column gets all of
 * its targets set again (in place of a change of only some of them).
 */
export const indexStatisticsAfterRetype = (changes: readonly Change[], ctx: DiffContext): Change[] => {
  const retyped = new Set(changes.flatMap((c) => (c.kind === 'alter_column_type' ? [`${keyOf(c.table)}.${c.to.name}`] : [])));
  if (retyped.size === 0) return [...changes];
  const created = new Set(changes.flatMap((c) => (c.kind === 'create_index' ? [keyOf(c.index.name)] : [])));
  const again = new Map<string, Change>();
  for (const [key, i] of Object.entries(ctx.to.indexes)) {
    if (i.statisticsTargets === undefined || created.has(key) || !(key in ctx.from.indexes)) continue;
    if (!i.columns.some((col) => retyped.has(`${keyOf(i.table)}.${col}`))) continue;
    const targets = Object.entries(i.statisticsTargets).map(([column, target]) => ({ column: Number(column), target })).sort((x, y) => x.column - y.column);
    again.set(key, { kind: 'set_index_statistics', index: i.name, table: i.table, targets });
  }
  return [...changes.filter((c) => c.kind !== 'set_index_statistics' || !again.has(keyOf(c.index))), ...again.values()];
};


/**
 * A partitioned index left INVALID (created ON ONLY, some partitions' indexes not attached yet)
 * that the source wants valid: the partitions' unattached indexes of the same definition, which
 * the source implies (declared attached), are attached rather than dropped and built again.
 */
const attachments = (m: ReturnType<typeof matchByKey<IndexDef>>, ctx: DiffContext): Map<IndexDef, IndexDef> => {
  const out = new Map<IndexDef, IndexDef>();
  for (const [live, want] of m.kept) {
    if (live.invalid !== true || want.invalid === true || live.definition.canon !== want.definition.canon) continue;
    const parent = tableKey(live);
    if (ctx.to.tables[parent]?.partitionBy === undefined || ctx.rebuildIndexes.has(keyOf(live.name))) continue;
    for (const child of m.removed) {
      const t = ctx.to.tables[tableKey(child)];
      const l = ctx.from.tables[tableKey(child)];
      if (t?.partitionOf === undefined || keyOf(t.partitionOf.parent) !== parent || l?.partitionOf === undefined || keyOf(l.partitionOf.parent) !== parent) continue;
      // One index per partition joins a partitioned index.
      const taken = [...out].some(([c, p]) => p === live && tableKey(c) === tableKey(child));
      if (child.invalid !== true && indexShape(child) === indexShape(live) && !taken) out.set(child, live);
    }
  }
  return out;
};

export const diffIndexes = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.indexes, ctx.to.indexes);
  const out: Change[] = [];
  const attach = attachments(m, ctx);
  const attachedParents = new Set([...attach.values()]);
  for (const i of m.removed) if (!ctx.droppedTables.has(tableKey(i)) && !attach.has(i)) out.push({ kind: 'drop_index', index: i });
  for (const [child, parent] of attach) out.push({ kind: 'attach_index', parent, child });
  for (const i of m.added) out.push(createIndex(i, ctx));
  for (const [live, want] of m.kept) {
    // An INVALID index is rebuilt: it exists, but queries cannot use it. Not a partitioned one the
    // source leaves invalid too (ON ONLY, unattached partitions), nor one completed by attaching.
    const invalid = live.invalid === true && want.invalid !== true && !attachedParents.has(live);
    if (live.definition.canon !== want.definition.canon || invalid || ctx.rebuildIndexes.has(keyOf(live.name))) out.push({ kind: 'drop_index', index: live }, createIndex(want, ctx));
    else {
      const targets = changedTargets(live, want);
      if (targets.length) out.push({ kind: 'set_index_statistics', index: want.name, table: want.table, targets });
    }
  }
  return out;
};
