/**
 * Domains, composite and range types, collations and row-level security, once every statement
 * is read: ALTER DOMAIN applied, unnamed domain CHECKs named as PostgreSQL names them, names
 * that may be pg_catalog's or the source's resolved, definitions canonicalised.
 */
import type { Node } from './pg-query.js';
import type { DraftDomain, SchemaDraft } from './drafts.js';
import type { CollationDef, CompositeTypeDef, DomainDef, RangeTypeDef, RowSecurityDef } from '../model/objects.js';
import type { QualifiedName } from '../model/names.js';
import { diagnostic } from '../model/diagnostic.js';
import { constraintFromNode } from '../canon/constraints.js';
import { defaultExprFromNode, isNullConst } from '../canon/expressions.js';
import { typeRefFromAst } from '../canon/type-names.js';
import { chooseName } from '../canon/naming.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { isDefaultOpclass } from '../canon/default-opclasses.js';
import { NAMEDATALEN } from '../canon/identifiers.js';
import { domainRefs } from '../inspect/types.js';
import { keyOfName } from './statement-context.js';
import { sortedRecord } from '../model/sorted.js';

const keyOf = (n: QualifiedName): string => `${n.schema}.${n.name}`;

const applyDomainAlters = (d: SchemaDraft): void => {
  for (const a of d.domainAlters) {
    const dom = d.domains.get(keyOfName(a.name));
    if (!dom) { d.diagnostics.push(diagnostic('unknown_reference', `ALTER DOMAIN names ${keyOfName(a.name)}, which is declared nowhere`, a.span)); continue; }
    switch (a.cmd) {
      case 'set_default': dom.defaultNode = a.node; break;
      case 'drop_default': dom.defaultNode = null; break;
      case 'set_not_null': dom.notNull = true; break;
      case 'drop_not_null': dom.notNull = false; break;
      case 'add_check': dom.checks.push({ node: a.node!, span: a.span }); break;
      case 'drop_constraint': {
        const before = dom.checks.length;
        dom.checks = dom.checks.filter((c) => c.node['conname'] !== a.constraintName);
        if (dom.checks.length === before) d.diagnostics.push(diagnostic('unknown_reference', `constraint "${a.constraintName}" of domain ${keyOfName(a.name)} does not exist`, a.span));
        break;
      }
    }
  }
};

/** Unnamed domain CHECKs: `<domain>_check`, `_check1`, ... among the constraint names of its schema. */
const nameDomainChecks = (dom: DraftDomain, taken: Set<string>): void => {
  for (const c of dom.checks) if (c.node['conname']) taken.add(c.node['conname']);
  for (const c of dom.checks) {
    if (c.node['conname']) continue;
    c.node['conname'] = chooseName(dom.name.name, null, 'check', (n) => taken.has(n));
    taken.add(c.node['conname']);
  }
};

