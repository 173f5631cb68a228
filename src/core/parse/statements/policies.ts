/**
 * CREATE POLICY, and ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY (from ALTER TABLE).
 * USING and WITH CHECK come back canonical from the server; the roles are kept from the source
 * (the scratch database has no roles but its own: the policy is loaded there TO PUBLIC).
 */
import { deparseNode, type Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import type { QualifiedName } from '../../model/names.js';
import type { DraftRole } from '../drafts.js';
import { namedRefs } from '../../canon/body-refs.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { addBody } from './bodies.js';

/** A RoleSpec node → DraftRole. */
export const draftRole = (spec: Node): DraftRole => {
  switch (spec['roletype']) {
    case 'ROLESPEC_PUBLIC': return { public: true };
    case 'ROLESPEC_CURRENT_USER': case 'ROLESPEC_SESSION_USER': case 'ROLESPEC_CURRENT_ROLE': return { currentUser: true };
    default: return { name: String(spec['rolename']) };
  }
};

export const createPolicy = (stmt: Node, ctx: StatementContext): void => {
  const table = rangeVarName(stmt['table']);
  const key = `${keyOfName(table)}.${truncateIdentifier(stmt['policy_name'])}`;
  const roles = (stmt['roles'] ?? []).map((r: Node) => draftRole(r['RoleSpec']));
  const scratch = deparseNode({ CreatePolicyStmt: { ...stmt, roles: [{ RoleSpec: { roletype: 'ROLESPEC_PUBLIC' } }] } });
  addBody(ctx, {
    kind: 'policy', key, provides: [`policy:${key}`], requires: [`table:${keyOfName(table)}`, ...namedRefs([stmt['qual'], stmt['with_check']])],
    sql: scratch, roles: roles.length ? roles : [{ public: true }],
  }, stmt['table']?.location);
};

const RLS: Readonly<Record<string, { enabled?: boolean; forced?: boolean }>> = {
  AT_EnableRowSecurity: { enabled: true }, AT_DisableRowSecurity: { enabled: false },
  AT_ForceRowSecurity: { forced: true }, AT_NoForceRowSecurity: { forced: false },
};

export const isRowSecurityCommand = (subtype: string): boolean => subtype in RLS;

export const rowSecurityCommand = (subtype: string, table: QualifiedName, ctx: StatementContext): void => {
  const key = keyOfName(table);
  const cur = ctx.draft.rowSecurity.get(key) ?? { table, enabled: null, forced: null, span: ctx.span() };
  const change = RLS[subtype]!;
  ctx.draft.rowSecurity.set(key, {
    ...cur, ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), ...(change.forced !== undefined ? { forced: change.forced } : {}),
  });
};
