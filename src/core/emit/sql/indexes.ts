import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { keyOf, type QualifiedName } from '../../model/names.js';
import { clipBytes } from '../../canon/identifiers.js';
import { deparseNode, parseStatements } from '../../parse/pg-query.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { after, main, type EmitContext } from './context.js';

/**
 * The stored definition is a `CREATE [UNIQUE] INDEX name ON ...` text printed by PostgreSQL or
 * by our printer, so its prefix is known; CONCURRENTLY goes right after INDEX.
 */
const concurrently = (sql: string): string => sql.replace(/^CREATE (UNIQUE )?INDEX /i, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX CONCURRENTLY `);

const TEMP_SUFFIX = '__pgflux_new';

/** The name a replacement index is built under until it takes the old one's name. */
export const replacementName = (n: QualifiedName): QualifiedName => ({ schema: n.schema, name: `${clipBytes(n.name, 63 - TEMP_SUFFIX.length)}${TEMP_SUFFIX}` });

/** The definition built CONCURRENTLY under another name (through the parse tree, not the text). */
const concurrentlyAs = (sql: string, name: string): string => {
  const stmt = parseStatements(sql)[0]!.node['IndexStmt'];
  return deparseNode({ IndexStmt: { ...stmt, idxname: name, concurrent: true } });
};

export const indexEmitters = {
  create_index: (c: ChangeOf<'create_index'>, ctx: EmitContext): Statement[] => {
    const key = keyOf(c.index.name);
    if (ctx.online.replacedIndexes.has(key)) {
      // Build the new definition beside the old index, then swap: readers always have one.
      const tmp = replacementName(c.index.name);
      return [
        after(concurrentlyAs(c.index.definition.sql, tmp.name)),
        after(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(c.index.name)}`),
        after(`ALTER INDEX ${quoteQualified(tmp)} RENAME TO ${quoteIdent(c.index.name.name)}`),
      ];
    }
    return ctx.online.concurrentIndexes.has(key) ? [after(concurrently(c.index.definition.sql))] : [main(c.index.definition.sql)];
  },
  drop_index: (c: ChangeOf<'drop_index'>, ctx: EmitContext): Statement[] => {
    const key = keyOf(c.index.name);
    if (ctx.online.replacedIndexes.has(key)) return []; // part of create_index's swap
    return ctx.online.concurrentDrops.has(key)
      ? [after(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(c.index.name)}`)]
      : [main(`DROP INDEX ${quoteQualified(c.index.name)}`)];
  },
};
