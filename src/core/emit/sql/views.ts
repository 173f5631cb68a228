/**
 * Views and materialized views. The query is the server's own print (pg_get_viewdef), which is
 * schema-qualified and reloads as itself; options (check_option included) go in WITH (...).
 */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { ViewDef } from '../../model/objects.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { optionSql } from './tables.js';
import { main } from './context.js';

const withOptions = (v: ViewDef): string => (v.options.length ? ` WITH (${v.options.map(optionSql).join(', ')})` : '');

const createSql = (v: ViewDef, replace: boolean): string => v.materialized
  ? `CREATE MATERIALIZED VIEW ${quoteQualified(v.name)}${v.accessMethod ? ` USING ${quoteIdent(v.accessMethod)}` : ''}${withOptions(v)} AS\n${v.query}\nWITH DATA`
  : `CREATE ${replace ? 'OR REPLACE ' : ''}VIEW ${quoteQualified(v.name)}${withOptions(v)} AS\n${v.query}`;

const what = (v: ViewDef): string => (v.materialized ? 'MATERIALIZED VIEW' : 'VIEW');

export const viewEmitters = {
  create_view: (c: ChangeOf<'create_view'>): Statement[] => [main(createSql(c.view, false))],
  drop_view: (c: ChangeOf<'drop_view'>): Statement[] => [main(`DROP ${what(c.view)} ${quoteQualified(c.view.name)}`)],
  replace_view: (c: ChangeOf<'replace_view'>): Statement[] => [main(createSql(c.to, true))],
  set_view_options: (c: ChangeOf<'set_view_options'>): Statement[] => [
    ...(c.reset.length ? [main(`ALTER ${what(c.view)} ${quoteQualified(c.view.name)} RESET (${c.reset.join(', ')})`)] : []),
    ...(c.set.length ? [main(`ALTER ${what(c.view)} ${quoteQualified(c.view.name)} SET (${c.set.map(optionSql).join(', ')})`)] : []),
  ],
};
