/** Statement node type → handler. Every other statement is reported as not supported yet. */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import { createSchema } from './create-schema.js';
import { createExtension } from './create-extension.js';
import { alterEnum, createEnum } from './enums.js';
import { alterSequence, createSequence } from './sequences.js';
import { createTable } from './create-table.js';
import { alterTable } from './alter-table.js';
import { createIndex } from './create-index.js';
import { alterDatabaseSet, sessionStatement, isSessionSelect, isSetvalSelect, transactionStatement } from './session.js';
import { renameStatement } from './rename.js';
import { createTableAs, createView } from './views.js';
import { alterFunction, createFunction } from './functions.js';
import { createAggregate } from './aggregates.js';
import { createTrigger } from './triggers.js';
import { createRule } from './rules.js';
import { alterDomain, createCollation, createCompositeType, createDomain, createRangeType } from './types.js';
import { createPolicy } from './policies.js';
import { alterEventTrigger, createEventTrigger } from './event-triggers.js';
import { createCast } from './casts.js';
import { alterStatistics, createStatistics } from './statistics.js';
import { alterDefaultPrivileges, alterOwner, commentOn, grantStatement } from './authz.js';
import { dropStatement } from './drop.js';
import { createForeignDataWrapper, createForeignServer, createForeignTable, createUserMapping } from './foreign.js';
import { alterPublication, createPublication } from './publications.js';

/** CREATE AGGREGATE is a DefineStmt; the other DefineStmt kinds (operators, base types, ...) are not managed. */
const defineStatement = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['kind'] === 'OBJECT_AGGREGATE') { createAggregate(stmt, ctx); return; }
  if (stmt['kind'] === 'OBJECT_COLLATION') { createCollation(stmt, ctx); return; }
  ctx.error('unsupported_statement', `CREATE ${String(stmt['kind']).replace(/^OBJECT_/, '').replace(/_/g, ' ')} is not supported yet`, null,
    'keep this object out of the schema directory for now');
};

type Handler = (stmt: Node, ctx: StatementContext) => void;

/** Statements that write rows: data, not schema (the rows of a table are not its declaration). */
const DATA_STATEMENTS: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT', CopyStmt: 'COPY', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE', TruncateStmt: 'TRUNCATE',
};

const dataStatement = (what: string, ctx: StatementContext): void =>
  ctx.error('unsupported_statement', `${what} in schema source: seed data does not belong in schema/, which declares structure only`, null,
    'put the rows in a migration file under migrations/ or in a seed script you run after pg-flux migrate apply');

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateSchemaStmt: createSchema,
  CreateExtensionStmt: createExtension,
  CreateEnumStmt: createEnum,
  AlterEnumStmt: alterEnum,
  CreateSeqStmt: createSequence,
  AlterSeqStmt: alterSequence,
  CreateStmt: createTable,
  DropStmt: dropStatement,
  AlterTableStmt: alterTable,
  IndexStmt: createIndex,
  VariableSetStmt: sessionStatement,
  TransactionStmt: transactionStatement,
  AlterDatabaseSetStmt: alterDatabaseSet,
  RenameStmt: renameStatement,
  ViewStmt: createView,
  CreateTableAsStmt: createTableAs,
  CreateFunctionStmt: createFunction,
  AlterFunctionStmt: alterFunction,
  DefineStmt: defineStatement,
  CreateTrigStmt: createTrigger,
  RuleStmt: createRule,
  CreateDomainStmt: createDomain,
  AlterDomainStmt: alterDomain,
  CompositeTypeStmt: createCompositeType,
  CreateRangeStmt: createRangeType,
  CreatePolicyStmt: createPolicy,
  CreateEventTrigStmt: createEventTrigger,
  CreateStatsStmt: createStatistics,
  AlterStatsStmt: alterStatistics,
  AlterEventTrigStmt: alterEventTrigger,
  CreateCastStmt: createCast,
  CommentStmt: commentOn,
  AlterOwnerStmt: alterOwner,
  GrantStmt: grantStatement,
  AlterDefaultPrivilegesStmt: alterDefaultPrivileges,
  CreateFdwStmt: createForeignDataWrapper,
  CreateForeignServerStmt: createForeignServer,
  CreateUserMappingStmt: createUserMapping,
  CreateForeignTableStmt: createForeignTable,
  CreatePublicationStmt: createPublication,
  AlterPublicationStmt: alterPublication,
};

