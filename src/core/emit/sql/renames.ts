import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

export const renameEmitters = {
  rename_table: (c: ChangeOf<'rename_table'>): Statement[] => [main(`ALTER TABLE ${quoteQualified(c.from)} RENAME TO ${quoteIdent(c.to.name)}`)],
  rename_column: (c: ChangeOf<'rename_column'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} RENAME COLUMN ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`)],
  rename_index: (c: ChangeOf<'rename_index'>): Statement[] => [main(`ALTER INDEX ${quoteQualified(c.from)} RENAME TO ${quoteIdent(c.to.name)}`)],
  rename_sequence: (c: ChangeOf<'rename_sequence'>): Statement[] => [main(`ALTER SEQUENCE ${quoteQualified(c.from)} RENAME TO ${quoteIdent(c.to.name)}`)],
  rename_constraint: (c: ChangeOf<'rename_constraint'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} RENAME CONSTRAINT ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`)],
  rename_enum_value: (c: ChangeOf<'rename_enum_value'>): Statement[] =>
    [main(`ALTER TYPE ${quoteQualified(c.enum)} RENAME VALUE ${quoteLiteral(c.from)} TO ${quoteLiteral(c.to)}`)],
};
