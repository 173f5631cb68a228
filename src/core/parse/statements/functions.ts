/**
 * CREATE [OR REPLACE] FUNCTION / PROCEDURE and ALTER FUNCTION / PROCEDURE. Every attribute and
 * the body come back canonical from the server; here only identity (name and the types of the
 * IN, INOUT and VARIADIC arguments), place, and what must exist before it loads: the types its
 * signature names, and for SQL-standard bodies (RETURN / BEGIN ATOMIC), which the server
 * analyses at creation, everything the body names. String bodies are not checked at creation
 * in the scratch database (check_function_bodies = off), as pg_dump loads them.
 */
import type { Node } from '../pg-query.js';
import { anyName, keyOfName, type StatementContext } from '../statement-context.js';
import { namedRefs, typeNameNodes } from '../../canon/body-refs.js';
import { addBody } from './bodies.js';

const IDENTITY_MODES = new Set(['FUNC_PARAM_IN', 'FUNC_PARAM_DEFAULT', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC']);

/** The argument types that make a routine's identity. */
export const identityArgTypes = (params: readonly Node[] | undefined): Node[] =>
  (params ?? []).map((p) => p['FunctionParameter']).filter((fp) => IDENTITY_MODES.has(fp.mode ?? 'FUNC_PARAM_DEFAULT')).map((fp) => fp.argType);

export const createFunction = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['funcname']);
  const params: Node[] = stmt['parameters'] ?? [];
  const signatureTypes = [...params.map((p) => p['FunctionParameter'].argType), stmt['returnType']];
  const requires = namedRefs([typeNameNodes(signatureTypes), params.map((p) => p['FunctionParameter'].defexpr), stmt['sql_body']]);
  addBody(ctx, {
    kind: 'function', key: '', provides: [`fname:${keyOfName(name)}`], requires,
    argTypes: identityArgTypes(params), name,
  });
};

/** ALTER FUNCTION / PROCEDURE / ROUTINE name[(args)] action ...: replayed after the routine exists. */
export const alterFunction = (stmt: Node, ctx: StatementContext): void => {
  const func = stmt['func'];
  const name = anyName(func['objname']);
  addBody(ctx, {
    kind: 'function', key: '', provides: [], requires: [`fname:${keyOfName(name)}`], alter: true, name,
    ...(func['args_unspecified'] ? {} : { argTypes: (func['objargs'] ?? []).map((t: Node) => t['TypeName']) }),
  });
};
