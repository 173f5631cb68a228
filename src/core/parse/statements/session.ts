/**
 * Session settings that pg_dump and psql scripts start with (SET ..., SELECT
 * pg_catalog.set_config('search_path', '', false)). They configure the loading session, not
 * the schema, so they are accepted and have no effect on the model. The source resolves
 * unqualified names to `public`: a search_path that does the same (`public, pg_catalog`,
 * `"$user", public`, empty, DEFAULT) is accepted, any other is not supported yet.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';

/** The schema a search_path creates in, ignoring `$user` and pg_catalog; null when there is none. */
const creationSchema = (args: readonly Node[]): string | null | undefined => {
  const names = args.map((a) => a['A_Const']?.sval?.sval as string | undefined);
  if (names.some((n) => n === undefined)) return undefined;
  return (names as string[]).flatMap((n) => n.split(',').map((x) => x.trim().replace(/^"(.*)"$/, '$1'))).find((n) => n !== '' && n !== '$user' && n !== 'pg_catalog') ?? null;
};

export const sessionStatement = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['name'] === 'default_table_access_method') {
    // pg_dump sets it before each CREATE TABLE of a table whose access method is not the default one.
    const value = stmt['kind'] === 'VAR_SET_VALUE' ? (stmt['args']?.[0]?.A_Const?.sval?.sval as string | undefined) : undefined;
    ctx.draft.defaultTableAccessMethod = value && value !== 'heap' ? value : null;
    return;
  }
  if (stmt['name'] !== 'search_path' || stmt['kind'] === 'VAR_SET_DEFAULT' || stmt['kind'] === 'VAR_RESET') return;
  const first = creationSchema(stmt['args'] ?? []);
  if (first === null || first === 'public') return;
  ctx.unsupported(`SET search_path to ${first === undefined ? 'a computed value' : `"${first}"`} in schema source (names resolve to "public" unless qualified)`);
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
  if (setting !== 'search_path') return typeof setting === 'string';
  if (typeof value !== 'string') return false;
  const first = creationSchema([{ A_Const: { sval: { sval: value } } }]);
  return first === null || first === 'public';
};

/** `SELECT [pg_catalog.]setval(...)` alone: a sequence's state, which is data (pg_dump writes it with the rows). */
export const isSetvalSelect = (stmt: Node): boolean => {
  const targets = stmt['targetList'] ?? [];
  const call = targets.length === 1 && !stmt['fromClause'] ? targets[0]?.ResTarget?.val?.FuncCall : null;
  const name = (call?.funcname ?? []).map((n: Node) => n['String']?.sval).join('.');
  return name === 'setval' || name === 'pg_catalog.setval';
};
