/**
 * ALTER TABLE ... ADD CONSTRAINT name { PRIMARY KEY | UNIQUE } USING INDEX index (pg_dump of
 * some tools, migra's output, hand-written online migrations): the index declared earlier
 * becomes the constraint's index, renamed to the constraint's name, exactly as PostgreSQL does
 * it. In the model that is the same constraint declared with the index's columns, INCLUDE list,
 * storage parameters and tablespace, and no separate index.
 */
import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import type { QualifiedName } from '../../model/names.js';
import { quoteIdent, quoteQualified } from '../../emit/sql/quote.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { strNode } from '../../canon/expr-nodes.js';

/** Why PostgreSQL would refuse this index for a constraint, or null when it can take it. */
const refusal = (idx: Node): string | null => {
  if (idx['unique'] !== true) return 'it is not a UNIQUE index';
  if (idx['whereClause']) return 'it is a partial index';
  const method = String(idx['accessMethod'] ?? 'btree');
  if (method !== 'btree') return `it uses ${method}, not btree`;
  for (const p of (idx['indexParams'] ?? []) as Node[]) {
    const e = p['IndexElem'];
    if (!e?.name) return 'it has an expression column';
    if (e.opclass?.length || e.collation?.length) return 'a column has a non-default operator class or collation';
    if ((e.ordering && e.ordering !== 'SORTBY_DEFAULT') || (e.nulls_ordering && e.nulls_ordering !== 'SORTBY_NULLS_DEFAULT')) return 'a column has a non-default sort order';
  }
  return null;
};

/**
 * The constraint node to declare instead (the index leaves the draft), or null after reporting
 * why the statement cannot be taken.
 */
export const constraintUsingIndex = (c: Node, table: QualifiedName, ctx: StatementContext): Node | null => {
  const name = truncateIdentifier(String(c.indexname));
  const at = ctx.draft.indexes.findIndex((i) => i.stmt['idxname'] !== undefined && truncateIdentifier(String(i.stmt['idxname'])) === name
    && keyOfName(rangeVarName(i.stmt['relation'])) === keyOfName(table));
  if (at < 0) {
    ctx.error('unknown_reference', `ADD CONSTRAINT ... USING INDEX ${quoteIdent(name)}: no index of that name is declared on ${quoteQualified(table)} before this statement`, c.location,
      'declare the CREATE UNIQUE INDEX before the ALTER TABLE, or declare the constraint with its columns instead');
    return null;
  }
  const idx = ctx.draft.indexes[at]!.stmt;
  const why = refusal(idx);
  if (why !== null) {
    ctx.error('invalid_definition', `index ${quoteIdent(name)} cannot back a constraint: ${why} (PostgreSQL refuses it too)`, c.location);
    return null;
  }
  ctx.draft.indexes.splice(at, 1);
  const columns = ((idx['indexParams'] ?? []) as Node[]).map((p) => strNode(String(p['IndexElem'].name)));
  const including = ((idx['indexIncludingParams'] ?? []) as Node[]).map((p) => strNode(String(p['IndexElem'].name)));
  const { indexname: _dropped, ...rest } = c;
  return {
    ...rest,
    conname: c.conname ?? name,
    keys: columns,
    ...(including.length ? { including } : {}),
    ...(idx['options'] ? { options: idx['options'] } : {}),
    ...(idx['tableSpace'] ? { indexspace: idx['tableSpace'] } : {}),
    ...(idx['nulls_not_distinct'] ? { nulls_not_distinct: true } : {}),
  };
};
