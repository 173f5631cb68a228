/**
 * Before running a `CREATE INDEX CONCURRENTLY` again (a resumed run, or a retry after a lock
 * timeout): a failed or killed build leaves an INVALID index that would make the retry fail
 * ("already exists") or, with IF NOT EXISTS, silently keep the broken index; drop it. A VALID
 * index of that name means the build finished before the interruption: skip the statement.
 */
import type { Node } from '../../core/parse/pg-query.js';
import { exec, type Client } from '../db/connect.js';

export type IndexRetry = 'run' | 'skip';

export const prepareIndexRetry = async (client: Client, node: Node, log: (l: string) => void): Promise<IndexRetry> => {
  const idx = node['IndexStmt'];
  if (!idx?.concurrent || !idx.idxname) return 'run';
  const schema: string | null = idx.relation?.schemaname ?? null;
  // Indexes live in their table's schema; names from the parse tree are raw (never spliced).
  const r = await exec<{ idx: string; valid: boolean }>(client,
    `SELECT i.indexrelid::regclass::text AS idx, i.indisvalid AS valid
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      WHERE c.relname = $1 AND t.relname = $2 AND ($3::text IS NULL OR n.nspname = $3)
        AND ($3::text IS NOT NULL OR pg_catalog.pg_table_is_visible(t.oid))`,
    [idx.idxname, idx.relation.relname, schema]).catch(() => null);
  const row = r?.rows[0];
  if (!row) return 'run';
  if (row.valid) {
    log(`index ${row.idx} already exists and is valid; its interrupted CREATE INDEX CONCURRENTLY is treated as done`);
    return 'skip';
  }
  log(`dropping INVALID index ${row.idx} left by an interrupted CREATE INDEX CONCURRENTLY, to build it again`);
  // The name is the server's own regclass output, already quoted by PostgreSQL.
  await exec(client, `DROP INDEX CONCURRENTLY IF EXISTS ${row.idx}`);
  return 'run';
};
