/**
 * Session settings that pg_dump and psql scripts start with (SET ..., SELECT
 * pg_catalog.set_config('search_path', '', false)). They configure the loading session, not
 * the schema, so they are accepted and have no effect on the model.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';

export const sessionStatement = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['name'] === 'search_path') {
    ctx.unsupported('SET search_path in schema source (names resolve to "public" unless qualified)');
  }
};

/** `SELECT pg_catalog.set_config(...)` with constant arguments, and nothing else. */
export const isSessionSelect = (stmt: Node): boolean => {
  const targets = stmt['targetList'] ?? [];
  if (targets.length !== 1 || stmt['fromClause']) return false;
  const call = targets[0]?.ResTarget?.val?.FuncCall;
  if (!call) return false;
  const name = (call.funcname ?? []).map((n: Node) => n['String']?.sval).join('.');
  if (name !== 'set_config' && name !== 'pg_catalog.set_config') return false;
  const setting = call.args?.[0]?.A_Const?.sval?.sval;
  const value = call.args?.[1]?.A_Const?.sval?.sval;
  return !(setting === 'search_path' && value !== '');
};
