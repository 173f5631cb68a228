/**
 * ALTER TABLE ... RENAME CONSTRAINT in source: the constraint the statements before it declared
 * gets the new name (scripts often create a foreign key unnamed and then give it a short name).
 * The rename is applied once default names are chosen (parse/resolve-renames.ts), so a default
 * name can be renamed. Other renames in source are not supported yet: the source declares the
 * new name directly, and `-- pg-flux:renamed-from` tells the planner about a live rename.
 */
import type { Node } from '../pg-query.js';
import { rangeVarName, type StatementContext } from '../statement-context.js';
import { truncateIdentifier } from '../../canon/identifiers.js';

export const renameStatement = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['renameType'] !== 'OBJECT_TABCONSTRAINT' || !stmt['relation']) {
    ctx.unsupported(`ALTER ... RENAME (${String(stmt['renameType'] ?? '').replace(/^OBJECT_/, '').toLowerCase()}) in schema source: declare the object under its new name`);
    return;
  }
  ctx.draft.constraintRenames.push({
    table: rangeVarName(stmt['relation']), from: truncateIdentifier(stmt['subname']), to: truncateIdentifier(stmt['newname']),
    missingOk: stmt['missing_ok'] === true, span: ctx.span(stmt['relation']['location']),
  });
};
