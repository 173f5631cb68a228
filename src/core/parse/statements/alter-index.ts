/**
 * ALTER INDEX [IF EXISTS] name ALTER [COLUMN] n SET STATISTICS k (pg_dump writes it after the
 * CREATE INDEX of an expression index): the target is part of that index. Checked against the
 * declared index once every file is read (parse/resolve-build.ts).
 */
import type { Node } from '../pg-query.js';
import { rangeVarName, type StatementContext } from '../statement-context.js';
import { statisticsTargetValue } from './columns.js';

/** Whether every command of an ALTER INDEX is a SET STATISTICS. */
export const isIndexStatistics = (cmds: readonly Node[]): boolean => cmds.length > 0 && cmds.every((c) => c['subtype'] === 'AT_SetStatistics');

export const alterIndexStatistics = (stmt: Node, cmds: readonly Node[], ctx: StatementContext): void => {
  const index = rangeVarName(stmt['relation']);
  const span = ctx.span(stmt['relation']?.location);
  for (const cmd of cmds) {
    // An index column's name is one PostgreSQL makes up (`lower`, `expr1`): pg_dump and the
    // documentation name the column by its number, and so does the model.
    if (!cmd['num']) { ctx.unsupported('ALTER INDEX ... ALTER COLUMN <name> SET STATISTICS (name the column by its number)', stmt['relation']?.location); continue; }
    try {
      ctx.draft.indexStatistics.push({ index, column: Number(cmd['num']), target: statisticsTargetValue(cmd['def']), missingOk: stmt['missing_ok'] === true, span });
    } catch (e) { ctx.error('invalid_definition', (e as Error).message, stmt['relation']?.location); }
  }
};
