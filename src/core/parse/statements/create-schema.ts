import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { quoteIdent } from '../../emit/sql/quote.js';

/** CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]. */
export const createSchema = (stmt: Node, ctx: StatementContext): void => {
  if (!stmt['schemaname']) { ctx.unsupported('CREATE SCHEMA AUTHORIZATION without a schema name'); return; }
  if (stmt['schemaElts']?.length) { ctx.unsupported('CREATE SCHEMA with embedded statements'); return; }
  const name = truncateIdentifier(stmt['schemaname']);
  const prior = ctx.draft.schemas.get(name);
  if (prior?.source && !stmt['if_not_exists']) {
    ctx.error('duplicate_object', `schema ${quoteIdent(name)} is already declared at ${prior.source.file}:${prior.source.line}`);
    return;
  }
  if (!prior) ctx.draft.schemas.set(name, { kind: 'schema', name, source: ctx.span() });
};
