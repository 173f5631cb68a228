/**
 * Catalog text → model pieces, many at a time: the same builders as catalog.ts (and the same
 * results, test/unit/catalog-batch.test.ts holds them equal), but the texts of one kind are parsed
 * a few hundred per call of the parser instead of one call each (a call has a fixed cost that thousands of
 * index and constraint definitions add up). Each text is checked to come back as exactly one
 * statement with exactly its own text; if the batch does not split that way, or does not parse,
 * every text goes through catalog.ts one at a time, so errors still name their object.
 *
 * Results are thunks: building (and any error) happens when the caller runs them, inside its
 * own per-object error context.
 */
import { parseStatements, type Node } from '../parse/pg-query.js';
import type { QualifiedName } from '../model/names.js';
import type { SqlExpr } from '../model/expr.js';
import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { constraintFromCatalog, defaultFromCatalog, indexFromCatalog } from './catalog.js';
import { constraintFromNode } from './constraints.js';
import { exprFromNode, isNullConst } from './expressions.js';
import { indexFromStmt } from './indexes.js';

/** Texts per parser call: enough to make the fixed cost of a call vanish, few enough that the
 * parser's JSON output for one call stays small (10,000 tables have 40,000 index definitions). */
const CHUNK = 256;

/** The statement node of each text (one statement each), a chunk per parser call; null for a
 * text whose chunk did not parse or split 1:1 (the caller builds that one alone). */
const parseEach = (texts: readonly string[]): (Node | null)[] => {
  const out: (Node | null)[] = [];
  for (let start = 0; start < texts.length; start += CHUNK) {
    const chunk = texts.slice(start, start + CHUNK);
    let stmts;
    try {
      stmts = parseStatements(chunk.join(';\n'));
    } catch {
      stmts = null;
    }
    const clean = stmts !== null && stmts.length === chunk.length && chunk.every((t, i) => stmts[i]!.text === t);
    for (let i = 0; i < chunk.length; i++) out.push(clean && stmts !== null ? stmts[i]!.node : null);
  }
  return out;
};

/** pg_get_indexdef texts → one builder each (see indexFromCatalog). */
export const indexBuilders = (definitions: readonly string[]): (() => IndexDef)[] => {
  const nodes = parseEach(definitions);
  return definitions.map((definition, i) => {
    const node = nodes[i];
    return node ? () => indexFromStmt(node['IndexStmt'], null, definition) : () => indexFromCatalog(definition);
  });
};

const CONSTRAINT_PREFIX = 'ALTER TABLE _t ADD CONSTRAINT _c ';

/** pg_get_constraintdef texts → one builder each, given the table and name (see constraintFromCatalog). */
export const constraintBuilders = (definitions: readonly string[]): ((table: QualifiedName, name: string) => ConstraintDef)[] => {
  const nodes = parseEach(definitions.map((d) => `${CONSTRAINT_PREFIX}${d}`));
  return definitions.map((definition, i) => {
    const stmt = nodes[i];
    if (!stmt) return (table, name) => constraintFromCatalog({ table, name, definition });
    return (table, name) => {
      const node = stmt['AlterTableStmt'].cmds[0].AlterTableCmd.def['Constraint'];
      return constraintFromNode({ table, name, node, source: null, sql: definition.replace(/ NOT VALID$/, '') });
    };
  });
};

/** pg_get_expr texts of column defaults → one builder each (see defaultFromCatalog). */
export const defaultBuilders = (texts: readonly string[]): (() => SqlExpr | null)[] => {
  const nodes = parseEach(texts.map((t) => `SELECT ${t}`));
  return texts.map((text, i) => {
    const stmt = nodes[i];
    if (!stmt) return () => defaultFromCatalog(text);
    return () => {
      const node = stmt['SelectStmt'].targetList[0].ResTarget.val;
      return isNullConst(node) ? null : exprFromNode(node, text);
    };
  });
};
