/**
 * A partition's own DEFAULT and NOT NULL on its parent's columns (TableDef.columnOverrides).
 *
 * What the partition's column has after the plan's other changes is what is compared: a new
 * partition (CREATE TABLE ... PARTITION OF) starts with its parent's default and NOT NULL, and
 * ALTER TABLE parent ALTER COLUMN ... SET / DROP DEFAULT and DROP NOT NULL recurse to every
 * partition, overwriting a partition's own. So a partition whose override is unchanged gets it
 * again when its parent's column changed.
 */
import type { Change } from '../model/change.js';
import type { SqlExpr } from '../model/expr.js';
import type { Schema } from '../model/schema.js';
import type { TableDef } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import type { DiffContext } from './context.js';

interface Inherited { readonly default: SqlExpr | null; readonly notNull: boolean }

/** The default and NOT NULL a column of table `key` has in `s`: its own, else its partition parent's (recursively). */
const columnState = (s: Schema, key: string, column: string): Inherited | null => {
  const seen = new Set<string>();
  let notNull = false;
  let dflt: SqlExpr | null | undefined;
  for (let k: string | undefined = key; k !== undefined && !seen.has(k); ) {
    seen.add(k);
    const t: TableDef | undefined = s.tables[k];
    if (!t) return null;
    const own = t.columns.find((c) => c.name === column);
    if (own) return { default: dflt === undefined ? own.default : dflt, notNull: notNull || own.notNull };
    const o = t.columnOverrides?.[column];
    if (o?.default !== undefined && dflt === undefined) dflt = o.default;
    if (o?.notNull) notNull = true;
    k = t.partitionOf ? keyOf(t.partitionOf.parent) : undefined;
  }
  return null;
};

const canon = (e: SqlExpr | null | undefined): string | null => e?.canon ?? null;

export const diffPartitionColumns = (ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  for (const [key, want] of Object.entries(ctx.to.tables)) {
    if (!want.partitionOf) continue;
    const parentKey = keyOf(want.partitionOf.parent);
    const live = ctx.from.tables[key];
    // A kept partition of the same parent has live overrides; a new one starts as its parent.
    const kept = live?.partitionOf !== undefined && keyOf(live.partitionOf.parent) === parentKey && !ctx.createdTables.has(key);
    const columns = new Set([...Object.keys(want.columnOverrides ?? {}), ...(kept ? Object.keys(live.columnOverrides ?? {}) : [])]);
    for (const column of [...columns].sort()) {
      const parentAfter = columnState(ctx.to, parentKey, column);
      if (!parentAfter) continue; // the column goes with the parent's
      const parentBefore = kept ? columnState(ctx.from, parentKey, column) : null;
      const parentChanged = parentBefore === null || canon(parentBefore.default) !== canon(parentAfter.default);
      const mine = want.columnOverrides?.[column];
      const was = kept ? live.columnOverrides?.[column] : undefined;
      const wantDefault = mine?.default !== undefined ? mine.default : parentAfter.default;
      const hasDefault = !parentChanged && was?.default !== undefined ? was.default : parentAfter.default;
      // NOT NULL: only beyond the parent's (a NOT NULL parent makes every partition's column NOT NULL).
      const wantNotNull = mine?.notNull === true;
      const droppedOnParent = parentBefore?.notNull === true && !parentAfter.notNull;
      const hasNotNull = was?.notNull === true && !droppedOnParent;
      const change: { default?: { to: SqlExpr | null }; notNull?: boolean } = {};
      if (canon(wantDefault) !== canon(hasDefault)) change.default = { to: wantDefault };
      if (!parentAfter.notNull && wantNotNull !== hasNotNull) change.notNull = wantNotNull;
      if (change.default || change.notNull !== undefined) out.push({ kind: 'set_partition_column', table: want.name, column, ...change });
    }
  }
  return out;
};
