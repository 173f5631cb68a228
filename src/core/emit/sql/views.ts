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
import { typeToSql } from '../../canon/type-names.js';

const withOptions = (v: ViewDef): string => (v.options.length ? ` WITH (${v.options.map(optionSql).join(', ')})` : '');

const createSql = (v: ViewDef, replace: boolean): string => v.materialized
  ? `CREATE MATERIALIZED VIEW ${quoteQualified(v.name)}${v.accessMethod ? ` USING ${quoteIdent(v.accessMethod)}` : ''}${withOptions(v)} AS\n${v.query}\nWITH DATA`
  : `CREATE ${replace ? 'OR REPLACE ' : ''}VIEW ${quoteQualified(v.name)}${withOptions(v)} AS\n${v.query}`;

const sameColumns = (a: ViewDef, b: ViewDef): boolean =>
  a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i]!.name && typeToSql(c.type) === typeToSql(b.columns[i]!.type));

const what = (v: ViewDef): string => (v.materialized ? 'MATERIALIZED VIEW' : 'VIEW');

/** ALTER VIEW ... SET / DROP DEFAULT for the columns whose default differs from `from`'s (none: a new view). */
const columnDefaults = (v: ViewDef, from: ViewDef | null): Statement[] => {
  const before = new Map((from?.columns ?? []).map((c) => [c.name, c.default]));
  return v.columns.filter((c) => c.default !== before.get(c.name)).map((c) => main(
    `ALTER VIEW ${quoteQualified(v.name)} ALTER COLUMN ${quoteIdent(c.name)} ${c.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${c.default}`}`));
};

export const viewEmitters = {
  create_view: (c: ChangeOf<'create_view'>): Statement[] => [main(createSql(c.view, false)), ...columnDefaults(c.view, null)],
  drop_view: (c: ChangeOf<'drop_view'>): Statement[] => [main(`DROP ${what(c.view)} ${quoteQualified(c.view.name)}`)],
  // CREATE OR REPLACE VIEW keeps the columns' defaults: only the changed ones are set.
  replace_view: (c: ChangeOf<'replace_view'>): Statement[] => [
    ...(c.from.query === c.to.query && sameColumns(c.from, c.to) ? [] : [main(createSql(c.to, true))]), ...columnDefaults(c.to, c.from)],
  set_view_options: (c: ChangeOf<'set_view_options'>): Statement[] => [
    ...(c.reset.length ? [main(`ALTER ${what(c.view)} ${quoteQualified(c.view.name)} RESET (${c.reset.join(', ')})`)] : []),
    ...(c.set.length ? [main(`ALTER ${what(c.view)} ${quoteQualified(c.view.name)} SET (${c.set.map(optionSql).join(', ')})`)] : []),
  ],
};
