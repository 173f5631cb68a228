/**
 * CREATE CAST (source AS target) WITH FUNCTION f(args) | WITHOUT FUNCTION | WITH INOUT
 * [AS ASSIGNMENT | AS IMPLICIT]. Casts are database-wide; their types and function are named as
 * everywhere else in the source (unqualified: pg_catalog's built-ins, else the default schema).
 * Types lose their modifiers, as PostgreSQL ignores them here.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import type { CastContext, CastFunction } from '../../model/casts.js';
import type { TypeRef } from '../../model/type-ref.js';
import { anyName } from '../statement-context.js';
import { argType } from '../../canon/routine-args.js';
import { castKey } from '../../canon/casts.js';
import { castPairSql } from '../../emit/sql/casts.js';

const CONTEXTS: Readonly<Record<string, CastContext>> = {
  COERCION_EXPLICIT: 'explicit', COERCION_ASSIGNMENT: 'assignment', COERCION_IMPLICIT: 'implicit',
};

/** A TypeName of a cast (or of its function's arguments), or null for `%TYPE`, which names a column's type. */
const castType = (typeName: Node | undefined): TypeRef | null => (typeName && !typeName['pct_type'] ? argType(typeName) : null);

/** `(source AS target)` of DROP CAST and COMMENT ON CAST (a List of two TypeNames) → the cast's key, or null. */
export const castKeyOfPair = (object: Node): string | null => {
  const [s, t] = (object['List']?.items ?? []).map((n: Node) => castType(n['TypeName']));
  return s && t ? castKey({ sourceType: s, targetType: t }) : null;
};

export const createCast = (stmt: Node, ctx: StatementContext): void => {
  const sourceType = castType(stmt['sourcetype']);
  const targetType = castType(stmt['targettype']);
  const context = CONTEXTS[String(stmt['context'])];
  if (!sourceType || !targetType || !context) { ctx.unsupported('this form of CREATE CAST'); return; }
  let fn: CastFunction | null = null;
  const f = stmt['func'];
  if (f) {
    if (f['args_unspecified'] === true) {
      ctx.error('invalid_definition', `CREATE CAST ${castPairSql({ sourceType, targetType })} names its function without argument types`, null,
        'write the argument types: WITH FUNCTION name(type, ...), as pg_dump does');
      return;
    }
    const args = (f['objargs'] ?? []).map((n: Node) => castType(n['TypeName']));
    if (args.some((a: TypeRef | null) => a === null)) { ctx.unsupported('%TYPE in the argument types of a cast function'); return; }
    fn = { name: anyName(f['objname'] ?? []), args };
  }
  const key = castKey({ sourceType, targetType });
  const prior = ctx.draft.casts.get(key);
  if (prior) {
    ctx.error('duplicate_object', `cast ${castPairSql(prior)} is already declared at ${prior.source?.file}:${prior.source?.line}`);
    return;
  }
  ctx.draft.casts.set(key, {
    kind: 'cast', sourceType, targetType, method: fn ? 'function' : stmt['inout'] === true ? 'inout' : 'binary', function: fn, context,
    source: ctx.span(),
  });
};
