/**
 * Session settings that pg_dump and psql scripts start with (SET ..., SELECT
 * pg_catalog.set_config('search_path', '', false)). They configure the loading session, not
 * the schema, so they are accepted and have no effect on the model. The source resolves
 * unqualified names to `public`; another search_path qualifies the statements after it
 * (parse/search-path.ts).
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';

export const sessionStatement = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['name'] === 'default_table_access_method') {
    // pg_dump sets it before each CREATE TABLE of a table whose access method is not the default one.
    const value = stmt['kind'] === 'VAR_SET_VALUE' ? (stmt['args']?.[0]?.A_Const?.sval?.sval as string | undefined) : undefined;
    ctx.draft.defaultTableAccessMethod = value && value !== 'heap' ? value : null;
  }
  // search_path is read before the statement is dispatched (parse/search-path.ts); other settings configure the session only.
};

/**
 * BEGIN / COMMIT around statements (psql scripts): pg-flux applies migrations in its own
 * transactions, so they mean nothing here. ROLLBACK and savepoints would undo what came before
 * them, which a schema source cannot mean: refused.
 */
export const transactionStatement = (stmt: Node, ctx: StatementContext): void => {
  if (['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT'].includes(String(stmt['kind']))) return;
  ctx.error('unsupported_statement', `${String(stmt['kind']).replace(/^TRANS_STMT_/, '')} in schema source undoes or splits what comes before it`, null,
    'remove it: the schema source is the state the database should have, and pg-flux applies migrations in transactions of its own');
};

/**
 * ALTER DATABASE ... SET: a setting of the database, not of its schema (the database's name
 * differs between environments, and roles' and the cluster's settings live beside it). Read and
 * reported as not managed.
 */
export const alterDatabaseSet = (_stmt: Node, ctx: StatementContext): void => {
  const what = 'ALTER DATABASE ... SET (database settings)';
  ctx.draft.ignored.set(what, (ctx.draft.ignored.get(what) ?? 0) + 1);
};

/** `SELECT pg_catalog.set_config(...)` with constant arguments, and nothing else. */
export const isSessionSelect = (stmt: Node): boolean => {
  const targets = stmt['targetList'] ?? [];
  if (targets.length !== 1 || stmt['fromClause']) return false;
  const call = targets[0]?.ResTarget?.val?.FuncCall;
  if (!call) return false;
  const name = (call.funcname ?? []).map((n: Node) => n['String']?.sval).join('.');
  if (name !== 'set_config' && name !== 'pg_catalog.set_config') return false;
  return typeof call.args?.[0]?.A_Const?.sval?.sval === 'string' && typeof call.args?.[1]?.A_Const?.sval?.sval === 'string';
};

/** `SELECT [pg_catalog.]setval(...)` alone: a sequence's state, which is data (pg_dump writes it with the rows). */
export const isSetvalSelect = (stmt: Node): boolean => {
  const targets = stmt['targetList'] ?? [];
  const call = targets.length === 1 && !stmt['fromClause'] ? targets[0]?.ResTarget?.val?.FuncCall : null;
  const name = (call?.funcname ?? []).map((n: Node) => n['String']?.sval).join('.');
  return name === 'setval' || name === 'pg_catalog.setval';
};
