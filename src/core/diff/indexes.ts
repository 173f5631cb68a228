import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { keyOf } from '../model/names.js';
import type { IndexPartition } from '../model/change.js';
import type { IndexDef, TableDef } from '../model/objects.js';
import { partitionsOf } from '../model/inheritance.js';

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

const createIndex = (i: IndexDef, ctx: DiffContext): Change => {
  const partitions = existingPartitions(i, ctx);
  return partitions.length ? { kind: 'create_index', index: i, partitions } : { kind: 'create_index', index: i };
};

export const diffIndexes = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.indexes, ctx.to.indexes);
  const out: Change[] = [];
  for (const i of m.removed) if (!ctx.droppedTables.has(tableKey(i))) out.push({ kind: 'drop_index', index: i });
  for (const i of m.added) out.push(createIndex(i, ctx));
  for (const [live, want] of m.kept) {
    // An INVALID index is rebuilt: it exists, but queries cannot use it.
    if (live.definition.canon !== want.definition.canon || live.invalid === true || ctx.rebuildIndexes.has(keyOf(live.name))) out.push({ kind: 'drop_index', index: live }, createIndex(want, ctx));
  }
  return out;
};
