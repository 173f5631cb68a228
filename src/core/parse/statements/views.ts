/**
 * CREATE [OR REPLACE] [RECURSIVE] VIEW and CREATE MATERIALIZED VIEW. The query, options and
 * column names are canonicalised by the server (core/canonicalise); here only identity, place
 * and what the query names (to order the scratch load).
 */
import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import { namedRefs } from '../../canon/body-refs.js';
import { addBody } from './bodies.js';
import { relationOwner } from './authz.js';

export const createView = (stmt: Node, ctx: StatementContext): void => {
  const rel = stmt['view'];
  if (rel['relpersistence'] === 't') { ctx.unsupported('CREATE TEMPORARY VIEW', rel['location']); return; }
  const name = rangeVarName(rel);
  const key = keyOfName(name);
  const requires = namedRefs([stmt['query'], stmt['options']]);
  // CREATE OR REPLACE of a view declared earlier replaces it, as the script would: pg_dump breaks
  // view cycles with a stub (`SELECT NULL::t AS c`) and replaces it once what it uses exists.
  // Loaded after the stub and after what it names, like an ALTER of it.
  const stub = stmt['replace'] === true && ctx.draft.bodies.some((b) => b.kind === 'view' && !b.alter && b.key === key);
  if (stub) { addBody(ctx, { kind: 'view', key, provides: [], requires, alter: true }, rel['location']); return; }
  addBody(ctx, { kind: 'view', key, provides: [`table:${key}`], requires }, rel['location']);
};

/** CREATE MATERIALIZED VIEW; CREATE TABLE AS (a table filled with data) does not belong in a schema. */
export const createTableAs = (stmt: Node, ctx: StatementContext): void => {
  const into = stmt['into'];
  const rel = into?.rel;
  if (stmt['objtype'] !== 'OBJECT_MATVIEW') {
    ctx.error('unsupported_statement', 'CREATE TABLE ... AS creates a table filled with rows; a schema declares structure', rel?.location,
      'declare the table with CREATE TABLE (and load its rows outside schema/)');
    return;
  }
  if (into.tableSpaceName) { ctx.unsupported('CREATE MATERIALIZED VIEW ... TABLESPACE', rel.location); return; }
  const key = keyOfName(rangeVarName(rel));
  addBody(ctx, { kind: 'view', key, provides: [`table:${key}`], requires: namedRefs([stmt['query'], into.options]) }, rel.location);
};

/** ALTER VIEW / ALTER MATERIALIZED VIEW: SET / RESET (...), the access method, OWNER TO. */
const VIEW_ALTERS = new Set(['AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_SetAccessMethod']);

export const alterView = (stmt: Node, ctx: StatementContext): void => {
  const cmds: Node[] = (stmt['cmds'] ?? []).map((c: Node) => c['AlterTableCmd']);
  if (cmds.every((c) => c['subtype'] === 'AT_ChangeOwner')) {
    for (const c of cmds) relationOwner(stmt['relation'], stmt['objtype'], c['newowner'], ctx);
    return;
  }
  // A column default is a view's (what an INSERT through it gets); a materialized view has none.
  const bad = cmds.find((c) => !VIEW_ALTERS.has(c['subtype']) && !(c['subtype'] === 'AT_ColumnDefault' && stmt['objtype'] === 'OBJECT_VIEW'));
  if (bad) { ctx.unsupported(`ALTER ${stmt['objtype'] === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'VIEW'} ... ${String(bad['subtype']).replace(/^AT_/, '')}`); return; }
  const key = keyOfName(rangeVarName(stmt['relation']));
  addBody(ctx, { kind: 'view', key, provides: [], requires: [`table:${key}`], alter: true }, stmt['relation']?.location);
};
