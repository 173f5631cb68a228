/**
 * CREATE DOMAIN / ALTER DOMAIN, CREATE TYPE ... AS (composite), CREATE TYPE ... AS RANGE and
 * CREATE COLLATION. Read into drafts; canonical forms come from the shared canonicalisers once
 * every statement is read (resolve-types.ts).
 */
import type { Node } from '../pg-query.js';
import { anyName, keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import type { CollationDef } from '../../model/objects.js';
import { typeRefFromAst } from '../../canon/type-names.js';
import { qualifiedCollation } from './columns.js';

const duplicate = (ctx: StatementContext, what: string, key: string, at: { file: string; line: number }): void =>
  ctx.error('duplicate_object', `${what} ${key} is already declared at ${at.file}:${at.line}`);

export const createDomain = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['domainname']);
  const key = keyOfName(name);
  const prior = ctx.draft.domains.get(key);
  if (prior) { duplicate(ctx, 'domain', key, prior.span); return; }
  const d = {
    name, baseType: stmt['typeName'], collation: stmt['collClause'] ? qualifiedCollation(stmt['collClause'].collname) : null,
    notNull: false, defaultNode: null as Node | null, checks: [] as { node: Node; span: ReturnType<StatementContext['span']> }[], span: ctx.span(),
  };
  for (const c of (stmt['constraints'] ?? []).map((x: Node) => x['Constraint'])) {
    switch (c.contype) {
      case 'CONSTR_DEFAULT': d.defaultNode = c.raw_expr; break;
      case 'CONSTR_NOTNULL': d.notNull = true; break;
      case 'CONSTR_NULL': d.notNull = false; break;
      case 'CONSTR_CHECK':
        if (c.initially_valid === false || c.skip_validation) { ctx.unsupported('CHECK ... NOT VALID in CREATE DOMAIN', c.location); break; }
        d.checks.push({ node: c, span: ctx.span(c.location) });
        break;
      default: ctx.unsupported(`domain constraint ${String(c.contype).replace(/^CONSTR_/, '')}`, c.location);
    }
  }
  ctx.draft.domains.set(key, d);
};

/** ALTER DOMAIN: SET/DROP DEFAULT, SET/DROP NOT NULL, ADD CONSTRAINT ... CHECK, DROP CONSTRAINT. */
export const alterDomain = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['typeName']);
  const span = ctx.span();
  const push = (cmd: SchemaDraftAlter['cmd'], node: Node | null = null, constraintName: string | null = null): void => {
    ctx.draft.domainAlters.push({ name, cmd, node, constraintName, span });
  };
  switch (stmt['subtype']) {
    case 'T': push(stmt['def'] ? 'set_default' : 'drop_default', stmt['def'] ?? null); return;
    case 'O': push('set_not_null'); return;
    case 'N': push('drop_not_null'); return;
    case 'C': {
      const c = stmt['def']?.Constraint;
      if (c?.contype !== 'CONSTR_CHECK') { ctx.unsupported('ALTER DOMAIN ... ADD constraint other than CHECK'); return; }
      push('add_check', c);
      return;
    }
    case 'X': push('drop_constraint', null, stmt['name']); return;
    case 'V': return; // VALIDATE CONSTRAINT: the declared constraint is valid either way
    default: ctx.unsupported(`ALTER DOMAIN ... ${String(stmt['subtype'])}`);
  }
};
type SchemaDraftAlter = StatementContext['draft']['domainAlters'][number];

export const createCompositeType = (stmt: Node, ctx: StatementContext): void => {
  const name = rangeVarName(stmt['typevar']);
  const key = keyOfName(name);
  const prior = ctx.draft.compositeTypes.get(key);
  if (prior?.source) { duplicate(ctx, 'type', key, prior.source); return; }
  const attributes = (stmt['coldeflist'] ?? []).map((e: Node) => {
    const c = e['ColumnDef'];
    return { name: c.colname as string, type: typeRefFromAst(c.typeName), collation: c.collClause ? qualifiedCollation(c.collClause.collname) : null };
  });
  ctx.draft.compositeTypes.set(key, { kind: 'composite_type', name, attributes, source: ctx.span() });
};

export const createRangeType = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['typeName']);
  const key = keyOfName(name);
  const prior = ctx.draft.rangeTypes.get(key);
  if (prior) { duplicate(ctx, 'type', key, prior.span); return; }
  ctx.draft.rangeTypes.set(key, { name, params: (stmt['params'] ?? []).map((p: Node) => p['DefElem']), span: ctx.span() });
};

const defString = (arg: Node | undefined): string | null => {
  if (!arg) return null;
  if (arg['String']) return String(arg['String'].sval);
  if (arg['TypeName']) return (arg['TypeName'].names ?? []).map((n: Node) => n['String']?.sval).join('.');
  if (arg['Boolean']) return arg['Boolean'].boolval ? 'true' : 'false';
  if (arg['Integer']) return String(arg['Integer'].ival ?? 0);
  return null;
};

/** CREATE COLLATION name (provider = ..., locale = ..., ...). */
export const createCollation = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['defnames']);
  const key = keyOfName(name);
  if (stmt['definition'] === undefined) { ctx.unsupported('CREATE COLLATION ... FROM (copy an existing collation instead of naming its settings)'); return; }
  const prior = ctx.draft.collations.get(key);
  if (prior?.source) { duplicate(ctx, 'collation', key, prior.source); return; }
  const opts = new Map<string, string | null>((stmt['definition'] ?? []).map((d: Node) => [String(d['DefElem'].defname).toLowerCase(), defString(d['DefElem'].arg)]));
  const known = new Set(['provider', 'locale', 'lc_collate', 'lc_ctype', 'deterministic', 'rules', 'version']);
  for (const k of opts.keys()) if (!known.has(k)) { ctx.error('invalid_definition', `collation attribute "${k}" is not recognized`); return; }
  const provider = (opts.get('provider') ?? 'libc').toLowerCase();
  if (provider !== 'libc' && provider !== 'icu' && provider !== 'builtin') { ctx.error('invalid_definition', `unrecognized collation provider: ${provider}`); return; }
  const locale = opts.get('locale') ?? null;
  const det = opts.get('deterministic');
  const def: CollationDef = {
    kind: 'collation', name, provider,
    locale: provider === 'libc' ? null : locale,
    lcCollate: provider === 'libc' ? opts.get('lc_collate') ?? locale : null,
    lcCtype: provider === 'libc' ? opts.get('lc_ctype') ?? locale : null,
    deterministic: det === null || det === undefined ? true : ['true', 'on', 'yes', '1'].includes(det.toLowerCase()),
    rules: opts.get('rules') ?? null,
    source: ctx.span(),
  };
  ctx.draft.collations.set(key, def);
};
