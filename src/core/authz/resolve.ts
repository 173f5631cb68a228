/**
 * The desired comments, owners, privileges and default privileges: the source's COMMENT ON,
 * OWNER TO, GRANT / REVOKE and ALTER DEFAULT PRIVILEGES statements applied, in order, to the
 * canonicalised model. Needs the target: the role that applies the migration (the owner of what
 * the source gives no owner, CURRENT_USER in a statement) and its major (what ALL means).
 *
 * Owners and privileges are managed when the source declares them (`auto`) or always; otherwise
 * their records stay empty and the live ones are left out of the comparison
 * (plan/management.ts).
 */
import type { Node } from '../parse/pg-query.js';
import type { AuthzDraft, DraftBody, DraftRole, DraftTarget } from '../parse/drafts.js';
import type { Schema } from '../model/schema.js';
import type {
  CommentDef, DefaultPrivilegeDef, DefaultPrivilegeObject, ObjectKind, ObjectRef, OwnerDef, PolicyDef, PrivilegeDef, SourceSpan,
} from '../model/objects.js';
import { objectRefKey } from '../model/objects.js';
import { defaultPrivilegeKey, functionKey } from '../model/schema.js';
import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import { ALL_PRIVILEGES, applyGrant, parseGrant, type AclObjectType } from '../canon/acl.js';
import { argType } from '../canon/routine-args.js';
import { signatureTypeKey } from '../canon/type-names.js';
import { aclType, defaultGrants, initialGrants } from './initial-grants.js';
import { builtinDefaultGrants } from '../emit/sql/authz.js';
import { targetExists } from '../model/targets.js';
import { CURRENT_USER_MAPPING, userMappingKey, type UserMappingDef } from '../model/foreign.js';

export type ManageMode = 'auto' | 'always' | 'never';

export interface AuthzContext {
  /** The role that applies migrations on the target. */
  readonly currentUser: string;
  readonly major: number;
  readonly manage: { readonly owners: ManageMode; readonly privileges: ManageMode };
}

export interface AuthzResult {
  readonly schema: Schema;
  readonly diagnostics: readonly Diagnostic[];
  readonly managed: { readonly owners: boolean; readonly privileges: boolean };
}

const roleName = (r: DraftRole, ctx: AuthzContext): string => ('public' in r ? 'PUBLIC' : 'currentUser' in r ? ctx.currentUser : r.name);

