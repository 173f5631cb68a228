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
