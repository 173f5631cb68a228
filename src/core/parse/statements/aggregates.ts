/**
 * CREATE AGGREGATE (both syntaxes). The parameters come back canonical from the server; here
 * identity (name and every argument type; `*` has none), place, and what it needs first: its
 * support functions and types.
 */
import type { Node } from '../pg-query.js';
import { anyName, keyOfName, type StatementContext } from '../statement-context.js';
import { namedRefs, typeNameNodes } from '../../canon/body-refs.js';
import { addBody } from './bodies.js';

const FUNCTION_PARAMS = new Set(['sfunc', 'finalfunc', 'combinefunc', 'serialfunc', 'deserialfunc', 'msfunc', 'minvfunc', 'mfinalfunc']);

export const createAggregate = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['defnames']);
  const defs: Node[] = (stmt['definition'] ?? []).map((d: Node) => d['DefElem']);
  let argTypes: Node[];
  if (stmt['oldstyle']) {
    // CREATE AGGREGATE name (BASETYPE = t, ...): one argument, none for BASETYPE = "any".
    const base = defs.find((d) => d.defname === 'basetype')?.arg?.TypeName;
    const names = (base?.names ?? []).map((n: Node) => n['String']?.sval);
    argTypes = base && !(names.length === 1 && names[0] === 'any') ? [base] : [];
  } else {
    argTypes = (stmt['args']?.[0]?.List?.items ?? []).map((p: Node) => p['FunctionParameter'].argType);
  }
  const requires = [
    ...namedRefs([typeNameNodes(argTypes), defs.filter((d) => !FUNCTION_PARAMS.has(d.defname)).map((d) => d.arg)]),
    // Support functions are named by a type name node in the definition list.
    ...defs.filter((d) => FUNCTION_PARAMS.has(d.defname)).flatMap((d) => {
      const n = (d.arg?.TypeName?.names ?? d.arg?.List?.items ?? []).map((x: Node) => x['String']?.sval).filter(Boolean) as string[];
      if (n.length === 0) return [];
      return [`fname:${n.length > 1 ? `${n[n.length - 2]}.${n[n.length - 1]}` : `public.${n[0]}`}`];
    }),
  ];
  addBody(ctx, { kind: 'aggregate', key: '', provides: [`fname:${keyOfName(name)}`], requires, argTypes, name });
};