const split = (key: string): [string, string] => {
  const i = key.lastIndexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** A routine named with argument types (or without: the one routine of its name). */
const routineKeys = (t: DraftTarget, s: Schema): string[] => {
  const all = [...Object.values(s.functions), ...Object.values(s.aggregates)].filter((f) => `${f.name.schema}.${f.name.name}` === t.key);
  if (t.argTypes === null || t.argTypes === undefined) return all.map(functionKey);
  const sig = t.argTypes.map((n: Node) => (n['pct_type'] ? null : signatureTypeKey(argType(n))));
  if (sig.includes(null)) return all.map(functionKey).slice(0, 1);
  const key = `${t.key}(${sig.join(',')})`;
  return all.some((f) => functionKey(f) === key) ? [key] : [];
};

/** The model object a statement names, or a reason it names none. */
export const resolveTarget = (t: DraftTarget, s: Schema): ObjectRef | string => {
  const found = (kind: ObjectKind, key: string): ObjectRef | string =>
    targetExists(s, { kind, key }) ? { kind, key } : `${kind} ${key} is declared nowhere`;
  switch (t.spelled) {
    case 'relation': {
      if (t.key in s.tables) return { kind: 'table', key: t.key };
      const v = s.views[t.key];
      if (v) return { kind: v.materialized ? 'materialized view' : 'view', key: t.key };
      if (t.key in s.sequences) return { kind: 'sequence', key: t.key };
      return `relation ${t.key} is declared nowhere`;
    }
    case 'type': return t.key in s.domains ? { kind: 'domain', key: t.key } : found('type', t.key);
    case 'column': case 'constraint': case 'trigger': case 'policy': case 'rule': case 'domain constraint':
      return found(t.spelled, `${t.key}.${t.sub ?? ''}`);
    case 'routine': case 'function': case 'procedure': case 'aggregate': {
      const keys = routineKeys(t, s);
      if (keys.length !== 1) {
        return keys.length === 0 ? `${t.spelled} ${t.key} with these argument types is declared nowhere`
          : `${t.spelled} ${t.key} without argument types is ambiguous: ${keys.length} routines have that name`;
      }
      const key = keys[0]!;
      const kind: ObjectKind = key in s.aggregates ? 'aggregate' : s.functions[key]!.routineKind;
      return { kind, key };
    }
    default: return found(t.spelled, t.key);
  }
};

/** Every object that has an owner in the model (sequences owned by a column follow their table). */
const ownable = (s: Schema): ObjectRef[] => [
  ...Object.keys(s.schemas).filter((k) => k !== 'public').map((key): ObjectRef => ({ kind: 'schema', key })),
  ...Object.keys(s.tables).map((key): ObjectRef => ({ kind: 'table', key })),
  ...Object.entries(s.views).map(([key, v]): ObjectRef => ({ kind: v.materialized ? 'materialized view' : 'view', key })),
  ...Object.entries(s.sequences).filter(([, q]) => q.ownedBy === null).map(([key]): ObjectRef => ({ kind: 'sequence', key })),
  ...Object.entries(s.functions).map(([key, f]): ObjectRef => ({ kind: f.routineKind, key })),
  ...Object.keys(s.aggregates).map((key): ObjectRef => ({ kind: 'aggregate', key })),
  ...[...Object.keys(s.enums), ...Object.keys(s.compositeTypes), ...Object.keys(s.rangeTypes)].map((key): ObjectRef => ({ kind: 'type', key })),
  ...Object.keys(s.domains).map((key): ObjectRef => ({ kind: 'domain', key })),
  ...Object.keys(s.collations).map((key): ObjectRef => ({ kind: 'collation', key })),
  ...Object.keys(s.statistics).map((key): ObjectRef => ({ kind: 'statistics', key })),
  ...Object.keys(s.eventTriggers).map((key): ObjectRef => ({ kind: 'event trigger', key })),
  ...Object.keys(s.foreignDataWrappers).map((key): ObjectRef => ({ kind: 'foreign data wrapper', key })),
  ...Object.keys(s.foreignServers).map((key): ObjectRef => ({ kind: 'server', key })),
  ...Object.keys(s.publications).map((key): ObjectRef => ({ kind: 'publication', key })),
];

/** Objects with an ACL (all sequences: a serial's has its own). */
const withAcl = (s: Schema): ObjectRef[] => [
  ...ownable(s).filter((t) => t.kind !== 'collation' && t.kind !== 'statistics' && t.kind !== 'event trigger' && t.kind !== 'publication'),
  ...Object.entries(s.sequences).filter(([, q]) => q.ownedBy !== null).map(([key]): ObjectRef => ({ kind: 'sequence', key })),
];

const ALL_IN_SCHEMA: Readonly<Record<string, (s: Schema, schema: string) => ObjectRef[]>> = {
  OBJECT_TABLE: (s, n) => [
    ...Object.keys(s.tables).filter((k) => k.startsWith(`${n}.`)).map((key): ObjectRef => ({ kind: 'table', key })),
    ...Object.entries(s.views).filter(([k]) => k.startsWith(`${n}.`)).map(([key, v]): ObjectRef => ({ kind: v.materialized ? 'materialized view' : 'view', key })),
  ],
  OBJECT_SEQUENCE: (s, n) => Object.keys(s.sequences).filter((k) => k.startsWith(`${n}.`)).map((key): ObjectRef => ({ kind: 'sequence', key })),
  OBJECT_FUNCTION: (s, n) => [
    ...Object.entries(s.functions).filter(([k, f]) => k.startsWith(`${n}.`) && f.routineKind === 'function').map(([key]): ObjectRef => ({ kind: 'function', key })),
    ...Object.keys(s.aggregates).filter((k) => k.startsWith(`${n}.`)).map((key): ObjectRef => ({ kind: 'aggregate', key })),
  ],
  OBJECT_PROCEDURE: (s, n) => Object.entries(s.functions).filter(([k, f]) => k.startsWith(`${n}.`) && f.routineKind === 'procedure').map(([key]): ObjectRef => ({ kind: 'procedure', key })),
  OBJECT_ROUTINE: (s, n) => [...ALL_IN_SCHEMA['OBJECT_FUNCTION']!(s, n), ...ALL_IN_SCHEMA['OBJECT_PROCEDURE']!(s, n)],
};

/** What ALL means on a kind, on this major (MAINTAIN exists from PostgreSQL 17). */
const allOf = (k: AclObjectType, major: number): readonly string[] =>
  ALL_PRIVILEGES[k].filter((p) => p !== 'MAINTAIN' || major >= 17);

const DEFAULT_OBJECTS: Readonly<Record<string, { type: DefaultPrivilegeObject; acl: AclObjectType }>> = {
  OBJECT_TABLE: { type: 'tables', acl: 'table' }, OBJECT_SEQUENCE: { type: 'sequences', acl: 'sequence' },
  OBJECT_FUNCTION: { type: 'functions', acl: 'function' }, OBJECT_ROUTINE: { type: 'functions', acl: 'function' },
  OBJECT_PROCEDURE: { type: 'functions', acl: 'function' }, OBJECT_TYPE: { type: 'types', acl: 'type' },
  OBJECT_DOMAIN: { type: 'types', acl: 'type' }, OBJECT_SCHEMA: { type: 'schemas', acl: 'schema' },
};

/** What `initdb` grants on the `public` schema: USAGE to PUBLIC, and CREATE too before PostgreSQL 15. */
export const publicSchemaGrants = (major: number): readonly string[] => (major >= 15 ? ['PUBLIC=USAGE'] : ['PUBLIC=CREATE', 'PUBLIC=USAGE']);

/** Apply one ALTER DEFAULT PRIVILEGES to the entries so far (keyed by defaultPrivilegeKey). */
const applyDefaultGrant = (defaults: Map<string, DefaultPrivilegeDef>, d: AuthzDraft['defaultGrants'][number], ctx: AuthzContext, problems: Diagnostic[]): void => {
  const obj = DEFAULT_OBJECTS[d.objtype];
  if (!obj) { problems.push(diagnostic('unsupported_clause', `ALTER DEFAULT PRIVILEGES ... ON ${d.objtype.replace(/^OBJECT_/, '')} is not supported`, d.span)); return; }
  const roles = d.roles.length ? d.roles.map((r) => roleName(r, ctx)) : [ctx.currentUser];
  const grantees = d.grantees.map((r) => roleName(r, ctx));
  const privs = d.privileges === 'all' ? allOf(obj.acl, ctx.major) : d.privileges;
  for (const role of roles) {
    for (const schemaName of d.schemas.length ? d.schemas : [null]) {
      const base = { kind: 'default_privileges' as const, role, schema: schemaName, objectType: obj.type };
      const k = defaultPrivilegeKey(base);
      const cur = defaults.get(k) ?? { ...base, grants: [...builtinDefaultGrants(base)], source: d.span };
      defaults.set(k, { ...cur, grants: applyGrant(cur.grants, { grant: d.grant, privileges: privs, grantees: grantees.filter((g) => g !== role), grantOption: d.grantOption }) });
    }
  }
};

/** Source order: files in the order they are read (sorted paths), then line and column. */
const compareSpans = (a: SourceSpan, b: SourceSpan): number =>
  a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line !== b.line ? a.line - b.line : a.column - b.column;

/** Where the source creates an object (a serial's sequence: with its table). */
const createdAt = (s: Schema, t: ObjectRef): SourceSpan | null => {
  const src = (o: { readonly source: SourceSpan | null } | undefined): SourceSpan | null => o?.source ?? null;
  switch (t.kind) {
    case 'schema': return src(s.schemas[t.key]);
    case 'table': return src(s.tables[t.key]);
    case 'view': case 'materialized view': return src(s.views[t.key]);
    case 'sequence': {
      const q = s.sequences[t.key];
      return q?.ownedBy ? src(s.tables[`${q.ownedBy.table.schema}.${q.ownedBy.table.name}`]) ?? src(q) : src(q);
    }
    case 'function': case 'procedure': return src(s.functions[t.key]);
    case 'aggregate': return src(s.aggregates[t.key]);
    case 'type': return src(s.enums[t.key] ?? s.compositeTypes[t.key] ?? s.rangeTypes[t.key]);
    case 'domain': return src(s.domains[t.key]);
    default: return null;
  }
};

export const resolveAuthz = (schema: Schema, draft: AuthzDraft, bodies: readonly DraftBody[], ctx: AuthzContext): AuthzResult => {
  const problems: Diagnostic[] = [];
  const target = (t: DraftTarget): ObjectRef | null => {
    const r = resolveTarget(t, schema);
    if (typeof r === 'string') { problems.push(diagnostic('unknown_reference', r, t.span)); return null; }
    return r;
  };

  // Comments: the last statement for an object wins; IS NULL removes it.
  const comments = new Map<string, CommentDef>();
  for (const c of draft.comments) {
    // plpgsql is always installed and never part of the model (pg_dump writes its comment).
    if (c.target.spelled === 'extension' && c.target.key === 'plpgsql') continue;
    const t = target(c.target);
    if (!t) continue;
    if (c.text === null) comments.delete(objectRefKey(t));
    else comments.set(objectRefKey(t), { kind: 'comment', target: t, text: c.text, source: c.target.span });
  }

  const ownersManaged = ctx.manage.owners === 'always' || (ctx.manage.owners === 'auto' && draft.owners.length > 0);
  const owners = new Map<string, OwnerDef>();
  if (ownersManaged) {
    for (const t of ownable(schema)) owners.set(objectRefKey(t), { kind: 'owner', target: t, role: ctx.currentUser, source: null });
    for (const o of draft.owners) {
      const t = target(o.target);
      // A serial's sequence follows its table's owner (pg_dump still writes its OWNER TO).
      if (t?.kind === 'sequence' && schema.sequences[t.key]?.ownedBy) continue;
      if (t) owners.set(objectRefKey(t), { kind: 'owner', target: t, role: roleName(o.role, ctx), source: o.target.span });
    }
  }
  // The public schema belongs to pg_database_owner from PostgreSQL 15 (initdb), so a grant to the
  // role that applies migrations is a grant like any other there (pg_dump writes GRANT ALL ON
  // SCHEMA public TO postgres); before 15 it belongs to the bootstrap superuser.
  const defaultOwner = (t: ObjectRef): string => (t.kind === 'schema' && t.key === 'public' && ctx.major >= 15 ? 'pg_database_owner' : ctx.currentUser);
  const ownerOf = (t: ObjectRef): string => owners.get(objectRefKey(t))?.role
    ?? owners.get(objectRefKey({ kind: t.kind === 'column' ? 'table' : t.kind, key: t.kind === 'column' ? split(t.key)[0] : t.key }))?.role ?? defaultOwner(t);

  const privilegesManaged = ctx.manage.privileges === 'always'
    || (ctx.manage.privileges === 'auto' && (draft.grants.length > 0 || draft.defaultGrants.length > 0));
  const privileges = new Map<string, PrivilegeDef>();
  const defaults = new Map<string, DefaultPrivilegeDef>();
  if (privilegesManaged) {
    // Default privileges as each ALTER DEFAULT PRIVILEGES leaves them, in source order: an object
    // starts with those in force where the source creates it (initial-grants.ts).
    const stages = [new Map<string, DefaultPrivilegeDef>()];
    for (const d of draft.defaultGrants) {
      const next = new Map(stages[stages.length - 1]);
      applyDefaultGrant(next, d, ctx, problems);
      stages.push(next);
    }
    const startGrants = (t: ObjectRef): readonly string[] => {
      if (objectRefKey(t) === 'schema:public') return publicSchemaGrants(ctx.major);
      const at = createdAt(schema, t);
      if (at === null) return defaultGrants(t);
      const before = draft.defaultGrants.filter((d) => compareSpans(d.span, at) < 0).length;
      return before === 0 ? defaultGrants(t) : initialGrants(t, ctx.currentUser, Object.fromEntries(stages[before]!));
    };
    for (const t of withAcl(schema)) privileges.set(objectRefKey(t), { kind: 'privileges', target: t, grants: [...startGrants(t)], source: null });
    const apply = (t: ObjectRef, op: { grant: boolean; privileges: readonly string[]; grantees: readonly string[]; grantOption: boolean }, at: DraftTarget['span']): void => {
      const k = objectRefKey(t);
      const start = startGrants(t);
      const cur = privileges.get(k) ?? { kind: 'privileges' as const, target: t, grants: [...start], source: null };
      // The owner's own rights are implicit: grants to the owner are not part of the set.
      const grantees = op.grantees.filter((g) => g !== ownerOf(t));
      privileges.set(k, { ...cur, grants: applyGrant(cur.grants, { ...op, grantees }), source: cur.source ?? at });
    };
    for (const g of draft.grants) {
      const targets = Array.isArray(g.targets)
        ? g.targets.map(target).filter((t): t is ObjectRef => t !== null)
        : (g.targets as { allIn: readonly string[]; objtype: string }).allIn.flatMap((n) => ALL_IN_SCHEMA[(g.targets as { objtype: string }).objtype]?.(schema, n) ?? []);
      const grantees = g.grantees.map((r) => roleName(r, ctx));
      for (const t of targets) {
        const k = aclType(t);
        if (k === null) { problems.push(diagnostic('invalid_definition', `${t.kind} ${t.key} has no privileges to grant`, g.span)); continue; }
        if (g.privileges === 'all') { apply(t, { grant: g.grant, privileges: allOf(k, ctx.major), grantees, grantOption: g.grantOption }, g.span); continue; }
        for (const p of g.privileges) {
          const names = p.name === 'ALL' ? allOf(p.columns.length ? 'column' : k, ctx.major) : [p.name];
          const kind = p.columns.length ? 'column' : k;
          const bad = names.filter((n) => !allOf(kind, ctx.major).includes(n));
          if (bad.length) { problems.push(diagnostic('invalid_definition', `privilege ${bad.join(', ')} does not exist for ${kind === 'column' ? 'columns' : `${t.kind}s`}`, g.span)); continue; }
          if (p.columns.length) {
            for (const c of p.columns) apply({ kind: 'column', key: `${t.key}.${c}` }, { grant: g.grant, privileges: names, grantees, grantOption: g.grantOption }, g.span);
          } else {
            apply(t, { grant: g.grant, privileges: names, grantees, grantOption: g.grantOption }, g.span);
            // Revoking a table privilege revokes it on every column too.
            if (!g.grant && k === 'table') {
              for (const [ck, cp] of privileges) if (cp.target.kind === 'column' && ck.startsWith(`column:${t.key}.`)) apply(cp.target, { grant: false, privileges: names, grantees, grantOption: g.grantOption }, g.span);
            }
          }
        }
      }
    }
    for (const [k, d] of stages[stages.length - 1]!) defaults.set(k, d);
    // PostgreSQL keeps a default-privilege entry only while it differs from the built-in default.
    for (const [k, d] of defaults) if (d.grants.join(',') === builtinDefaultGrants(d).join(',')) defaults.delete(k);
    // The public schema's privileges count only when the source names them.
    if (!draft.grants.some((g) => Array.isArray(g.targets) && g.targets.some((t) => t.spelled === 'schema' && t.key === 'public'))) privileges.delete('schema:public');
  }
  // A policy's roles as the source names them (the scratch database had none of them).
  const policies: Record<string, PolicyDef> = {};
  for (const [k, p] of Object.entries(schema.policies)) {
    const body = bodies.find((b) => b.kind === 'policy' && !b.alter && b.key === k);
    const roles = body?.roles ? [...new Set(body.roles.map((r) => { const n = roleName(r, ctx); return n === 'PUBLIC' ? 'public' : n; }))].sort() : p.roles;
    policies[k] = { ...p, roles };
  }
  // CREATE USER MAPPING FOR CURRENT_USER maps the role that applies the plan.
  const mappings = new Map<string, UserMappingDef>();
  for (const m of Object.values(schema.userMappings)) {
    const u = m.user === CURRENT_USER_MAPPING ? { ...m, user: ctx.currentUser } : m;
    mappings.set(userMappingKey(u), u);
  }
  const sorted = <T>(m: Map<string, T>): Record<string, T> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    schema: { ...schema, comments: sorted(comments), owners: sorted(owners), privileges: sorted(privileges), defaultPrivileges: sorted(defaults), policies, userMappings: sorted(mappings) },
    diagnostics: problems,
    managed: { owners: ownersManaged, privileges: privilegesManaged },
  };
};

/** Grants of a privilege set for messages (`app=SELECT*` → `SELECT to app WITH GRANT OPTION`). */
export const describeGrant = (g: string): string => {
  const p = parseGrant(g);
  return `${p.privilege} to ${p.grantee}${p.grantable ? ' WITH GRANT OPTION' : ''}`;
};
