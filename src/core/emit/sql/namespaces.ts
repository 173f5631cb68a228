import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { main } from './context.js';

export const namespaceEmitters = {
  create_schema: (c: ChangeOf<'create_schema'>): Statement[] => [main(`CREATE SCHEMA ${quoteIdent(c.name)}`)],
  drop_schema: (c: ChangeOf<'drop_schema'>): Statement[] => [main(`DROP SCHEMA ${quoteIdent(c.name)}`)],
  create_extension: (c: ChangeOf<'create_extension'>): Statement[] => {
    const v = c.extension.version ? ` VERSION ${quoteLiteral(c.extension.version)}` : '';
    return [main(`CREATE EXTENSION ${quoteIdent(c.extension.name)} WITH SCHEMA ${quoteIdent(c.extension.schema)}${v}`)];
  },
  drop_extension: (c: ChangeOf<'drop_extension'>): Statement[] => [main(`DROP EXTENSION ${quoteIdent(c.extension.name)}`)],
  update_extension: (c: ChangeOf<'update_extension'>): Statement[] =>
    [main(`ALTER EXTENSION ${quoteIdent(c.name)} UPDATE TO ${quoteLiteral(c.version)}`)],
  set_extension_schema: (c: ChangeOf<'set_extension_schema'>): Statement[] =>
    [main(`ALTER EXTENSION ${quoteIdent(c.name)} SET SCHEMA ${quoteIdent(c.to)}`)],
};
