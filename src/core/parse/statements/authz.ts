/**
 * COMMENT ON, ALTER ... OWNER TO, GRANT / REVOKE and ALTER DEFAULT PRIVILEGES. Read in statement
 * order into the draft; what they name is resolved against the whole desired model at the end
 * (core/authz/resolve.ts), since a GRANT ON TABLE may name a view, and statements come in any
 * order across files.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import type { DraftTarget } from '../drafts.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { draftRole } from './policies.js';
import { castKeyOfPair } from './casts.js';

const strs = (items: readonly Node[] | undefined): string[] => (items ?? []).map((n) => truncateIdentifier(String(n['String']?.sval ?? '')));

/** `[schema?, name]` → `schema.name` (unqualified: the default schema). */
const qualified = (parts: readonly string[]): string =>
  parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : `${DEFAULT_SCHEMA}.${parts[0] ?? ''}`;

/** `[schema?, relation, sub]` → key of the relation and the sub-object name. */
const onRelation = (parts: readonly string[]): { key: string; sub: string } =>
  ({ key: qualified(parts.slice(0, -1)), sub: parts[parts.length - 1] ?? '' });

const SPELLED: Readonly<Record<string, DraftTarget['spelled']>> = {
  OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_SEQUENCE: 'sequence', OBJECT_INDEX: 'index',
  OBJECT_COLUMN: 'column', OBJECT_TABCONSTRAINT: 'constraint', OBJECT_DOMCONSTRAINT: 'domain constraint', OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'domain', OBJECT_COLLATION: 'collation',
  OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'procedure', OBJECT_ROUTINE: 'routine', OBJECT_AGGREGATE: 'aggregate',
  OBJECT_TRIGGER: 'trigger', OBJECT_POLICY: 'policy', OBJECT_RULE: 'rule', OBJECT_STATISTIC_EXT: 'statistics',
  OBJECT_EVENT_TRIGGER: 'event trigger', OBJECT_FOREIGN_TABLE: 'table', OBJECT_FDW: 'foreign data wrapper',
  OBJECT_FOREIGN_SERVER: 'server', OBJECT_PUBLICATION: 'publication', OBJECT_CAST: 'cast',
};

/** Names of objects that live outside any schema: roles, databases, tablespaces are the cluster's. */
const CLUSTER_LEVEL = new Set(['OBJECT_DATABASE', 'OBJECT_ROLE', 'OBJECT_TABLESPACE']);

const typeNameParts = (n: Node): string[] => strs(n['TypeName']?.names ?? n['List']?.items ?? []);

/** The object a COMMENT / OWNER TO / GRANT names, or null (reported) for kinds not managed. */
export const draftTarget = (objtype: string, object: Node, ctx: StatementContext, what: string): DraftTarget | null => {
  const spelled = SPELLED[objtype];
  if (!spelled) {
    const kind = String(objtype).replace(/^OBJECT_/, '').replace(/_/g, ' ');
    if (CLUSTER_LEVEL.has(objtype)) ctx.error('unsupported_statement', `${what} on a ${kind.toLowerCase()} is not supported: roles, databases and tablespaces belong to the cluster, not to a schema`, null, 'manage them outside schema/');
    else ctx.unsupported(`${what} ON ${kind}`);
    return null;
  }
  const span = ctx.span();
  switch (spelled) {
    case 'schema': case 'extension': case 'event trigger': case 'foreign data wrapper': case 'server': case 'publication': return { spelled, key: truncateIdentifier(String(object['String']?.sval ?? '')), span };
    case 'column': case 'constraint': case 'trigger': case 'policy': case 'rule':
      return { spelled, ...onRelation(strs(object['List']?.items)), span };
    case 'domain constraint': {
      const [type, con] = object['List']?.items ?? [];
      return { spelled, key: qualified(typeNameParts(type ?? {})), sub: truncateIdentifier(String(con?.['String']?.sval ?? '')), span };
    }
    case 'type': case 'domain': return { spelled, key: qualified(typeNameParts(object)), span };
    case 'cast': {
      const key = castKeyOfPair(object);
      if (key === null) { ctx.unsupported(`${what} ON CAST with a %TYPE type`); return null; }
      return { spelled, key, span };
    }
    case 'function': case 'procedure': case 'routine': case 'aggregate': {
      const o = object['ObjectWithArgs'];
      return { spelled, key: qualified(strs(o?.objname)), argTypes: o?.args_unspecified ? null : (o?.objargs ?? []).map((t: Node) => t['TypeName']), span };
    }
    default: {
      // relations and collations: a name list, or a RangeVar (GRANT ... ON TABLE t)
      const rv = object['RangeVar'];
      if (rv) return { spelled, key: `${rv.schemaname ?? DEFAULT_SCHEMA}.${truncateIdentifier(rv.relname)}`, span };
      return { spelled, key: qualified(strs(object['List']?.items ?? [object])), span };
    }
  }
};

