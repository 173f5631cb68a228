/**
 * Partitioning and inheritance of tables that stay:
 * - a changed partition key (or a table becoming, or ceasing to be, partitioned) cannot be
 *   altered: the table and the partitions under it are dropped and created again (DATA_LOSS,
 *   with the reason);
 * - a partition that moves to another bound or parent is detached and attached again (its rows
 *   stay in it); a plain table that becomes a partition is attached after a validated CHECK
 *   proves the bound; a partition that becomes a plain table is detached;
 * - parents added and removed: INHERIT / NO INHERIT;
 * - a default partition under a parent that gains partitions is detached first and attached
 *   again last, after its rows that belong to the new partitions moved to them (PostgreSQL
 *   refuses a new partition whose rows sit in the default one).
 */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { TableDef } from '../model/objects.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import { allColumns, parentsOf, partitionTree } from '../model/inheritance.js';
import { partitionCheckExpr } from '../canon/partitions.js';
import { clipBytes } from '../canon/identifiers.js';
import { defaultNotNullName } from '../canon/naming.js';
import { foreignRecreateReason, recreatedServers } from './foreign.js';

const KEY_CHANGED = 'its partition key changes, which PostgreSQL cannot alter in place';
const PARENT_RECREATED = 'its partitioned parent is created again';

/** Tables recreated for a changed partition key (with every live partition under them), by key, with the reason. */
export const recreatedTables = (from: Schema, to: Schema): Map<string, string> => {
  const out = new Map<string, string>();
  const servers = recreatedServers(from, to);
  for (const [k, live] of Object.entries(from.tables)) {
    const want = to.tables[k];
    // A foreign table on another server (or one that stops or starts being foreign) is created again.
    const foreign = want ? foreignRecreateReason(live, want, servers) : null;
    if (foreign !== null) { out.set(k, foreign); continue; }
    if (!want || live.partitionBy === want.partitionBy) continue;
    out.set(k, KEY_CHANGED);
    for (const p of partitionTree(from.tables, k)) if (!out.has(keyOf(p.name))) out.set(keyOf(p.name), PARENT_RECREATED);
  }
  return out;
};

const objectOnTable = (refKey: string, tables: ReadonlySet<string>, indexes: ReadonlySet<string>): boolean => {
  const [kind, key] = [refKey.slice(0, refKey.indexOf(':')), refKey.slice(refKey.indexOf(':') + 1)];
  if (kind === 'index') return indexes.has(key);
  if (kind === 'table') return tables.has(key);
  if (['column', 'constraint', 'trigger', 'policy', 'rule'].includes(kind)) return tables.has(key.slice(0, key.lastIndexOf('.')));
  return false;
};

/**
 * The live model without the recreated tables and everything on them, and their drops: the
 * rest of the differ then sees them as tables to create, with their keys, indexes, triggers,
 * policies, comments and grants.
 */
