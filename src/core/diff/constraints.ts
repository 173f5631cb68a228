import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { constraintKey } from '../model/schema.js';
import { foreignKeyWithoutEnforcement, isNotEnforced } from '../canon/constraints.js';

const tableKey = (c: { table: { schema: string; name: string } }): string => `${c.table.schema}.${c.table.name}`;

/** A changed definition is a drop and an add under the same name (ordered drop first). */
export const diffConstraints = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.constraints, ctx.to.constraints);
  const out: Change[] = [];
  for (const c of m.removed) {
    // A dropped table takes its constraints with it, except that a foreign key to another
    // dropped table must go first, or that table cannot be dropped (and cycles could not be).
    const crossDrop = c.references !== null && ctx.droppedTables.has(`${c.references.table.schema}.${c.references.table.name}`) && tableKey(c) !== `${c.references.table.schema}.${c.references.table.name}`;
    if (!ctx.droppedTables.has(tableKey(c)) || crossDrop) out.push({ kind: 'drop_constraint', constraint: c });
  }
  for (const c of m.added) {
    // Non-FK constraints of new tables are part of their CREATE TABLE.
    if (ctx.createdTables.has(tableKey(c)) && c.type !== 'foreign_key') continue;
    out.push({ kind: 'add_constraint', constraint: c });
  }
  for (const [live, want] of m.kept) {
    if (live.definition.canon === want.definition.canon && !ctx.rebuildConstraints.has(constraintKey(live))) {
      // Left NOT VALID (by hand, or by an interrupted apply) while the source wants it checked.
      // The reverse needs nothing: a validated constraint satisfies a source written NOT VALID.
      if (!live.validated && want.validated) out.push({ kind: 'validate_constraint', constraint: want });
      continue;
    }
    // A foreign key changing only between ENFORCED and NOT ENFORCED is altered in place (PostgreSQL 18; CHECKs cannot be).
    const fk = foreignKeyWithoutEnforcement(live);
    if (fk !== null && fk === foreignKeyWithoutEnforcement(want) && !ctx.rebuildConstraints.has(constraintKey(live))) {
      out.push({ kind: 'set_constraint_enforced', constraint: want, enforced: !isNotEnforced(want) });
      continue;
    }
    out.push({ kind: 'drop_constraint', constraint: live }, { kind: 'add_constraint', constraint: want });
  }
  return out;
};
