/** Row-level security and policies. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { PolicyDef } from '../../model/objects.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { main } from './context.js';

/** Roles as a TO list: PUBLIC as the keyword, the rest quoted names. */
const roleList = (roles: readonly string[]): string => roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ');

export const createPolicySql = (p: PolicyDef): string => [
  `CREATE POLICY ${quoteIdent(p.name)} ON ${quoteQualified(p.table)}`,
  `AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`,
  `FOR ${p.command.toUpperCase()}`,
  `TO ${roleList(p.roles)}`,
  ...(p.using !== null ? [`USING (${p.using})`] : []),
  ...(p.withCheck !== null ? [`WITH CHECK (${p.withCheck})`] : []),
].join(' ');

export const policyEmitters = {
  set_row_security: (c: ChangeOf<'set_row_security'>): Statement[] => [
    ...(c.enabled === null ? [] : [main(`ALTER TABLE ${quoteQualified(c.table)} ${c.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`)]),
    ...(c.forced === null ? [] : [main(`ALTER TABLE ${quoteQualified(c.table)} ${c.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`)]),
  ],
  create_policy: (c: ChangeOf<'create_policy'>): Statement[] => [main(createPolicySql(c.policy))],
  drop_policy: (c: ChangeOf<'drop_policy'>): Statement[] => [main(`DROP POLICY ${quoteIdent(c.policy.name)} ON ${quoteQualified(c.policy.table)}`)],
  alter_policy: (c: ChangeOf<'alter_policy'>): Statement[] => {
    const parts = [`ALTER POLICY ${quoteIdent(c.to.name)} ON ${quoteQualified(c.to.table)}`];
    if (c.from.roles.join(',') !== c.to.roles.join(',')) parts.push(`TO ${roleList(c.to.roles)}`);
    // ALTER POLICY cannot remove an expression; a removed USING / WITH CHECK is a drop and create (see diff/policies.ts).
    if (c.to.using !== null && c.to.using !== c.from.using) parts.push(`USING (${c.to.using})`);
    if (c.to.withCheck !== null && c.to.withCheck !== c.from.withCheck) parts.push(`WITH CHECK (${c.to.withCheck})`);
    return [main(parts.join(' '))];
  },
};
