import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { clipBytes } from '../../canon/identifiers.js';
import { main } from './context.js';

const SUFFIX = '__pgflux_old';

const createEnumSql = (c: ChangeOf<'create_enum'>['enum']): string =>
  `CREATE TYPE ${quoteQualified(c.name)} AS ENUM (${c.values.map(quoteLiteral).join(', ')})`;

export const enumEmitters = {
  create_enum: (c: ChangeOf<'create_enum'>): Statement[] => [main(createEnumSql(c.enum))],
  drop_enum: (c: ChangeOf<'drop_enum'>): Statement[] => [main(`DROP TYPE ${quoteQualified(c.enum.name)}`)],
  add_enum_value: (c: ChangeOf<'add_enum_value'>): Statement[] => {
    const pos = c.position === null ? '' : 'before' in c.position ? ` BEFORE ${quoteLiteral(c.position.before)}` : ` AFTER ${quoteLiteral(c.position.after)}`;
    // IF NOT EXISTS keeps the statement safe to repeat when it runs before the transaction.
    return [{ sql: `ALTER TYPE ${quoteQualified(c.enum)} ADD VALUE IF NOT EXISTS ${quoteLiteral(c.value)}${pos}`, phase: c.commitFirst ? 'before' : 'main' }];
  },
  /**
   * Removing or reordering values: rename the old type away, create the new one, move each
   * column through text (dropping its default first, since the old default cannot be cast),
   * restore the desired default, then drop the old type.
   */
  recreate_enum: (c: ChangeOf<'recreate_enum'>): Statement[] => {
    const oldName = { schema: c.from.name.schema, name: clipBytes(c.from.name.name, 63 - SUFFIX.length) + SUFFIX };
    const target = quoteQualified(c.to.name);
    const out: Statement[] = [main(`ALTER TYPE ${quoteQualified(c.from.name)} RENAME TO ${quoteIdent(oldName.name)}`), main(createEnumSql(c.to))];
    for (const col of c.columns) {
      const t = quoteQualified(col.table);
      const n = quoteIdent(col.column);
      const arr = '[]'.repeat(col.arrayDims);
      if (col.dropDefault) out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} DROP DEFAULT`));
      out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} TYPE ${target}${arr} USING ${n}::text${arr}::${target}${arr}`));
      if (col.default) out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} SET DEFAULT ${col.default.sql}`));
    }
    out.push(main(`DROP TYPE ${quoteQualified(oldName)}`));
    return out;
  },
};