/** How to name a statement kind in messages (`CREATE VIEW`, not `ViewStmt`). */
const KIND_NAMES: Readonly<Record<string, string>> = {
  ViewStmt: 'CREATE VIEW', CreateFunctionStmt: 'CREATE FUNCTION', CreateTrigStmt: 'CREATE TRIGGER',
  CreatePolicyStmt: 'CREATE POLICY', CreateDomainStmt: 'CREATE DOMAIN', CompositeTypeStmt: 'CREATE TYPE ... AS (composite)',
  CreateRangeStmt: 'CREATE TYPE ... AS RANGE', CommentStmt: 'COMMENT ON', GrantStmt: 'GRANT/REVOKE',
  GrantRoleStmt: 'GRANT role', AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES', CreateTableAsStmt: 'CREATE MATERIALIZED VIEW / TABLE AS',
  CreateEventTrigStmt: 'CREATE EVENT TRIGGER', CreateStatsStmt: 'CREATE STATISTICS', CreateForeignServerStmt: 'CREATE SERVER',
  CreateForeignTableStmt: 'CREATE FOREIGN TABLE', CreatePublicationStmt: 'CREATE PUBLICATION', RuleStmt: 'CREATE RULE',
  AlterOwnerStmt: 'ALTER ... OWNER TO', InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE',
  DropStmt: 'DROP', RenameStmt: 'ALTER ... RENAME', CreateRoleStmt: 'CREATE ROLE', AlterRoleStmt: 'ALTER ROLE', DropRoleStmt: 'DROP ROLE', AlterRoleSetStmt: 'ALTER ROLE ... SET', DefineStmt: 'CREATE AGGREGATE/OPERATOR/TYPE',
  TransactionStmt: 'BEGIN/COMMIT', DoStmt: 'DO', CreateCastStmt: 'CREATE CAST', AlterFunctionStmt: 'ALTER FUNCTION',
  SelectStmt: 'SELECT', CopyStmt: 'COPY', AlterExtensionStmt: 'ALTER EXTENSION', AlterObjectSchemaStmt: 'ALTER ... SET SCHEMA',
};

export const statementKindName = (nodeType: string): string => KIND_NAMES[nodeType] ?? nodeType.replace(/Stmt$/, '');

/**
 * Statements that are not schema state, by design rather than "not yet": each says why and
 * where it belongs instead.
 */
const NOT_STATE: Readonly<Record<string, { message: string; hint: string }>> = {
  DoStmt: {
    message: 'DO in schema source: a DO block runs code once and declares no object, so there is nothing to compare with the database',
    hint: 'declare the objects it creates with their own statements; keep role setup (DO ... CREATE ROLE) in a script run once per cluster, outside schema/',
  },
  ...Object.fromEntries(['CreateRoleStmt', 'AlterRoleStmt', 'DropRoleStmt', 'GrantRoleStmt', 'AlterRoleSetStmt'].map((t) => [t, {
    message: `${statementKindName(t)} in schema source: roles belong to the cluster, not to a database's schema, and pg-flux does not manage them`,
    hint: 'create roles (and role memberships) in a script run once per cluster, outside schema/; owners, grants and policies in schema/ may name them',
  }])),
};

export const dispatchStatement = (node: Node, ctx: StatementContext): void => {
  const nodeType = Object.keys(node)[0]!;
  const stmt = node[nodeType];
  const handler = HANDLERS[nodeType];
  if (handler) { handler(stmt, ctx); return; }
  const data = DATA_STATEMENTS[nodeType];
  if (data) { dataStatement(data, ctx); return; }
  const notState = NOT_STATE[nodeType];
  if (notState) { ctx.error('unsupported_statement', notState.message, null, notState.hint); return; }
  if (nodeType === 'SelectStmt' && isSessionSelect(stmt)) return;
  // pg_dump's SELECT pg_catalog.setval(...) sets a sequence's current value: data, like its rows.
  if (nodeType === 'SelectStmt' && isSetvalSelect(stmt)) { dataStatement('SELECT setval(...)', ctx); return; }
  ctx.error('unsupported_statement', `${statementKindName(nodeType)} is not supported yet`, null,
    'pg-flux manages schemas, extensions, types, collations, sequences, tables, constraints, indexes, extended statistics, views, functions, aggregates, triggers, rules, event triggers, casts, policies, foreign-data wrappers, servers, user mappings, foreign tables, publications, comments, owners and privileges for now; keep other objects out of the schema directory');
};
