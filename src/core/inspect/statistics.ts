/**
 * Extended statistics on managed relations, as pg_get_statisticsobjdef prints them (read back
 * through the source's own builder), with their statistics target.
 */
import type { StatisticsDef } from '../model/objects.js';
import { parseStatements } from '../parse/pg-query.js';
import { statisticsFromStmt } from '../canon/statistics.js';
import { EXT, NS, REL, TBL, notExtMember } from './query-parts.js';
import { reader } from './rows.js';

// stxstattarget is -1 for the default before PostgreSQL 17 and NULL from 17: read it as JSON to cover both.
export const STATISTICS_SQL = `WITH ${EXT}, ${NS}, ${TBL}, ${REL}
SELECT pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition, (to_jsonb(s) ->> 'stxstattarget')::int AS target
FROM pg_catalog.pg_statistic_ext s
JOIN ns n ON n.oid = s.stxnamespace
JOIN rel r ON r.oid = s.stxrelid
WHERE ${notExtMember('pg_statistic_ext', 's.oid')}`;

export const buildStatistics = (raw: unknown): StatisticsDef => {
  const r = reader('statistics', raw);
  const definition = r.str('definition');
  const stmts = parseStatements(definition);
  const node = stmts[0]?.node['CreateStatsStmt'];
  if (stmts.length !== 1 || !node) throw new Error(`unexpected statistics definition from the catalog: ${definition}`);
  const target = r.row['target'] === null ? null : Number(r.row['target']);
  return statisticsFromStmt(node, null, target === null || target < 0 ? null : target);
};
