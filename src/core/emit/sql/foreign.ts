/**
 * Foreign-data wrappers, servers, user mappings and foreign-table options. A secret option is
 * never written with a value (none is known): CREATE leaves it out, ALTER only ever drops it.
 */
import type { ChangeOf, OptionChanges } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { ForeignDataWrapperDef, ForeignServerDef, UserMappingDef } from '../../model/foreign.js';
import type { QualifiedName } from '../../model/names.js';
import { optionName } from '../../canon/secret-options.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

const pair = (o: string): string => `${quoteIdent(optionName(o))} ${quoteLiteral(o.slice(o.indexOf('=') + 1))}`;

/** ` OPTIONS (name 'value', ...)` of a CREATE statement, or '' when there are none. */
export const optionsClause = (options: readonly string[]): string => (options.length ? ` OPTIONS (${options.map(pair).join(', ')})` : '');

/** `OPTIONS (ADD ..., SET ..., DROP ...)`, or null when nothing changes. */
export const alterOptionsSql = (o: OptionChanges): string | null => {
  const items = [...o.add.map((x) => `ADD ${pair(x)}`), ...o.set.map((x) => `SET ${pair(x)}`), ...o.drop.map((n) => `DROP ${quoteIdent(n)}`)];
  return items.length ? `OPTIONS (${items.join(', ')})` : null;
};

/** A user mapping's role as the statement names it. */
export const mappingUserSql = (m: { user: string }): string => (m.user === 'public' ? 'PUBLIC' : quoteIdent(m.user));

const fnClause = (word: string, f: QualifiedName | null): string => (f ? `${word} ${quoteQualified(f)}` : `NO ${word}`);

export const createWrapperSql = (w: ForeignDataWrapperDef): string =>
  `CREATE FOREIGN DATA WRAPPER ${quoteIdent(w.name)}${w.handler ? ` HANDLER ${quoteQualified(w.handler)}` : ''}${w.validator ? ` VALIDATOR ${quoteQualified(w.validator)}` : ''}${optionsClause(w.options)}`;

export const createServerSql = (s: ForeignServerDef): string =>
  `CREATE SERVER ${quoteIdent(s.name)}${s.type !== null ? ` TYPE ${quoteLiteral(s.type)}` : ''}${s.version !== null ? ` VERSION ${quoteLiteral(s.version)}` : ''} FOREIGN DATA WRAPPER ${quoteIdent(s.wrapper)}${optionsClause(s.options)}`;

export const createUserMappingSql = (m: UserMappingDef): string =>
  `CREATE USER MAPPING FOR ${mappingUserSql(m)} SERVER ${quoteIdent(m.server)}${optionsClause(m.options)}`;

const sameFn = (a: QualifiedName | null, b: QualifiedName | null): boolean => (a?.schema ?? null) === (b?.schema ?? null) && (a?.name ?? null) === (b?.name ?? null);

export const foreignEmitters = {
  create_foreign_data_wrapper: (c: ChangeOf<'create_foreign_data_wrapper'>): Statement[] => [main(createWrapperSql(c.wrapper))],
  drop_foreign_data_wrapper: (c: ChangeOf<'drop_foreign_data_wrapper'>): Statement[] => [main(`DROP FOREIGN DATA WRAPPER ${quoteIdent(c.wrapper.name)}`)],
  alter_foreign_data_wrapper: (c: ChangeOf<'alter_foreign_data_wrapper'>): Statement[] => {
    const parts = [
      ...(sameFn(c.from.handler, c.to.handler) ? [] : [fnClause('HANDLER', c.to.handler)]),
      ...(sameFn(c.from.validator, c.to.validator) ? [] : [fnClause('VALIDATOR', c.to.validator)]),
      ...[alterOptionsSql(c.options)].filter((x): x is string => x !== null),
    ];
    return [main(`ALTER FOREIGN DATA WRAPPER ${quoteIdent(c.to.name)} ${parts.join(' ')}`)];
  },
  create_server: (c: ChangeOf<'create_server'>): Statement[] => [main(createServerSql(c.server))],
  drop_server: (c: ChangeOf<'drop_server'>): Statement[] => [main(`DROP SERVER ${quoteIdent(c.server.name)}`)],
  alter_server: (c: ChangeOf<'alter_server'>): Statement[] => {
    const version = c.from.version !== c.to.version ? [`VERSION ${c.to.version === null ? 'NULL' : quoteLiteral(c.to.version)}`] : [];
    const parts = [...version, ...[alterOptionsSql(c.options)].filter((x): x is string => x !== null)];
    return [main(`ALTER SERVER ${quoteIdent(c.to.name)} ${parts.join(' ')}`)];
  },
  create_user_mapping: (c: ChangeOf<'create_user_mapping'>): Statement[] => [main(createUserMappingSql(c.mapping))],
  drop_user_mapping: (c: ChangeOf<'drop_user_mapping'>): Statement[] =>
    [main(`DROP USER MAPPING FOR ${mappingUserSql(c.mapping)} SERVER ${quoteIdent(c.mapping.server)}`)],
  alter_user_mapping: (c: ChangeOf<'alter_user_mapping'>): Statement[] =>
    [main(`ALTER USER MAPPING FOR ${mappingUserSql(c.mapping)} SERVER ${quoteIdent(c.mapping.server)} ${alterOptionsSql(c.options) ?? ''}`.trimEnd())],
  set_foreign_table_options: (c: ChangeOf<'set_foreign_table_options'>): Statement[] =>
    [main(`ALTER FOREIGN TABLE ${quoteQualified(c.table)} ${alterOptionsSql(c.options) ?? ''}`.trimEnd())],
  set_column_fdw_options: (c: ChangeOf<'set_column_fdw_options'>): Statement[] =>
    [main(`ALTER FOREIGN TABLE ${quoteQualified(c.table)} ALTER COLUMN ${quoteIdent(c.column)} ${alterOptionsSql(c.options) ?? ''}`.trimEnd())],
};
