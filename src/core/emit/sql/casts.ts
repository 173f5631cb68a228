/** Casts: CREATE CAST from the model's facts and DROP CAST (there is no ALTER CAST). */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { CastContext, CastDef } from '../../model/casts.js';
import { typeToSql } from '../../canon/type-names.js';
import { quoteQualified } from './quote.js';
import { main } from './context.js';

const CONTEXT_SQL: Readonly<Record<CastContext, string>> = { explicit: '', assignment: ' AS ASSIGNMENT', implicit: ' AS IMPLICIT' };

/** `(source AS target)`, as CREATE, DROP and COMMENT ON CAST name a cast. */
export const castPairSql = (c: Pick<CastDef, 'sourceType' | 'targetType'>): string =>
  `(${typeToSql(c.sourceType)} AS ${typeToSql(c.targetType)})`;

const methodSql = (c: CastDef): string => {
  switch (c.method) {
    case 'binary': return 'WITHOUT FUNCTION';
    case 'inout': return 'WITH INOUT';
    case 'function': {
      if (!c.function) throw new Error(`cast ${castPairSql(c)} has method 'function' and no function`);
      return `WITH FUNCTION ${quoteQualified(c.function.name)}(${c.function.args.map(typeToSql).join(', ')})`;
    }
  }
};

export const createCastSql = (c: CastDef): string => `CREATE CAST ${castPairSql(c)} ${methodSql(c)}${CONTEXT_SQL[c.context]}`;

export const castEmitters = {
  create_cast: (c: ChangeOf<'create_cast'>): Statement[] => [main(createCastSql(c.cast))],
  drop_cast: (c: ChangeOf<'drop_cast'>): Statement[] => [main(`DROP CAST ${castPairSql(c.cast)}`)],
};
