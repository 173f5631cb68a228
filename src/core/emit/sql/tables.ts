import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { columnDefinition } from './columns.js';
import { main } from './context.js';

/** `key=value` storage parameter as SQL (values that are not plain words are quoted). */
export const optionSql = (o: string): string => {
  const i = o.indexOf('=');
  const [k, v] = [o.slice(0, i), o.slice(i + 1)];
  return `${k}=${/^[A-Za-z0-9_.-]+$/.test(v) ? v : quoteLiteral(v)}`;
};

export const tableEmitters = {
  create_table: (c: ChangeOf<'create_table'>): Statement[] => {
    const t = c.table;
    const lines = [
      ...t.columns.map(columnDefinition),
      ...c.constraints.map((k) => `CONSTRAINT ${quoteIdent(k.name)} ${k.definition.sql}`),
    ];
    const with_ = t.options.length ? ` WITH (${t.options.map(optionSql).join(', ')})` : '';
    return [main(`CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${quoteQualified(t.name)} (\n    ${lines.join(',\n    ')}\n)${with_}`)];
  },
  drop_table: (c: ChangeOf<'drop_table'>): Statement[] => [main(`DROP TABLE ${quoteQualified(c.table.name)}`)],
  set_table_persistence: (c: ChangeOf<'set_table_persistence'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'}`)],
  set_table_options: (c: ChangeOf<'set_table_options'>): Statement[] => [
    ...(c.reset.length ? [main(`ALTER TABLE ${quoteQualified(c.table)} RESET (${c.reset.join(', ')})`)] : []),
    ...(c.set.length ? [main(`ALTER TABLE ${quoteQualified(c.table)} SET (${c.set.map(optionSql).join(', ')})`)] : []),
  ],
};
