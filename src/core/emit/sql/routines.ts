/** Functions, procedures and aggregates. A function's CREATE is the server's own pg_get_functiondef. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { FunctionDef } from '../../model/objects.js';
import { typeToSql } from '../../canon/type-names.js';
import { quoteQualified } from './quote.js';
import { main } from './context.js';

const IDENTITY_MODES = new Set(['in', 'inout', 'variadic']);

/** `name(types)` naming one routine among its overloads, as DROP / ALTER FUNCTION take it. */
export const routineSignatureSql = (f: FunctionDef): string =>
  `${quoteQualified(f.name)}(${f.args.filter((a) => IDENTITY_MODES.has(a.mode)).map((a) => `${a.mode === 'variadic' ? 'VARIADIC ' : ''}${typeToSql(a.type)}`).join(', ')})`;

export const routineEmitters = {
  create_function: (c: ChangeOf<'create_function'>): Statement[] => [main(c.function.definition)],
  replace_function: (c: ChangeOf<'replace_function'>): Statement[] => [main(c.to.definition)],
  drop_function: (c: ChangeOf<'drop_function'>): Statement[] =>
    [main(`DROP ${c.function.routineKind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${routineSignatureSql(c.function)}`)],
  create_aggregate: (c: ChangeOf<'create_aggregate'>): Statement[] =>
    [main(`CREATE AGGREGATE ${quoteQualified(c.aggregate.name)}(${c.aggregate.arguments}) (\n    ${c.aggregate.parameters.join(',\n    ')}\n)`)],
  drop_aggregate: (c: ChangeOf<'drop_aggregate'>): Statement[] =>
    [main(`DROP AGGREGATE ${quoteQualified(c.aggregate.name)}(${c.aggregate.arguments})`)],
};
