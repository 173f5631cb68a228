/**
 * ALTER INDEX ... ALTER COLUMN n SET STATISTICS k of the source, applied to the declared indexes
 * and checked as PostgreSQL checks them: the index exists, it has a column n, and that column is
 * an expression (a key column that is a plain table column takes the table column's target, an
 * INCLUDE column none at all).
 */
import type { Node } from './pg-query.js';
import type { SchemaDraft } from './drafts.js';
import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { diagnostic } from '../model/diagnostic.js';
import { keyOfName } from './statement-context.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';

/** `(a)` and `(a COLLATE c)` are the column a itself to PostgreSQL, not an expression. */
const isPlainColumn = (expr: Node): boolean => {
  const e = expr['CollateClause']?.arg ?? expr;
  return e['ColumnRef']?.fields?.length === 1 && e['ColumnRef'].fields[0].String !== undefined;
};

/** Why column `n` (1-based) of the index takes no statistics target, or null when it takes one. */
const refusal = (stmt: Node, n: number, index: string): string | null => {
  const keys: Node[] = stmt['indexParams'] ?? [];
  const included: Node[] = stmt['indexIncludingParams'] ?? [];
  if (n < 1 || n > keys.length + included.length) return `column number ${n} of index ${index} does not exist`;
  if (n > keys.length) return `cannot alter statistics on included column ${n} of index ${index}`;
  const elem = keys[n - 1]!['IndexElem'];
  if (elem.expr === undefined || isPlainColumn(elem.expr)) {
    const name = elem.name ?? elem.expr?.CollateClause?.arg?.ColumnRef?.fields?.[0]?.String?.sval ?? elem.expr?.ColumnRef?.fields?.[0]?.String?.sval;
    return `cannot alter statistics on non-expression column ${n} (${quoteIdent(String(name))}) of index ${index}`;
  }
  return null;
};

/**
 * `indexes` by key, with the statement each was built from (`stmts`, same keys); constraints to
 * tell an index that backs a key or exclusion constraint (not an index of the model) from a typo.
 */
export const applyIndexStatistics = (d: SchemaDraft, indexes: Map<string, IndexDef>, stmts: ReadonlyMap<string, Node>, constraints: ReadonlyMap<string, ConstraintDef>): void => {
  for (const a of d.indexStatistics) {
    const key = keyOfName(a.index);
    const def = indexes.get(key);
    const stmt = stmts.get(key);
    if (!def || !stmt) {
      if (a.missingOk) continue;
      const constraint = [...constraints.values()].find((c) => c.table.schema === a.index.schema && c.name === a.index.name && c.type !== 'check' && c.type !== 'foreign_key');
      d.diagnostics.push(constraint
        ? diagnostic('unsupported_clause', `ALTER INDEX ${quoteQualified(a.index)} ... SET STATISTICS names the index of constraint ${quoteIdent(constraint.name)} on ${quoteQualified(constraint.table)}: statistics targets of constraint indexes are not supported yet`, a.span,
          'remove the statement from the schema source, or declare the index with CREATE INDEX')
        : diagnostic('unknown_reference', `ALTER INDEX names index ${quoteQualified(a.index)}, which is declared nowhere`, a.span,
          'declare it with CREATE INDEX, or check the name and its schema'));
      continue;
    }
    const why = refusal(stmt, a.column, quoteQualified(def.name));
    if (why !== null) {
      d.diagnostics.push(diagnostic('invalid_definition', why, a.span, 'only an expression column of an index takes a statistics target; set a table column\'s with ALTER TABLE ... ALTER COLUMN ... SET STATISTICS'));
      continue;
    }
    const targets: Record<string, number> = { ...def.statisticsTargets };
    if (a.target === null) delete targets[String(a.column)];
    else targets[String(a.column)] = a.target;
    const { statisticsTargets: _old, ...rest } = def;
    indexes.set(key, Object.keys(targets).length ? { ...rest, statisticsTargets: targets } : rest);
  }
};
