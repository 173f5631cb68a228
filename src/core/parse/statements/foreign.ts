/**
 * CREATE FOREIGN DATA WRAPPER, CREATE SERVER, CREATE USER MAPPING and CREATE FOREIGN TABLE.
 * Options go through canon/secret-options.ts: a secret option's value is never kept.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import type { QualifiedName } from '../../model/names.js';
import { CURRENT_USER_MAPPING, userMappingKey } from '../../model/foreign.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { genericOptions } from '../../canon/secret-options.js';
import { quoteIdent } from '../../emit/sql/quote.js';
import { createTable } from './create-table.js';

const ident = (v: unknown): string => truncateIdentifier(typeof v === 'string' ? v : '');

/** HANDLER / VALIDATOR name (unqualified: the default schema, as every name of the source). */
const functionName = (arg: Node | undefined): QualifiedName | null => {
  const parts: string[] = (arg?.['List']?.items ?? []).map((n: Node) => ident(n['String']?.sval));
  if (parts.length === 0) return null;
  return parts.length >= 2 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: DEFAULT_SCHEMA, name: parts[0]! };
};

const declaredAt = (what: string, prior: { source: { file: string; line: number } | null } | undefined, ctx: StatementContext): boolean => {
  if (!prior) return false;
  ctx.error('duplicate_object', `${what} is already declared at ${prior.source?.file}:${prior.source?.line}`);
  return true;
};

export const createForeignDataWrapper = (stmt: Node, ctx: StatementContext): void => {
  const name = ident(stmt['fdwname']);
  if (declaredAt(`foreign-data wrapper ${quoteIdent(name)}`, ctx.draft.foreign.wrappers.get(name), ctx)) return;
  let handler: QualifiedName | null = null;
  let validator: QualifiedName | null = null;
  for (const f of (stmt['func_options'] ?? []).map((n: Node) => n['DefElem'])) {
    if (f.defname === 'handler') handler = functionName(f.arg);
    else if (f.defname === 'validator') validator = functionName(f.arg);
  }
  ctx.draft.foreign.wrappers.set(name, {
    kind: 'foreign data wrapper', name, handler, validator, ...genericOptions(stmt['options']), source: ctx.span(),
  });
};

export const createForeignServer = (stmt: Node, ctx: StatementContext): void => {
  const name = ident(stmt['servername']);
  const prior = ctx.draft.foreign.servers.get(name);
  if (prior && stmt['if_not_exists']) return;
  if (declaredAt(`server ${quoteIdent(name)}`, prior, ctx)) return;
  ctx.draft.foreign.servers.set(name, {
    kind: 'server', name, wrapper: ident(stmt['fdwname']), type: stmt['servertype'] ?? null, version: stmt['version'] ?? null,
    ...genericOptions(stmt['options']), source: ctx.span(),
  });
};

/** A RoleSpec of a user mapping: a role, `public`, or the role applying the plan (resolved with the target). */
const mappingUser = (spec: Node): string => {
  switch (spec['roletype']) {
    case 'ROLESPEC_PUBLIC': return 'public';
    case 'ROLESPEC_CURRENT_USER': case 'ROLESPEC_SESSION_USER': case 'ROLESPEC_CURRENT_ROLE': return CURRENT_USER_MAPPING;
    default: return ident(spec['rolename']);
  }
};

export const createUserMapping = (stmt: Node, ctx: StatementContext): void => {
  const m = { user: mappingUser(stmt['user'] ?? {}), server: ident(stmt['servername']) };
  const key = userMappingKey(m);
  const prior = ctx.draft.foreign.userMappings.get(key);
  if (prior && stmt['if_not_exists']) return;
  const shown = m.user === CURRENT_USER_MAPPING ? 'CURRENT_USER' : m.user === 'public' ? 'PUBLIC' : quoteIdent(m.user);
  if (declaredAt(`user mapping for ${shown} server ${quoteIdent(m.server)}`, prior, ctx)) return;
  ctx.draft.foreign.userMappings.set(key, { kind: 'user mapping', ...m, ...genericOptions(stmt['options']), source: ctx.span() });
};

export const createForeignTable = (stmt: Node, ctx: StatementContext): void => {
  createTable(stmt['base'] ?? {}, ctx, { server: ident(stmt['servername']), ...genericOptions(stmt['options']) });
};
