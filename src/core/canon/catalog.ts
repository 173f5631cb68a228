/**
 * Catalog text → model pieces, through the same builders the source parser uses, so that
 * `parse(S)` and `inspect(load(S))` agree by construction. The catalog text comes from
 * pg_get_expr / pg_get_constraintdef / pg_get_indexdef / format_type, read with an empty
 * search_path so that every non-built-in name is schema-qualified.
 */
import { parseStatements, type Node } from '../parse/pg-query.js';
import type { QualifiedName } from '../model/names.js';
import type { SqlExpr } from '../model/expr.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { typeRefFromAst } from './type-names.js';
import { exprFromNode, isNullConst } from './expressions.js';
import { constraintFromNode } from './constraints.js';
import { indexFromStmt } from './indexes.js';

const only = (sql: string): Node => {
  const stmts = parseStatements(sql);
  if (stmts.length !== 1) throw new Error(`expected one statement from the catalog, got ${stmts.length}: ${sql}`);
  return stmts[0]!.node;
};

const selectTarget = (exprText: string): Node => only(`SELECT ${exprText}`)['SelectStmt'].targetList[0].ResTarget.val;

// Catalogs repeat the same few types thousands of times: parse each spelling once.
const typeCache = new Map<string, TypeRef>();

/** format_type(atttypid, atttypmod) → TypeRef. */
export const typeFromCatalog = (formatType: string): TypeRef => {
  let t = typeCache.get(formatType);
  if (!t) {
    t = typeRefFromAst(selectTarget(`NULL::${formatType}`)['TypeCast'].typeName);
    typeCache.set(formatType, t);
  }
  return t;
};

/** pg_get_expr(adbin, adrelid) of a column default → SqlExpr (null for a NULL constant). */
export const defaultFromCatalog = (text: string): SqlExpr | null => {
  const node = selectTarget(text);
  return isNullConst(node) ? null : exprFromNode(node, text);
};

/** pg_get_expr of a STORED generated column's expression → SqlExpr. */
export const generatedFromCatalog = (text: string): SqlExpr => exprFromNode(selectTarget(text), text);

/** pg_get_constraintdef(oid) (PRIMARY KEY/UNIQUE/CHECK/FOREIGN KEY/EXCLUDE) → ConstraintDef. */
export const constraintFromCatalog = (args: { table: QualifiedName; name: string; definition: string }): ConstraintDef => {
  const stmt = only(`ALTER TABLE _t ADD CONSTRAINT _c ${args.definition}`);
  const node = stmt['AlterTableStmt'].cmds[0].AlterTableCmd.def['Constraint'];
  // pg_get_constraintdef ends a not-validated constraint with " NOT VALID"; that is `validated`.
  return constraintFromNode({ table: args.table, name: args.name, node, source: null, sql: args.definition.replace(/ NOT VALID$/, '') });
};

/** pg_get_indexdef(indexrelid) → IndexDef. */
export const indexFromCatalog = (definition: string): IndexDef =>
  indexFromStmt(only(definition)['IndexStmt'], null, definition);
