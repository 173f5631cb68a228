/**
 * Publications. FOR ALL TABLES cannot be switched on or off by ALTER PUBLICATION: the
 * publication is dropped and created again. Otherwise tables and schemas are added and dropped
 * in place (a table whose column list or row filter changes is dropped from the publication
 * and added back in the same statement list), and WITH (...) options are SET.
 */
import type { Change } from '../model/change.js';
import type { PublicationDef } from '../model/foreign.js';
import { sameComparable } from '../model/compare.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const sameOptions = (a: PublicationDef, b: PublicationDef): boolean =>
  a.publish.join(',') === b.publish.join(',') && a.viaPartitionRoot === b.viaPartitionRoot && (a.generatedColumns ?? null) === (b.generatedColumns ?? null);

export const diffPublications = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.publications, ctx.to.publications);
  const out: Change[] = [];
  for (const p of m.removed) out.push({ kind: 'drop_publication', publication: p });
  for (const p of m.added) out.push({ kind: 'create_publication', publication: p });
  for (const [live, want] of m.kept) {
    if (live.allTables !== want.allTables) {
      out.push({ kind: 'drop_publication', publication: live, reason: `FOR ALL TABLES is ${want.allTables ? 'added' : 'removed'}, which ALTER PUBLICATION cannot do` },
        { kind: 'create_publication', publication: want });
    } else if (!sameOptions(live, want) || !sameComparable(live.tables, want.tables) || live.schemas.join(',') !== want.schemas.join(',')) {
      out.push({ kind: 'alter_publication', from: live, to: want });
    }
  }
  return out;
};
