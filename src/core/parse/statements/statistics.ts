/** CREATE STATISTICS and ALTER STATISTICS ... SET STATISTICS (the target is part of the object). */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import { statisticsFromStmt } from '../../canon/statistics.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { keyOf } from '../../model/names.js';
import { quoteQualified } from '../../emit/sql/quote.js';

export const createStatistics = (stmt: Node, ctx: StatementContext): void => {
  let def;
  try { def = statisticsFromStmt(stmt, ctx.span()); } catch (e) { ctx.error('invalid_definition', (e as Error).message); return; }
  const key = keyOf(def.name);
  const prior = ctx.draft.statistics.get(key);
  if (prior) {
    if (!stmt['if_not_exists']) ctx.error('duplicate_object', `statistics ${quoteQualified(def.name)} is already declared at ${prior.source?.file}:${prior.source?.line}`);
    return;
  }
  ctx.draft.statistics.set(key, def);
};

/** SET STATISTICS n; -1 and DEFAULT (PostgreSQL 17) mean the default target. */
export const alterStatistics = (stmt: Node, ctx: StatementContext): void => {
  const parts: string[] = (stmt['defnames'] ?? []).map((n: Node) => truncateIdentifier(String(n['String']?.sval)));
  const name = parts.length >= 2 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: DEFAULT_SCHEMA, name: parts[0]! };
  const v = stmt['stxstattarget'];
  const n = v === undefined ? -1 : Number(v?.Integer?.ival ?? 0);
  if (!Number.isInteger(n)) { ctx.unsupported('ALTER STATISTICS ... SET STATISTICS with a computed value'); return; }
  ctx.draft.statisticsAlters.push({ name, target: n < 0 ? null : n, missingOk: stmt['missing_ok'] === true, span: ctx.span() });
};
