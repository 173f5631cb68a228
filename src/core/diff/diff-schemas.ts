/**
 * desired vs live → the list of changes (unordered; order/ sorts them). Each kind has its own
 * differ; they share a context for facts that cross kinds (tables created or dropped, column
 * defaults already handled by an enum recreate or a type change).
 */
import type { Change } from '../model/change.js';
import { keyOf } from '../model/names.js';
import type { Schema } from '../model/schema.js';
import type { DiffContext } from './context.js';
import { diffSchemas } from './namespaces.js';
import { diffExtensions } from './extensions.js';
import { diffEnums } from './enums.js';
import { diffSequences } from './sequences.js';
import { diffTables } from './tables.js';
import { diffPartitionColumns } from './partition-columns.js';
import { diffConstraints } from './constraints.js';
import { diffIndexes, indexStatisticsAfterRetype } from './indexes.js';
import { markForeignKeysOnReplacedKeys } from './rebuild.js';
import { diffViews } from './views.js';
import { diffAggregates, diffFunctions } from './routines.js';
import { diffRules, diffTriggers } from './triggers.js';
import { findRebuilds } from './dependants.js';
import { diffTypes } from './types.js';
import { diffPolicies } from './policies.js';
import { diffEventTriggers } from './event-triggers.js';
import { diffCasts } from './casts.js';
import { diffStatistics } from './statistics.js';
import { diffAuthz } from './authz.js';
import { withoutRecreated } from './partitions.js';
import { diffForeignData } from './foreign.js';
import { diffPublications } from './publications.js';
import { indexSettingsOnRebuiltIndexes } from './tables.js';

/** Without a target version, the newest major's forms. */
const NEWEST = 999999;

const diffPass = (from: Schema, to: Schema, rebuild: ReadonlyMap<string, string>, serverVersionNum: number): Change[] => {
  const ctx: DiffContext = {
    from, to, serverVersionNum,
    droppedTables: new Set(Object.keys(from.tables).filter((k) => !(k in to.tables))),
    createdTables: new Set(Object.keys(to.tables).filter((k) => !(k in from.tables))),
    defaultsHandled: new Set(), rebuild,
    rebuildConstraints: new Set([...rebuild.keys()].filter((r) => r.startsWith('con:')).map((r) => r.slice('con:'.length))),
    rebuildIndexes: new Set([...rebuild.keys()].filter((r) => r.startsWith('idx:')).map((r) => r.slice('idx:'.length))),
  };
  // Enums first: a recreate claims the defaults of the columns it moves.
  const enums = diffEnums(ctx);
  const types = diffTypes(ctx);
  const head = [...diffSchemas(ctx), ...diffExtensions(ctx), ...diffForeignData(ctx), ...enums, ...types, ...diffSequences(ctx), ...diffTables(ctx), ...diffPartitionColumns(ctx)];
  // Keys replaced by now (changed, or rebuilt under a changing column) take their foreign keys along.
  markForeignKeysOnReplacedKeys(ctx);
  const keys = indexStatisticsAfterRetype([...head, ...diffConstraints(ctx), ...diffIndexes(ctx)], ctx);
  return [
    ...keys, ...indexSettingsOnRebuiltIndexes(keys, ctx), ...diffStatistics(ctx), ...diffFunctions(ctx), ...diffAggregates(ctx), ...diffViews(ctx),
    ...diffTriggers(ctx), ...diffRules(ctx), ...diffEventTriggers(ctx), ...diffCasts(ctx), ...diffPolicies(ctx), ...diffPublications(ctx),
  ];
};

/**
 * Two passes: the first finds what the plan drops, recreates or retypes; the objects that
 * depend on those (and stay) are then rebuilt by the second (dependants.ts).
 */
export const diffSchema = (
  from: Schema, to: Schema,
  opts: { readonly currentUser?: string; readonly liveOwners?: Readonly<Record<string, string>>; readonly serverVersionNum?: number } = {},
): Change[] => {
  const version = opts.serverVersionNum ?? NEWEST;
  // Tables recreated for a changed partition key: dropped, then diffed as new ones.
  const recreated = withoutRecreated(from, to);
  const live = recreated.from;
  const first = [...recreated.drops, ...diffPass(live, to, new Map(), version)];
  const rebuild = findRebuilds(first, from, to);
  const passed = rebuild.size === 0 ? first : [...recreated.drops, ...diffPass(live, to, rebuild, version)];
  const authz = { currentUser: opts.currentUser ?? '', liveOwners: opts.liveOwners ?? {} };
  const changes = passed.map((c) => (c.kind === 'set_sequence_owner' ? withTableOwner(c, live, to, authz) : c));
  // Comments, owners and privileges last: what the plan creates starts without them.
  return [...changes, ...diffAuthz(changes, live, to, authz)];
};

/**
 * A sequence newly linked to a table must have the table's owner. The table's owner at that
 * point is its final one (the link is ordered after the table's OWNER TO); the sequence's is
 * whoever runs the migration if it is new, else its live owner.
 */
const withTableOwner = (
  c: Extract<Change, { kind: 'set_sequence_owner' }>, from: Schema, to: Schema,
  opts: { readonly currentUser: string; readonly liveOwners: Readonly<Record<string, string>> },
): Change => {
  const link = c.sequence.ownedBy;
  if (link === null || c.previousOwner !== null) return c;
  const tableKey = `table:${keyOf(link.table)}`;
  const seqKey = `sequence:${keyOf(c.sequence.name)}`;
  const tableOwner = to.owners[tableKey]?.role ?? (keyOf(link.table) in from.tables ? opts.liveOwners[tableKey] : opts.currentUser);
  const seqOwner = keyOf(c.sequence.name) in from.sequences ? opts.liveOwners[seqKey] : opts.currentUser;
  if (!tableOwner || !seqOwner || tableOwner === seqOwner) return c;
  return { ...c, tableOwner };
};
