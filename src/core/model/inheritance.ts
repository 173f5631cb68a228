/**
 * Partitioning and inheritance facts derived from tables: a partition's columns are its
 * parent's, an inheritance child's are its parents' followed by its own (the model stores only
 * the own ones), and the partitions of a partitioned table are found through their parent.
 */
import type { ColumnDef, TableDef } from './objects.js';
import type { QualifiedName } from './names.js';
import { keyOf } from './names.js';

type Lookup = (key: string) => TableDef | undefined;

const lookupOf = (tables: Readonly<Record<string, TableDef>> | ReadonlyMap<string, TableDef>): Lookup =>
  tables instanceof Map ? (k) => tables.get(k) : (k) => (tables as Readonly<Record<string, TableDef>>)[k];

/** The tables a table gets columns from: a partition's parent, or its INHERITS list. */
export const parentsOf = (t: TableDef): readonly QualifiedName[] => (t.partitionOf ? [t.partitionOf.parent] : t.inherits ?? []);

/**
 * Every column of a table as PostgreSQL has it: inherited ones first (parents in order, a name
 * once), then its own. A cycle or a missing parent contributes nothing (reported elsewhere).
 */
export const allColumns = (tables: Readonly<Record<string, TableDef>> | ReadonlyMap<string, TableDef>, t: TableDef): ColumnDef[] => {
  const get = lookupOf(tables);
  const walk = (x: TableDef, seen: Set<string>): ColumnDef[] => {
    const out: ColumnDef[] = [];
    const names = new Set<string>();
    const push = (c: ColumnDef) => { if (!names.has(c.name)) { names.add(c.name); out.push(c); } };
    for (const p of parentsOf(x)) {
      const k = keyOf(p);
      const pt = get(k);
      if (!pt || seen.has(k)) continue;
      for (const c of walk(pt, new Set([...seen, k]))) push(c);
    }
    for (const c of x.columns) push(c);
    return out;
  };
  return walk(t, new Set([keyOf(t.name)]));
};

/** The inherited column names of a table (its parents' columns). */
export const inheritedColumnNames = (tables: Readonly<Record<string, TableDef>> | ReadonlyMap<string, TableDef>, t: TableDef): Set<string> => {
  const get = lookupOf(tables);
  const out = new Set<string>();
  for (const p of parentsOf(t)) {
    const pt = get(keyOf(p));
    if (pt) for (const c of allColumns(tables, pt)) out.add(c.name);
  }
  return out;
};

/** Partitions of a partitioned table, by key, in key order. */
export const partitionsOf = (tables: Readonly<Record<string, TableDef>>, parentKey: string): TableDef[] =>
  Object.values(tables).filter((t) => t.partitionOf && keyOf(t.partitionOf.parent) === parentKey);

/** Every partition below a partitioned table, depth first (a sub-partitioned partition before its own partitions). */
export const partitionTree = (tables: Readonly<Record<string, TableDef>>, parentKey: string): TableDef[] =>
  partitionsOf(tables, parentKey).flatMap((p) => [p, ...partitionTree(tables, keyOf(p.name))]);

/** Whether a table is part of a partition tree or an inheritance hierarchy as parent or child. */
export const isPartitioned = (t: TableDef): boolean => t.partitionBy !== undefined;

/** Every table below a table (partitions and inheritance children, at any depth): they get its columns. */
export const descendantsOf = (tables: Readonly<Record<string, TableDef>>, key: string): TableDef[] => {
  const children = new Map<string, TableDef[]>();
  for (const t of Object.values(tables)) {
    for (const p of parentsOf(t)) { const l = children.get(keyOf(p)); if (l) l.push(t); else children.set(keyOf(p), [t]); }
  }
  const out: TableDef[] = [];
  const seen = new Set<string>([key]);
  const walk = (k: string): void => {
    for (const c of children.get(k) ?? []) { if (seen.has(keyOf(c.name))) continue; seen.add(keyOf(c.name)); out.push(c); walk(keyOf(c.name)); }
  };
  walk(key);
  return out;
};
