/**
 * Row-level security and policies. A policy whose command or kind (permissive / restrictive)
 * changes, or that loses its USING or WITH CHECK, is dropped and created (ALTER POLICY cannot do
 * those); roles and expressions change in place.
 */
import type { Change } from '../model/change.js';
import type { PolicyDef } from '../model/objects.js';
import { onTableKey } from '../model/schema.js';
import { policyRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const alterable = (a: PolicyDef, b: PolicyDef): boolean =>
  a.permissive === b.permissive && a.command === b.command && !(a.using !== null && b.using === null) && !(a.withCheck !== null && b.withCheck === null);

const same = (a: PolicyDef, b: PolicyDef): boolean =>
  a.permissive === b.permissive && a.command === b.command && a.using === b.using && a.withCheck === b.withCheck && a.roles.join(',') === b.roles.join(',');

export const diffPolicies = (ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  const keys = new Set([...Object.keys(ctx.from.rowSecurity), ...Object.keys(ctx.to.rowSecurity)]);
  for (const k of [...keys].sort()) {
    if (!(k in ctx.to.tables)) continue;
    const l = ctx.from.rowSecurity[k];
    const w = ctx.to.rowSecurity[k];
    const [le, lf] = [l?.enabled ?? false, l?.forced ?? false];
    const [we, wf] = [w?.enabled ?? false, w?.forced ?? false];
    if (le !== we || lf !== wf) out.push({ kind: 'set_row_security', table: (w ?? l)!.table, enabled: le !== we ? we : null, forced: lf !== wf ? wf : null });
  }
  const m = matchByKey(ctx.from.policies, ctx.to.policies);
  for (const p of m.removed) if (!ctx.droppedTables.has(`${p.table.schema}.${p.table.name}`)) out.push({ kind: 'drop_policy', policy: p });
  for (const p of m.added) out.push({ kind: 'create_policy', policy: p });
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(policyRef(onTableKey(live)));
    if (rebuild !== undefined || !alterable(live, want)) {
      out.push({ kind: 'drop_policy', policy: live, reason: rebuild ?? 'its command or kind changes, or it loses an expression' }, { kind: 'create_policy', policy: want });
    } else if (!same(live, want)) out.push({ kind: 'alter_policy', from: live, to: want });
  }
  return out;
};