const buildDomain = (dom: DraftDomain): DomainDef => {
  const baseType = typeRefFromAst(dom.baseType);
  const def: Omit<DomainDef, 'refs'> = {
    kind: 'domain', name: dom.name, baseType, notNull: dom.notNull,
    default: dom.defaultNode && !isNullConst(dom.defaultNode) ? defaultExprFromNode(dom.defaultNode, baseType) : null,
    collation: dom.collation,
    constraints: dom.checks.map((c) => {
      const k = constraintFromNode({ table: dom.name, name: c.node['conname'], node: { ...c.node }, source: c.span });
      return { name: k.name, definition: k.definition };
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    source: dom.span,
  };
  return { ...def, refs: domainRefs(def) };
};

/** PostgreSQL's default multirange type name (makeMultirangeTypeName). */
export const defaultMultirangeName = (range: string): string => {
  const i = range.indexOf('range');
  const name = i >= 0 ? `${range.slice(0, i)}multirange${range.slice(i + 5)}` : `${range}_multirange`;
  return Buffer.byteLength(name, 'utf8') > NAMEDATALEN - 1 ? name.slice(0, NAMEDATALEN - 1) : name;
};

const names = (n: Node | undefined): string[] => (n?.['TypeName']?.names ?? n?.['List']?.items ?? []).map((x: Node) => String(x['String']?.sval ?? ''));

const buildRange = (r: { name: QualifiedName; params: Node[]; span: RangeTypeDef['source'] }, functions: ReadonlySet<string>, d: SchemaDraft): RangeTypeDef | null => {
  const param = (k: string): Node | undefined => r.params.find((p) => String(p['defname']).toLowerCase() === k)?.['arg'];
  const subtypeNode = param('subtype')?.['TypeName'];
  if (!subtypeNode) { d.diagnostics.push(diagnostic('invalid_definition', `type ${keyOf(r.name)}: a range type needs SUBTYPE`, r.span)); return null; }
  // An unqualified routine is the source's own when it declares one of that name, else a built-in.
  const routine = (k: string): QualifiedName | null => {
    const parts = names(param(k));
    if (parts.length === 0) return null;
    if (parts.length >= 2) return { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
    return functions.has(`${DEFAULT_SCHEMA}.${parts[0]}`) ? { schema: DEFAULT_SCHEMA, name: parts[0]! } : { schema: 'pg_catalog', name: parts[0]! };
  };
  const opc = names(param('subtype_opclass'));
  const coll = names(param('collation'));
  const multi = names(param('multirange_type_name'));
  return {
    kind: 'range_type', name: r.name, subtype: typeRefFromAst(subtypeNode),
    subtypeOpclass: opc.length === 0 || (opc.length === 1 && isDefaultOpclass('btree', opc)) ? null
      : { schema: opc.length >= 2 ? opc[opc.length - 2]! : 'pg_catalog', name: opc[opc.length - 1]! },
    collation: coll.length === 0 ? null : { schema: coll.length >= 2 ? coll[coll.length - 2]! : 'pg_catalog', name: coll[coll.length - 1]! },
    canonical: routine('canonical'), subtypeDiff: routine('subtype_diff'),
    multirangeName: multi.length >= 2 ? { schema: multi[multi.length - 2]!, name: multi[multi.length - 1]! }
      : { schema: r.name.schema, name: multi[0] ?? defaultMultirangeName(r.name.name) },
    source: r.span,
  };
};

export interface BuiltTypes {
  readonly domains: Record<string, DomainDef>;
  readonly compositeTypes: Record<string, CompositeTypeDef>;
  readonly rangeTypes: Record<string, RangeTypeDef>;
  readonly collations: Record<string, CollationDef>;
  readonly rowSecurity: Record<string, RowSecurityDef>;
}

export const buildTypes = (d: SchemaDraft, constraintNames: ReadonlyMap<string, ReadonlySet<string>>): BuiltTypes => {
  applyDomainAlters(d);
  const domains = new Map<string, DomainDef>();
  for (const dom of d.domains.values()) {
    nameDomainChecks(dom, new Set(constraintNames.get(dom.name.schema) ?? []));
    domains.set(keyOf(dom.name), buildDomain(dom));
  }
  const functions = new Set(d.bodies.filter((b) => (b.kind === 'function' || b.kind === 'aggregate') && !b.alter && b.name).map((b) => keyOfName(b.name!)));
  const ranges = new Map<string, RangeTypeDef>();
  for (const r of d.rangeTypes.values()) {
    const built = buildRange(r, functions, d);
    if (built) ranges.set(keyOf(r.name), built);
  }
  const rowSecurity = new Map<string, RowSecurityDef>();
  for (const [k, r] of d.rowSecurity) {
    if (!d.tables.has(k)) { d.diagnostics.push(diagnostic('unknown_reference', `ALTER TABLE ... ROW LEVEL SECURITY names table ${k}, which is declared nowhere`, r.span)); continue; }
    if (r.enabled || r.forced) rowSecurity.set(k, { kind: 'row_security', table: r.table, enabled: r.enabled ?? false, forced: r.forced ?? false, source: r.span });
  }
  return {
    domains: sortedRecord(domains), compositeTypes: sortedRecord(d.compositeTypes), rangeTypes: sortedRecord(ranges),
    collations: sortedRecord(d.collations), rowSecurity: sortedRecord(rowSecurity),
  };
};

/**
 * COLLATE names written without a schema mean pg_catalog's collation, unless the source
 * declares one of that name in the default schema: then that one.
 */
export const resolveCollationName = (c: QualifiedName | null, declared: ReadonlySet<string>): QualifiedName | null =>
  c !== null && c.schema === 'pg_catalog' && declared.has(`${DEFAULT_SCHEMA}.${c.name}`) ? { schema: DEFAULT_SCHEMA, name: c.name } : c;
