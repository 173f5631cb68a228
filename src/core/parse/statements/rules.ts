/** CREATE [OR REPLACE] RULE: identity `schema.table.name`; canonical form from the server. */
import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import { namedRefs } from '../../canon/body-refs.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { addBody } from './bodies.js';

export const createRule = (stmt: Node, ctx: StatementContext): void => {
  const table = rangeVarName(stmt['relation']);
  const key = `${keyOfName(table)}.${truncateIdentifier(stmt['rulename'])}`;
  const requires = [`table:${keyOfName(table)}`, ...namedRefs([stmt['whereClause'], stmt['actions']])];
  addBody(ctx, { kind: 'rule', key, provides: [`rule:${key}`], requires }, stmt['relation']?.location);
};
