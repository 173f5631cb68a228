import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { main } from './context.js';

export const constraintEmitters = {
  add_constraint: (c: ChangeOf<'add_constraint'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.constraint.table)} ADD CONSTRAINT ${quoteIdent(c.constraint.name)} ${c.constraint.definition.sql}`)],
  drop_constraint: (c: ChangeOf<'drop_constraint'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.constraint.table)} DROP CONSTRAINT ${quoteIdent(c.constraint.name)}`)],
};
