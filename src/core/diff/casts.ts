/**
 * Casts. PostgreSQL has no ALTER CAST: another method, function or context is a drop and a
 * create. A function replaced in place (CREATE OR REPLACE) keeps the cast; one dropped and
 * created again (another result type) takes the cast along (the rebuild of dependants.ts).
 */
import type { Change } from '../model/change.js';
import type { CastDef } from '../model/casts.js';
import { sameComparable } from '../model/compare.js';
import { castKey } from '../canon/casts.js';
import { castRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const sameDefinition = (a: CastDef, b: CastDef): boolean =>
  a.method === b.method && a.context === b.context && sameComparable(a.function, b.function);

export const diffCasts = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.casts, ctx.to.casts);
  const out: Change[] = [];
  for (const c of m.removed) out.push({ kind: 'drop_cast', cast: c });
  for (const c of m.added) out.push({ kind: 'create_cast', cast: c });
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(castRef(castKey(live)));
    if (rebuild !== undefined || !sameDefinition(live, want)) {
      out.push({ kind: 'drop_cast', cast: live, reason: rebuild ?? 'its function, method or context changes, which only a new cast can do' },
        { kind: 'create_cast', cast: want });
    }
  }
  return out;
};
