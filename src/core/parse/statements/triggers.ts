/** CREATE [OR REPLACE] [CONSTRAINT] TRIGGER: identity `schema.table.name`; canonical form from the server. */
import type { Node } from '../pg-query.js';
import { anyName, keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import { namedRefs } from '../../canon/body-refs.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { addBody } from './bodies.js';

export const createTrigger = (stmt: Node, ctx: StatementContext): void => {
  const table = rangeVarName(stmt['relation']);
  const fn = anyName(stmt['funcname']);
  const key = `${keyOfName(table)}.${truncateIdentifier(stmt['trigname'])}`;
  const requires = [
    `table:${keyOfName(table)}`, `fname:${keyOfName(fn)}`,
    ...(stmt['constrrel'] ? [`table:${keyOfName(rangeVarName(stmt['constrrel']))}`] : []),
    ...namedRefs(stmt['whenClause']),
  ];
  addBody(ctx, { kind: 'trigger', key, provides: [`trigger:${key}`], requires }, stmt['relation']?.location);
};