export const withoutRecreated = (from: Schema, to: Schema): { from: Schema; drops: Change[] } => {
  const r = recreatedTables(from, to);
  if (r.size === 0) return { from, drops: [] };
  const keys = new Set(r.keys());
  const onTable = <T extends { table: QualifiedName }>(rec: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(Object.entries(rec).filter(([, o]) => !keys.has(keyOf(o.table))));
  const indexes = new Set(Object.entries(from.indexes).filter(([, i]) => keys.has(keyOf(i.table))).map(([k]) => k));
  const byRef = <T>(rec: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(Object.entries(rec).filter(([k]) => !objectOnTable(k, keys, indexes)));
  // A foreign key of a recreated table to another table that goes away (recreated too, or
  // dropped) is dropped first, as diffConstraints does for dropped tables: otherwise the two
  // drops wait for each other when the keys form a cycle.
  const firstKeys = Object.entries(from.constraints).filter(([, c]) => {
    if (c.type !== 'foreign_key' || !c.references || !keys.has(keyOf(c.table))) return false;
    const target = keyOf(c.references.table);
    return target !== keyOf(c.table) && (keys.has(target) || !(target in to.tables));
  });
  // A sequence owned by a column of a recreated table (serial) would go with the table: it is
  // released first and, the live side now saying it has no owner, owned again by the new table.
  const owned = Object.entries(from.sequences).filter(([, q]) => q.ownedBy !== null && keys.has(keyOf(q.ownedBy.table)));
  const drops: Change[] = [
    ...firstKeys.map(([, c]): Change => ({ kind: 'drop_constraint', constraint: c })),
    ...owned.map(([, q]): Change => ({ kind: 'set_sequence_owner', sequence: { ...q, ownedBy: null }, previousOwner: q.ownedBy })),
    ...[...r].map(([k, reason]): Change => {
      const own = firstKeys.filter(([, c]) => keyOf(c.table) === k).map(([key]) => key);
      return { kind: 'drop_table', table: from.tables[k]!, ...(k in to.tables ? { reason } : {}), ...(own.length ? { foreignKeysDroppedFirst: own } : {}) };
    }),
  ];
  return {
    drops,
    from: {
      ...from,
      tables: Object.fromEntries(Object.entries(from.tables).filter(([k]) => !keys.has(k))),
      sequences: owned.length ? { ...from.sequences, ...Object.fromEntries(owned.map(([k, q]) => [k, { ...q, ownedBy: null }])) } : from.sequences,
      constraints: onTable(from.constraints), indexes: onTable(from.indexes), triggers: onTable(from.triggers),
      rules: onTable(from.rules), policies: onTable(from.policies),
      rowSecurity: Object.fromEntries(Object.entries(from.rowSecurity).filter(([k]) => !keys.has(k))),
      comments: byRef(from.comments), owners: byRef(from.owners), privileges: byRef(from.privileges),
    },
  };
};

const sameName = (a: QualifiedName, b: QualifiedName): boolean => keyOf(a) === keyOf(b);

/** The helper CHECK's name: the table's name and a fixed suffix, within 63 bytes. */
const checkName = (t: QualifiedName): string => `${clipBytes(t.name, 63 - '_pgflux_bound'.length)}_pgflux_bound`;

/**
 * The columns each side of a kept table has, as far as this table's own list goes: a parent
 * going away leaves its columns local to the table (so the live side counts them as the
 * table's), a parent coming in brings its columns (so the desired side counts them).
 * With named NOT NULL constraints (PostgreSQL 18) a column left behind keeps the constraint
 * name it inherited, which is the defining ancestor's, not the table's default: the live side
 * says so, and the differ renames it once the table has left (rename_not_null after the
 * NO INHERIT / DETACH).
 */
export const comparedColumns = (live: TableDef, want: TableDef, from: Schema, to: Schema, notNullNames: boolean): { live: TableDef; want: TableDef } => {
  const lp = parentsOf(live), wp = parentsOf(want);
  const gone = lp.filter((p) => !wp.some((q) => sameName(p, q)));
  const come = wp.filter((p) => !lp.some((q) => sameName(p, q)));
  if (!gone.length && !come.length) return { live, want };
  // The names the columns carry (live: what the server says, else what a child created under the
  // parent has); a table joining a parent is renamed to the latter first, so the database is
  // the one its source describes whichever way it got there.
  const widen = (t: TableDef, parents: readonly QualifiedName[], s: Schema): TableDef => {
    const names = new Set(t.columns.map((c) => c.name));
    const extra = parents.flatMap((p) => {
      const pt = s.tables[keyOf(p)];
      if (!pt) return [];
      const cols = allColumns(s.tables, pt);
      if (!notNullNames) return cols;
      const inherited = inheritedNotNullNames(s.tables, pt);
      return cols.map((c) => {
        const name = c.notNull ? t.inheritedNotNullNames?.[c.name] ?? inherited.get(c.name) : undefined;
        return name !== undefined && name !== defaultNotNullName(t.name.name, c.name) ? { ...c, notNullName: name } : c;
      });
    }).filter((c) => !names.has(c.name) && (names.add(c.name), true));
    return { ...t, columns: [...extra, ...t.columns] };
  };
  return { live: widen(live, gone, from), want: widen(want, come, to) };
};

/** The NOT NULL constraint name each column of a table carries: the one of the table that defines the column, parents first (as allColumns). */
const inheritedNotNullNames = (tables: Readonly<Record<string, TableDef>>, t: TableDef, seen: ReadonlySet<string> = new Set()): Map<string, string> => {
  const out = new Map<string, string>();
  for (const p of parentsOf(t)) {
    const pt = tables[keyOf(p)];
    if (!pt || seen.has(keyOf(p))) continue;
    for (const [c, n] of inheritedNotNullNames(tables, pt, new Set([...seen, keyOf(t.name)]))) if (!out.has(c)) out.set(c, n);
  }
  for (const c of t.columns) if (c.notNull && !out.has(c.name)) out.set(c.name, c.notNullName ?? defaultNotNullName(t.name.name, c.name));
  return out;
};

export const diffPartitioning = (live: TableDef, want: TableDef, to: Schema): Change[] => {
  const out: Change[] = [];
  const lp = live.partitionOf, wp = want.partitionOf;
  const columns = (parent: QualifiedName) => { const p = to.tables[keyOf(parent)]; return p ? allColumns(to.tables, p).map((c) => c.name) : []; };
  if (lp && (!wp || !sameName(lp.parent, wp.parent) || lp.bound !== wp.bound)) {
    out.push({ kind: 'detach_partition', table: want.name, parent: lp.parent, bound: lp.bound });
  }
  if (wp && (!lp || !sameName(lp.parent, wp.parent) || lp.bound !== wp.bound)) {
    const key = to.tables[keyOf(wp.parent)]?.partitionBy;
    // A partition moving to another bound is detached in the same transaction: its lock is held
    // already, so a helper CHECK would only add a second scan.
    const expr = !lp && key ? partitionCheckExpr(key, wp.bound) : null;
    out.push({
      kind: 'attach_partition', table: want.name, parent: wp.parent, bound: wp.bound,
      check: expr ? { name: checkName(want.name), expr } : null, moveRowsTo: [], columns: columns(wp.parent),
    });
  }
  const li = live.inherits ?? [], wi = want.inherits ?? [];
  for (const p of li) if (!wi.some((q) => sameName(p, q))) out.push({ kind: 'drop_inherit', table: want.name, parent: p });
  for (const p of wi) if (!li.some((q) => sameName(p, q))) out.push({ kind: 'add_inherit', table: want.name, parent: p });
  return out;
};

const DEFAULT_BOUND = 'DEFAULT';

/**
 * A default partition that stays under a parent gaining partitions (created, attached or given
 * a new bound) is detached before them and attached again after them, moving its rows that
 * belong to them first.
 */
export const rerouteDefaultPartitions = (changes: readonly Change[], from: Schema, to: Schema): Change[] => {
  const gaining = new Map<string, QualifiedName[]>();
  const add = (parent: QualifiedName, p: QualifiedName) => { const l = gaining.get(keyOf(parent)); if (l) l.push(p); else gaining.set(keyOf(parent), [p]); };
  for (const c of changes) {
    if (c.kind === 'create_table' && c.table.partitionOf && c.table.partitionOf.bound !== DEFAULT_BOUND) add(c.table.partitionOf.parent, c.table.name);
    if (c.kind === 'attach_partition' && c.bound !== DEFAULT_BOUND) add(c.parent, c.table);
  }
  const out: Change[] = [];
  for (const [parentKey, news] of gaining) {
    if (!(parentKey in from.tables)) continue;
    const dflt = Object.values(to.tables).find((t) => t.partitionOf?.bound === DEFAULT_BOUND && keyOf(t.partitionOf.parent) === parentKey);
    const live = dflt && from.tables[keyOf(dflt.name)];
    if (!dflt || live?.partitionOf?.bound !== DEFAULT_BOUND || keyOf(live.partitionOf.parent) !== parentKey) continue;
    // Already detached and attached by the plan (it moved): nothing to add.
    if (changes.some((c) => (c.kind === 'attach_partition' || c.kind === 'detach_partition') && sameName(c.table, dflt.name))) continue;
    const parent = dflt.partitionOf!.parent;
    const cols = allColumns(to.tables, to.tables[parentKey]!).map((c) => c.name);
    out.push({ kind: 'detach_partition', table: dflt.name, parent, bound: DEFAULT_BOUND, reason: 'its rows that belong to the new partitions move to them, then it is attached again' });
    out.push({ kind: 'attach_partition', table: dflt.name, parent, bound: DEFAULT_BOUND, check: null, moveRowsTo: news, columns: cols });
  }
  return out;
};