export const commentOn = (stmt: Node, ctx: StatementContext): void => {
  const target = draftTarget(stmt['objtype'], stmt['object'], ctx, 'COMMENT');
  if (target) ctx.draft.authz.comments.push({ target, text: stmt['comment'] ?? null });
};

/** ALTER <kind> name OWNER TO role (tables, views, sequences: ALTER TABLE ... OWNER TO, see alter-table.ts). */
export const alterOwner = (stmt: Node, ctx: StatementContext): void => {
  // plpgsql is installed in every database and never part of the model; pg_dump writes
  // `ALTER [PROCEDURAL] LANGUAGE plpgsql OWNER TO ...` for it (older dumps), as it writes its comment.
  if (stmt['objectType'] === 'OBJECT_LANGUAGE' && stmt['object']?.['String']?.sval === 'plpgsql') return;
  const target = draftTarget(stmt['objectType'], stmt['object'], ctx, 'OWNER TO');
  if (target) ctx.draft.authz.owners.push({ target, role: draftRole(stmt['newowner']) });
};

export const relationOwner = (relation: Node, objtype: string, newowner: Node, ctx: StatementContext): void => {
  const spelled = objtype === 'OBJECT_VIEW' ? 'view' : objtype === 'OBJECT_MATVIEW' ? 'materialized view' : objtype === 'OBJECT_SEQUENCE' ? 'sequence' : 'relation';
  const key = `${relation['schemaname'] ?? DEFAULT_SCHEMA}.${truncateIdentifier(relation['relname'])}`;
  ctx.draft.authz.owners.push({ target: { spelled, key, span: ctx.span() }, role: draftRole(newowner) });
};

/** GRANT (privileges, not role membership) and REVOKE. */
export const grantStatement = (stmt: Node, ctx: StatementContext): void => {
  const objtype: string = stmt['objtype'];
  const grant = stmt['is_grant'] === true;
  const privileges = stmt['privileges']
    ? stmt['privileges'].map((p: Node) => ({ name: String(p['AccessPriv'].priv_name ?? 'all').toUpperCase(), columns: strs(p['AccessPriv'].cols) }))
    : 'all' as const;
  const grantees = (stmt['grantees'] ?? []).map((g: Node) => draftRole(g['RoleSpec']));
  const base = { grant, privileges, grantees, grantOption: stmt['grant_option'] === true, span: ctx.span() };
  if (stmt['targtype'] === 'ACL_TARGET_ALL_IN_SCHEMA') {
    ctx.draft.authz.grants.push({ ...base, targets: { allIn: strs(stmt['objects']), objtype, span: ctx.span() } });
    return;
  }
  // GRANT ... ON TABLE names any relation; the other kinds name what they say.
  const type = objtype === 'OBJECT_TABLE' ? 'relation-grant' : objtype;
  const targets: DraftTarget[] = [];
  for (const o of stmt['objects'] ?? []) {
    if (type === 'relation-grant') {
      const rv = o['RangeVar'];
      targets.push({ spelled: 'relation', key: `${rv.schemaname ?? DEFAULT_SCHEMA}.${truncateIdentifier(rv.relname)}`, span: ctx.span() });
      continue;
    }
    // GRANT ON SCHEMA s / LANGUAGE l give bare names; functions ObjectWithArgs; types TypeName-ish lists.
    const object = objtype === 'OBJECT_SCHEMA' ? o : objtype === 'OBJECT_TYPE' || objtype === 'OBJECT_DOMAIN' ? { List: { items: o['List']?.items ?? [o] } } : o;
    const t = draftTarget(objtype, object, ctx, grant ? 'GRANT' : 'REVOKE');
    if (!t) return;
    targets.push(t);
  }
  ctx.draft.authz.grants.push({ ...base, targets });
};

/** ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT / REVOKE ... ON TABLES | SEQUENCES | FUNCTIONS | TYPES | SCHEMAS. */
export const alterDefaultPrivileges = (stmt: Node, ctx: StatementContext): void => {
  const opts: Node[] = (stmt['options'] ?? []).map((o: Node) => o['DefElem']);
  const roles = (opts.find((o) => o.defname === 'roles')?.arg?.List?.items ?? []).map((r: Node) => draftRole(r['RoleSpec']));
  const schemas = strs(opts.find((o) => o.defname === 'schemas')?.arg?.List?.items);
  const a = stmt['action'];
  ctx.draft.authz.defaultGrants.push({
    roles, schemas, objtype: a.objtype, grant: a.is_grant === true,
    privileges: a.privileges ? a.privileges.map((p: Node) => String(p['AccessPriv'].priv_name).toUpperCase()) : 'all',
    grantees: (a.grantees ?? []).map((g: Node) => draftRole(g['RoleSpec'])), grantOption: a.grant_option === true, span: ctx.span(),
  });
};
