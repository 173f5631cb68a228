import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { keyOf } from '../../model/names.js';
import { quoteQualified } from './quote.js';
import { main, type EmitContext } from './context.js';

/**
 * The stored definition is a `CREATE [UNIQUE] INDEX name ON ...` text printed by PostgreSQL or
 * by our printer, so its prefix is known; CONCURRENTLY goes right after INDEX.
 */
const concurrently = (sql: string): string => sql.replace(/^CREATE (UNIQUE )?INDEX /i, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX CONCURRENTLY `);

export const indexEmitters = {
  create_index: (c: ChangeOf<'create_index'>, ctx: EmitContext): Statement[] =>
    ctx.concurrentIndexes.has(keyOf(c.index.name))
      ? [{ sql: concurrently(c.index.definition.sql), phase: 'after' }]
      : [main(c.index.definition.sql)],
  drop_index: (c: ChangeOf<'drop_index'>): Statement[] => [main(`DROP INDEX ${quoteQualified(c.index.name)}`)],
};
