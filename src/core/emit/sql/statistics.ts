/** Extended statistics: CREATE STATISTICS from the model, ALTER STATISTICS ... SET STATISTICS for the target. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { StatisticsDef } from '../../model/objects.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { main } from './context.js';

export const createStatisticsSql = (s: StatisticsDef): string => {
  const kinds = s.kinds.length ? ` (${s.kinds.join(', ')})` : '';
  const on = [...s.columns.map(quoteIdent), ...s.expressions.map((e) => `(${e.sql})`)].join(', ');
  return `CREATE STATISTICS ${quoteQualified(s.name)}${kinds} ON ${on} FROM ${quoteQualified(s.table)}`;
};

export const statisticsEmitters = {
  create_statistics: (c: ChangeOf<'create_statistics'>): Statement[] => [main(createStatisticsSql(c.statistics))],
  drop_statistics: (c: ChangeOf<'drop_statistics'>): Statement[] => [main(`DROP STATISTICS ${quoteQualified(c.statistics.name)}`)],
  // -1 is the default on every supported major (DEFAULT is spelled so only from PostgreSQL 17).
  set_statistics_target: (c: ChangeOf<'set_statistics_target'>): Statement[] =>
    [main(`ALTER STATISTICS ${quoteQualified(c.statistics.name)} SET STATISTICS ${c.target ?? -1}`)],
};
