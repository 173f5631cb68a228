/** Comments, owners, privileges and default privileges. */
import type { ChangeOf, PrivilegeChange } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { DefaultPrivilegeDef } from '../../model/objects.js';
import { parseGrant } from '../../canon/acl.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { main } from './context.js';

const role = (r: string): string => (r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r));

const privilegeList = (c: PrivilegeChange): string =>
  c.privileges.map((p) => (c.column ? `${p} (${quoteIdent(c.column)})` : p)).join(', ');

const DEFAULT_OBJECTS: Readonly<Record<DefaultPrivilegeDef['objectType'], string>> = {
  tables: 'TABLES', sequences: 'SEQUENCES', functions: 'FUNCTIONS', types: 'TYPES', schemas: 'SCHEMAS',
};

/** GRANT / REVOKE statements taking a default-privilege entry from `from` to `to` (null: the built-in default). */
const defaultPrivilegeStatements = (c: ChangeOf<'set_default_privileges'>, builtin: readonly string[]): Statement[] => {
  const d = (c.to ?? c.from)!;
  const head = `ALTER DEFAULT PRIVILEGES FOR ROLE ${role(d.role)}${d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : ''}`;
  const before = new Set(c.from?.grants ?? builtin);
  const after = new Set(c.to?.grants ?? builtin);
  const out: Statement[] = [];
  const on = DEFAULT_OBJECTS[d.objectType];
  for (const g of before) {
    if (after.has(g)) continue;
    const p = parseGrant(g);
    // Only the grant option goes when the plain privilege stays.
    const optionOnly = p.grantable && after.has(`${p.grantee}=${p.privilege}`);
    out.push(main(`${head} REVOKE ${optionOnly ? 'GRANT OPTION FOR ' : ''}${p.privilege} ON ${on} FROM ${role(p.grantee)}`));
  }
  for (const g of after) {
    if (before.has(g)) continue;
    const p = parseGrant(g);
    out.push(main(`${head} GRANT ${p.privilege} ON ${on} TO ${role(p.grantee)}${p.grantable ? ' WITH GRANT OPTION' : ''}`));
  }
  return out;
};

/** The built-in default grants (non-owner part) of a default-privilege object type, for a global entry. */
export const builtinDefaultGrants = (d: Pick<DefaultPrivilegeDef, 'objectType' | 'schema'>): readonly string[] =>
  d.schema !== null ? [] : d.objectType === 'functions' ? ['PUBLIC=EXECUTE'] : d.objectType === 'types' ? ['PUBLIC=USAGE'] : [];

export const authzEmitters = {
  set_comment: (c: ChangeOf<'set_comment'>): Statement[] =>
    [main(`COMMENT ON ${c.targetSql} IS ${c.text === null ? 'NULL' : quoteLiteral(c.text)}`)],
  set_owner: (c: ChangeOf<'set_owner'>): Statement[] => [main(`ALTER ${c.targetSql} OWNER TO ${role(c.role)}`)],
  grant: (c: ChangeOf<'grant'>): Statement[] =>
    [main(`GRANT ${privilegeList(c)} ON ${c.targetSql} TO ${role(c.grantee)}${c.grantOption ? ' WITH GRANT OPTION' : ''}`)],
  revoke: (c: ChangeOf<'revoke'>): Statement[] =>
    [main(`REVOKE ${c.grantOption ? 'GRANT OPTION FOR ' : ''}${privilegeList(c)} ON ${c.targetSql} FROM ${role(c.grantee)}`)],
  set_default_privileges: (c: ChangeOf<'set_default_privileges'>): Statement[] =>
    defaultPrivilegeStatements(c, builtinDefaultGrants((c.to ?? c.from)!)),
};
