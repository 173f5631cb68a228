/**
 * Routine arguments and results as the catalog prints them (pg_get_function_arguments,
 * pg_get_function_result), read back through PostgreSQL's grammar inside a stand-in
 * CREATE FUNCTION statement: no hand-written splitting of `a integer DEFAULT 3, OUT b text`.
 */
import { deparseNode, parseStatements, type Node } from '../parse/pg-query.js';
import type { ArgMode, RoutineArg } from '../model/objects.js';
import type { TypeRef } from '../model/type-ref.js';
import { typeRefFromAst } from './type-names.js';
import { withDeclaredDims } from '../model/type-ref.js';

const MODES: Readonly<Record<string, ArgMode>> = {
  FUNC_PARAM_IN: 'in', FUNC_PARAM_DEFAULT: 'in', FUNC_PARAM_OUT: 'out', FUNC_PARAM_INOUT: 'inout',
  FUNC_PARAM_VARIADIC: 'variadic', FUNC_PARAM_TABLE: 'table',
};

export const argMode = (mode: string | undefined): ArgMode => {
  const m = MODES[mode ?? 'FUNC_PARAM_DEFAULT'];
  if (!m) throw new Error(`unknown parameter mode ${String(mode)}`);
  return m;
};

/** A routine argument type without modifiers or declared dimensions (PostgreSQL keeps neither for arguments). */
export const argType = (typeName: Node): TypeRef => ({ ...withDeclaredDims(typeRefFromAst(typeName), 0), modifiers: [] });

const toArg = (p: Node): RoutineArg => {
  const fp = p['FunctionParameter'];
  return { mode: argMode(fp.mode), name: fp.name ?? null, type: argType(fp.argType), default: fp.defexpr ? deparseNode(fp.defexpr) : null };
};

const standIn = (args: string, result: string): Node => {
  const stmts = parseStatements(`CREATE FUNCTION pg_flux_f(${args}) RETURNS ${result} LANGUAGE sql AS ''`);
  const f = stmts[0]?.node['CreateFunctionStmt'];
  if (stmts.length !== 1 || !f) throw new Error(`cannot read routine arguments from the catalog: (${args}) RETURNS ${result}`);
  return f;
};

/** pg_get_function_arguments text → arguments in order. */
export const argsFromCatalog = (text: string): RoutineArg[] => (standIn(text, 'void')['parameters'] ?? []).map(toArg);

/** pg_get_function_result text (`integer`, `SETOF t`, `TABLE(a integer)`) → the result. */
export const resultFromCatalog = (text: string): { type: TypeRef; setof: boolean; table: RoutineArg[] } => {
  const f = standIn('', text);
  const table = (f['parameters'] ?? []).map(toArg);
  const rt = f['returnType'];
  // RETURNS TABLE (...) is stored as SETOF record with TABLE-mode arguments.
  if (table.length) return { type: { schema: null, name: 'record', modifiers: [], arrayDims: 0 }, setof: true, table };
  return { type: argType(rt), setof: rt?.setof === true, table: [] };
};
