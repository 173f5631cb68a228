/**
 * Constraints and indexes that must be dropped and created again although their definition is
 * unchanged, because a change under them would otherwise take them away or break them: a
 * column re-added (its generation expression changed) loses everything built on it, and a
 * column moved to a recreated enum cannot carry expressions holding the old type's literals.
 * Marked keys are emitted as drop + add by diffConstraints / diffIndexes; ordering (drop before
 * the column goes, add after it is back) follows from the column facts.
 */
import type { ConstraintType } from '../model/objects.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import type { DiffContext } from './context.js';

export const markRebuilds = (
  ctx: DiffContext, columns: readonly { readonly table: QualifiedName; readonly column: string }[],
  constraintTypes: readonly ConstraintType[],
): void => {
  const touched = new Set(columns.map((c) => `${keyOf(c.table)}.${c.column}`));
  const uses = (table: QualifiedName, cols: readonly string[]) => cols.some((c) => touched.has(`${keyOf(table)}.${c}`));
  for (const [key, c] of Object.entries(ctx.from.constraints)) {
    if (!(key in ctx.to.constraints) || !constraintTypes.includes(c.type)) continue;
    // A foreign key also depends on the referenced columns (their key goes and comes back).
    if (uses(c.table, c.columns) || (c.references && uses(c.references.table, c.references.columns))) ctx.rebuildConstraints.add(key);
  }
  for (const [key, i] of Object.entries(ctx.from.indexes)) {
    if (key in ctx.to.indexes && uses(i.table, i.columns)) ctx.rebuildIndexes.add(key);
  }
};

/**
 * A foreign key depends on the unique index of the key it references: PostgreSQL refuses to
 * drop that key (or index) while the foreign key exists. When a plan drops or rebuilds a primary
 * key, unique constraint or unique index, every kept foreign key that may rely on it (its
 * referenced columns are covered by the key) is dropped first and added again afterwards, even
 * if its own definition is unchanged. Call after the table differ has marked its rebuilds.
 */
export const markForeignKeysOnReplacedKeys = (ctx: DiffContext): void => {
  const replaced: { table: string; columns: readonly string[] }[] = [];
  for (const [key, c] of Object.entries(ctx.from.constraints)) {
    if (c.type !== 'primary_key' && c.type !== 'unique') continue;
    const want = ctx.to.constraints[key];
    if (!want || want.definition.canon !== c.definition.canon || ctx.rebuildConstraints.has(key)) replaced.push({ table: keyOf(c.table), columns: c.columns });
  }
  for (const [key, i] of Object.entries(ctx.from.indexes)) {
    if (!i.unique) continue;
    const want = ctx.to.indexes[key];
    if (!want || want.definition.canon !== i.definition.canon || ctx.rebuildIndexes.has(key)) replaced.push({ table: keyOf(i.table), columns: i.columns });
  }
  if (replaced.length === 0) return;
  for (const [key, c] of Object.entries(ctx.from.constraints)) {
    if (c.type !== 'foreign_key' || !c.references || !(key in ctx.to.constraints) || ctx.droppedTables.has(keyOf(c.table))) continue;
    const target = keyOf(c.references.table);
    const refCols = c.references.columns;
    if (replaced.some((k) => k.table === target && refCols.every((col) => k.columns.includes(col)))) ctx.rebuildConstraints.add(key);
  }
};
