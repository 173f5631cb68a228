import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import type { DraftTable } from '../drafts.js';
import { readColumn } from './columns.js';
import { optionStrings } from '../../canon/options.js';
import { constraintTypeOf } from '../../canon/constraints.js';
import { quoteIdent, quoteQualified } from '../../emit/sql/quote.js';
import { partitionBoundText, partitionKeyText } from '../../canon/partitions.js';
import type { QualifiedName } from '../../model/names.js';
import type { ForeignTableFacts } from '../../model/foreign.js';
import { diagnostic } from '../../model/diagnostic.js';
import { truncateIdentifier } from '../../canon/identifiers.js';

/** A table access method as the model keeps it: heap (the built-in default) is null. */
export const tableAccessMethod = (am: string | null | undefined): string | null => (!am || am === 'heap' ? null : am);

/**
 * CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name (columns, constraints) [INHERITS (...)]
 * [PARTITION BY ...] [WITH (...)], and CREATE TABLE name PARTITION OF parent FOR VALUES ... | DEFAULT.
 */
export const createTable = (stmt: Node, ctx: StatementContext, foreign?: ForeignTableFacts): void => {
  const rel = stmt['relation'];
  if (rel['relpersistence'] === 't') { ctx.unsupported('CREATE TEMPORARY TABLE'); return; }
  if (stmt['ofTypename']) { ctx.unsupported('typed tables (OF type)'); return; }
  if (stmt['tablespacename']) { ctx.unsupported('TABLESPACE'); return; }
  if (stmt['oncommit'] && stmt['oncommit'] !== 'ONCOMMIT_NOOP') { ctx.unsupported('ON COMMIT'); return; }
  const name = rangeVarName(rel);
  const prior = ctx.draft.tables.get(keyOfName(name));
  if (prior) {
    if (!stmt['if_not_exists']) ctx.error('duplicate_object', `table ${quoteQualified(name)} is already declared at ${prior.span.file}:${prior.span.line}`, rel['location']);
    return;
  }
  const parents: QualifiedName[] = (stmt['inhRelations'] ?? []).map((r: Node) => rangeVarName(r['RangeVar']));
  const table: DraftTable = {
    name, unlogged: rel['relpersistence'] === 'u', options: optionStrings(stmt['options']), columns: [], span: ctx.span(rel['location']),
    partitionBy: stmt['partspec'] ? partitionKeyText(stmt['partspec']) : null,
    partitionOf: stmt['partbound'] ? { parent: parents[0]!, bound: partitionBoundText(stmt['partbound']), span: ctx.span(stmt['partbound'].location) } : null,
    inherits: stmt['partbound'] ? [] : parents,
    ...(foreign ? { foreign } : {}),
    accessMethod: tableAccessMethod(stmt['accessMethod'] ?? ctx.draft.defaultTableAccessMethod), replicaIdentity: null, clusterOn: null,
  };
  const firstConstraint = ctx.draft.constraints.length;
  const notNulls: Node[] = [];
  const renamed = ctx.renamedFrom();
  if (renamed !== null) ctx.draft.renames.push({ kind: 'table', to: name, from: renamed, source: table.span });
  for (const elt of stmt['tableElts'] ?? []) {
    if (elt['ColumnDef'] && table.partitionOf) {
      partitionColumnOptions(elt['ColumnDef'], table, ctx);
    } else if (elt['ColumnDef']) {
      const col = readColumn(elt['ColumnDef'], name, ctx, ctx.draft.constraints);
      if (!col) continue;
      const was = ctx.renamedFrom(elt['ColumnDef'].location);
      if (was !== null) ctx.draft.renames.push({ kind: 'column', table: name, to: col.name, from: was, source: col.span });
      if (table.columns.some((c) => c.name === col.name)) ctx.error('duplicate_object', `column ${quoteIdent(col.name)} is declared twice in ${quoteQualified(name)}`, elt['ColumnDef'].location);
      else table.columns.push(col);
    } else if (elt['Constraint']?.contype === 'CONSTR_NOTNULL') {
      notNulls.push(elt['Constraint']);
    } else if (elt['Constraint']) {
      const c = elt['Constraint'];
      if (!constraintTypeOf(c)) { ctx.unsupported(`table constraint ${c.contype}`, c.location); continue; }
      ctx.draft.constraints.push({ table: name, node: c, column: null, span: ctx.span(c.location), origin: 'create' });
      const was = c.conname ? ctx.renamedFrom(c.location) : null;
      if (was !== null) ctx.draft.renames.push({ kind: 'constraint', table: name, to: c.conname, from: was, source: ctx.span(c.location) });
    } else if (elt['TableLikeClause']) ctx.unsupported('CREATE TABLE ... (LIKE ...)');
    else ctx.unsupported(`table element ${Object.keys(elt)[0]}`);
  }
  if (foreign) refuseKeys(ctx, name, firstConstraint);
  // CONSTRAINT name NOT NULL column (PostgreSQL 18's table-constraint form): a fact of the column.
  for (const c of notNulls) {
    const column = truncateIdentifier(c.keys?.[0]?.String?.sval ?? '');
    const col = table.columns.find((x) => x.name === column);
    if (!col) { ctx.error('unknown_reference', `column ${quoteIdent(column)} named in NOT NULL does not exist in ${quoteQualified(name)}`, c.location); continue; }
    col.notNull = true;
    if (c.conname) col.notNullName = truncateIdentifier(c.conname);
  }
  ctx.draft.tables.set(keyOfName(name), table);
};

/**
 * `PARTITION OF parent (col DEFAULT x, col2 NOT NULL, col3 WITH OPTIONS CHECK (...))`: the
 * partition's own default and NOT NULL on its parent's columns; a column constraint becomes
 * the partition's table constraint, as PostgreSQL makes it.
 */
const partitionColumnOptions = (def: Node, table: DraftTable, ctx: StatementContext): void => {
  const column = truncateIdentifier(def['colname']);
  const options = table.columnOptions ??= new Map();
  const entry = options.get(column) ?? { notNull: false };
  for (const c of (def['constraints'] ?? []).map((n: Node) => n['Constraint'])) {
    switch (c.contype) {
      case 'CONSTR_NOTNULL': entry.notNull = true; break;
      case 'CONSTR_NULL': break;
      case 'CONSTR_DEFAULT': entry.defaultNode = c.raw_expr; break;
      case 'CONSTR_CHECK': case 'CONSTR_PRIMARY': case 'CONSTR_UNIQUE': case 'CONSTR_FOREIGN':
        ctx.draft.constraints.push({ table: table.name, node: c, column, span: ctx.span(c.location), origin: 'create' });
        break;
      default: ctx.unsupported(`column option ${String(c.contype).replace(/^CONSTR_/, '')} in CREATE TABLE ... PARTITION OF`, c.location);
    }
  }
  options.set(column, entry);
};

/** PostgreSQL allows only CHECK constraints on a foreign table (inline or not). */
const refuseKeys = (ctx: StatementContext, name: QualifiedName, from: number): void => {
  const list = ctx.draft.constraints;
  for (let i = list.length - 1; i >= from; i--) {
    const type = constraintTypeOf(list[i]!.node);
    if (type === 'check' || type === null) continue;
    ctx.draft.diagnostics.push(diagnostic('invalid_definition',
      `foreign table ${quoteQualified(name)} cannot have a ${type.replace('_', ' ')} constraint: PostgreSQL allows only CHECK constraints on foreign tables`, list[i]!.span));
    list.splice(i, 1);
  }
};
