import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import type { DraftTable } from '../drafts.js';
import { readColumn } from './columns.js';
import { optionStrings } from '../../canon/options.js';
import { constraintTypeOf } from '../../canon/constraints.js';
import { quoteIdent, quoteQualified } from '../../emit/sql/quote.js';

/** CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name (columns, constraints) [WITH (...)]. */
export const createTable = (stmt: Node, ctx: StatementContext): void => {
  const rel = stmt['relation'];
  if (rel['relpersistence'] === 't') { ctx.unsupported('CREATE TEMPORARY TABLE'); return; }
  if (stmt['partspec']) { ctx.unsupported('partitioned tables (PARTITION BY)'); return; }
  if (stmt['partbound']) { ctx.unsupported('partitions (PARTITION OF)'); return; }
  if (stmt['inhRelations']?.length) { ctx.unsupported('table inheritance (INHERITS)'); return; }
  if (stmt['ofTypename']) { ctx.unsupported('typed tables (OF type)'); return; }
  if (stmt['tablespacename']) { ctx.unsupported('TABLESPACE'); return; }
  if (stmt['accessMethod']) { ctx.unsupported('table access methods (USING)'); return; }
  if (stmt['oncommit'] && stmt['oncommit'] !== 'ONCOMMIT_NOOP') { ctx.unsupported('ON COMMIT'); return; }
  const name = rangeVarName(rel);
  const prior = ctx.draft.tables.get(keyOfName(name));
  if (prior) {
    if (!stmt['if_not_exists']) ctx.error('duplicate_object', `table ${quoteQualified(name)} is already declared at ${prior.span.file}:${prior.span.line}`, rel['location']);
    return;
  }
  const table: DraftTable = {
    name, unlogged: rel['relpersistence'] === 'u', options: optionStrings(stmt['options']), columns: [], span: ctx.span(rel['location']),
  };
  const renamed = ctx.renamedFrom();
  if (renamed !== null) ctx.draft.renames.push({ kind: 'table', to: name, from: renamed, source: table.span });
  for (const elt of stmt['tableElts'] ?? []) {
    if (elt['ColumnDef']) {
      const col = readColumn(elt['ColumnDef'], name, ctx, ctx.draft.constraints);
      if (!col) continue;
      const was = ctx.renamedFrom(elt['ColumnDef'].location);
      if (was !== null) ctx.draft.renames.push({ kind: 'column', table: name, to: col.name, from: was, source: col.span });
      if (table.columns.some((c) => c.name === col.name)) ctx.error('duplicate_object', `column ${quoteIdent(col.name)} is declared twice in ${quoteQualified(name)}`, elt['ColumnDef'].location);
      else table.columns.push(col);
    } else if (elt['Constraint']) {
      const c = elt['Constraint'];
      if (!constraintTypeOf(c)) { ctx.unsupported(`table constraint ${c.contype}`, c.location); continue; }
      ctx.draft.constraints.push({ table: name, node: c, column: null, span: ctx.span(c.location), origin: 'create' });
      const was = c.conname ? ctx.renamedFrom(c.location) : null;
      if (was !== null) ctx.draft.renames.push({ kind: 'constraint', table: name, to: c.conname, from: was, source: ctx.span(c.location) });
    } else if (elt['TableLikeClause']) ctx.unsupported('CREATE TABLE ... (LIKE ...)');
    else ctx.unsupported(`table element ${Object.keys(elt)[0]}`);
  }
  ctx.draft.tables.set(keyOfName(name), table);
};
