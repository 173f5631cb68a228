/**
 * ALTER TABLE ... DROP COLUMN in schema source (a script that builds the schema in steps, e.g.
 * migra's and pg_dump-of-history cases): applied in statement order with the other ALTERs. As
 * in PostgreSQL, the indexes and the table's own constraints that use the column go with it,
 * and so does a sequence OWNED BY it. A foreign key of another table to the column is refused,
 * as PostgreSQL refuses it without CASCADE.
 */
import type { Node } from './pg-query.js';
import type { DraftColumnAlter, DraftTable, SchemaDraft } from './drafts.js';
import { diagnostic } from '../model/diagnostic.js';
import { keyOfName, rangeVarName } from './statement-context.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';
import { truncateIdentifier } from '../canon/identifiers.js';

type DropColumn = Extract<DraftColumnAlter, { kind: 'drop_column' }>;

const nameOf = (n: unknown): string | null => {
  const s = (n as Node | null)?.['String']?.sval;
  return typeof s === 'string' ? truncateIdentifier(s) : null;
};

/**
 * Whether a parse tree uses the column: a column reference ending in its name, a key list
 * naming it (keys, INCLUDE, a foreign key's own columns), or an index element on it. Names
 * only, which is what a constraint or index of this one table can mean by it.
 */
const mentions = (node: unknown, column: string): boolean => {
  if (Array.isArray(node)) return node.some((n) => mentions(n, column));
  if (node === null || typeof node !== 'object') return false;
  const n = node as Node;
  if (n['ColumnRef']) {
    const fields = (n['ColumnRef'].fields ?? []) as unknown[];
    return nameOf(fields[fields.length - 1]) === column;
  }
  if (n['IndexElem']?.name !== undefined && truncateIdentifier(String(n['IndexElem'].name)) === column) return true;
  for (const list of ['keys', 'including', 'fk_attrs']) {
    if (Array.isArray(n[list]) && (n[list] as unknown[]).some((k) => nameOf(k) === column)) return true;
  }
  return Object.entries(n).some(([k, v]) => k !== 'pktable' && k !== 'pk_attrs' && mentions(v, column));
};

export const dropColumn = (d: SchemaDraft, table: DraftTable, a: DropColumn): void => {
  const at = table.columns.findIndex((c) => c.name === a.column);
  if (at < 0) {
    if (!a.ifExists) d.diagnostics.push(diagnostic('unknown_reference', `DROP COLUMN: column ${quoteIdent(a.column)} of ${quoteQualified(a.table)} does not exist`, a.span));
    return;
  }
  const tableKey = keyOfName(a.table);
  const referencing = d.constraints.find((c) => a.constraintsBefore.has(c) && keyOfName(c.table) !== tableKey && c.node['pktable']
    && keyOfName(rangeVarName(c.node['pktable'])) === tableKey && ((c.node['pk_attrs'] ?? []) as unknown[]).some((k) => nameOf(k) === a.column));
  if (referencing) {
    d.diagnostics.push(diagnostic('invalid_definition', `DROP COLUMN ${quoteIdent(a.column)} of ${quoteQualified(a.table)}: a foreign key of ${quoteQualified(referencing.table)} `
      + `(declared at ${referencing.span.file}:${referencing.span.line}) references it, and PostgreSQL refuses to drop it`, a.span, 'drop or change that foreign key first'));
    return;
  }
  table.columns.splice(at, 1);
  const uses = (c: { table: { schema: string; name: string }; node: Node; column: string | null }): boolean =>
    keyOfName(c.table) === tableKey && (c.column === a.column || mentions(c.node, a.column));
  const keptConstraints = d.constraints.filter((c) => !a.constraintsBefore.has(c) || !uses(c));
  d.constraints.splice(0, d.constraints.length, ...keptConstraints);
  const indexUses = (x: Node): boolean => keyOfName(rangeVarName(x['relation'])) === tableKey
    && [x['indexParams'], x['indexIncludingParams'], x['whereClause']].some((part) => mentions(part, a.column));
  const keptIndexes = d.indexes.filter((x) => !a.indexesBefore.has(x) || !indexUses(x.stmt));
  d.indexes.splice(0, d.indexes.length, ...keptIndexes);
  for (const [k, s] of d.sequences) {
    const o = s.clauses.ownedBy;
    if (o && keyOfName(o.table) === tableKey && o.column === a.column) d.sequences.delete(k);
  }
};
