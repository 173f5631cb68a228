/**
 * Domains, composite types, range types and collations. The create statements also build the
 * canonicaliser's skeleton (`skeleton`: without defaults, CHECKs and support functions, which may
 * call routines not created yet there).
 */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { CollationDef, CompositeTypeDef, DomainDef, RangeTypeDef } from '../../model/objects.js';
import type { QualifiedName } from '../../model/names.js';
import { typeToSql } from '../../canon/type-names.js';
import { clipBytes } from '../../canon/identifiers.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

const collate = (c: { schema: string; name: string } | null): string => (c ? ` COLLATE ${quoteQualified(c)}` : '');

export const createDomainSql = (d: DomainDef, skeleton = false): string => {
  const parts = [`CREATE DOMAIN ${quoteQualified(d.name)} AS ${typeToSql(d.baseType)}${collate(d.collation)}`];
  if (!skeleton) {
    if (d.default) parts.push(`DEFAULT ${d.default.sql}`);
    if (d.notNull) parts.push('NOT NULL');
    for (const c of d.constraints) parts.push(`CONSTRAINT ${quoteIdent(c.name)} ${c.definition.sql}`);
  }
  return parts.join(' ');
};

export const createCompositeSql = (t: CompositeTypeDef): string =>
  `CREATE TYPE ${quoteQualified(t.name)} AS (${t.attributes.map((a) => `${quoteIdent(a.name)} ${typeToSql(a.type)}${collate(a.collation)}`).join(', ')})`;

export const createRangeSql = (r: RangeTypeDef, skeleton = false): string => {
  const p = [`SUBTYPE = ${typeToSql(r.subtype)}`];
  if (r.subtypeOpclass) p.push(`SUBTYPE_OPCLASS = ${quoteQualified(r.subtypeOpclass)}`);
  if (r.collation) p.push(`COLLATION = ${quoteQualified(r.collation)}`);
  if (!skeleton && r.canonical) p.push(`CANONICAL = ${quoteQualified(r.canonical)}`);
  if (!skeleton && r.subtypeDiff) p.push(`SUBTYPE_DIFF = ${quoteQualified(r.subtypeDiff)}`);
  p.push(`MULTIRANGE_TYPE_NAME = ${quoteQualified(r.multirangeName)}`);
  return `CREATE TYPE ${quoteQualified(r.name)} AS RANGE (${p.join(', ')})`;
};

export const createCollationSql = (c: CollationDef): string => {
  const p = [`PROVIDER = ${c.provider}`];
  if (c.locale !== null) p.push(`LOCALE = ${quoteLiteral(c.locale)}`);
  if (c.lcCollate !== null) p.push(`LC_COLLATE = ${quoteLiteral(c.lcCollate)}`);
  if (c.lcCtype !== null) p.push(`LC_CTYPE = ${quoteLiteral(c.lcCtype)}`);
  if (!c.deterministic) p.push('DETERMINISTIC = false');
  if (c.rules !== null) p.push(`RULES = ${quoteLiteral(c.rules)}`);
  return `CREATE COLLATION ${quoteQualified(c.name)} (${p.join(', ')})`;
};

const SUFFIX = '__pgflux_old';

export const typeEmitters = {
  create_domain: (c: ChangeOf<'create_domain'>): Statement[] => [main(createDomainSql(c.domain))],
  drop_domain: (c: ChangeOf<'drop_domain'>): Statement[] => [main(`DROP DOMAIN ${quoteQualified(c.domain.name)}`)],
  set_domain_default: (c: ChangeOf<'set_domain_default'>): Statement[] =>
    [main(`ALTER DOMAIN ${quoteQualified(c.domain)} ${c.default ? `SET DEFAULT ${c.default.sql}` : 'DROP DEFAULT'}`)],
  set_domain_not_null: (c: ChangeOf<'set_domain_not_null'>): Statement[] =>
    [main(`ALTER DOMAIN ${quoteQualified(c.domain)} ${c.notNull ? 'SET' : 'DROP'} NOT NULL`)],
  add_domain_constraint: (c: ChangeOf<'add_domain_constraint'>): Statement[] => {
    const d = quoteQualified(c.domain.name);
    const n = quoteIdent(c.constraint.name);
    // A domain in use: adding the constraint NOT VALID takes no scan; VALIDATE checks the rows after.
    return c.used
      ? [main(`ALTER DOMAIN ${d} ADD CONSTRAINT ${n} ${c.constraint.definition.sql} NOT VALID`), main(`ALTER DOMAIN ${d} VALIDATE CONSTRAINT ${n}`)]
      : [main(`ALTER DOMAIN ${d} ADD CONSTRAINT ${n} ${c.constraint.definition.sql}`)];
  },
  drop_domain_constraint: (c: ChangeOf<'drop_domain_constraint'>): Statement[] =>
    [main(`ALTER DOMAIN ${quoteQualified(c.domain.name)} DROP CONSTRAINT ${quoteIdent(c.constraint.name)}`)],
  /** As recreate_enum: the columns go through the base type (`USING col::base::new`). */
  recreate_domain: (c: ChangeOf<'recreate_domain'>): Statement[] =>
    recreateType('DOMAIN', c.from.name, createDomainSql(c.to), c.to.name, c.columns, typeToSql(c.to.baseType)),
  recreate_composite_type: (c: ChangeOf<'recreate_composite_type'>): Statement[] =>
    recreateType('TYPE', c.from.name, createCompositeSql(c.to), c.to.name, c.columns, 'text'),
  create_composite_type: (c: ChangeOf<'create_composite_type'>): Statement[] => [main(createCompositeSql(c.type))],
  drop_composite_type: (c: ChangeOf<'drop_composite_type'>): Statement[] => [main(`DROP TYPE ${quoteQualified(c.type.name)}`)],
  add_attribute: (c: ChangeOf<'add_attribute'>): Statement[] =>
    [main(`ALTER TYPE ${quoteQualified(c.type)} ADD ATTRIBUTE ${quoteIdent(c.attribute.name)} ${typeToSql(c.attribute.type)}${collate(c.attribute.collation)}${cascade(c.tables)}`)],
  drop_attribute: (c: ChangeOf<'drop_attribute'>): Statement[] =>
    [main(`ALTER TYPE ${quoteQualified(c.type)} DROP ATTRIBUTE ${quoteIdent(c.attribute.name)}${cascade(c.tables)}`)],
  alter_attribute_type: (c: ChangeOf<'alter_attribute_type'>): Statement[] =>
    [main(`ALTER TYPE ${quoteQualified(c.type)} ALTER ATTRIBUTE ${quoteIdent(c.to.name)} TYPE ${typeToSql(c.to.type)}${collate(c.to.collation)}${cascade(c.tables)}`)],
  create_range_type: (c: ChangeOf<'create_range_type'>): Statement[] => [main(createRangeSql(c.type))],
  drop_range_type: (c: ChangeOf<'drop_range_type'>): Statement[] => [main(`DROP TYPE ${quoteQualified(c.type.name)}`)],
  create_collation: (c: ChangeOf<'create_collation'>): Statement[] => [main(createCollationSql(c.collation))],
  drop_collation: (c: ChangeOf<'drop_collation'>): Statement[] => [main(`DROP COLLATION ${quoteQualified(c.collation.name)}`)],
};

/**
 * A type PostgreSQL cannot alter while columns use it: rename the old one away, create the new
 * one, move each column through `via` (its default dropped first and set again after, since the
 * old default does not cast), then drop the old type.
 */
const recreateType = (
  what: 'DOMAIN' | 'TYPE', from: QualifiedName, createSql: string, to: QualifiedName, columns: ChangeOf<'recreate_domain'>['columns'], via: string,
): Statement[] => {
  const old = { schema: from.schema, name: clipBytes(from.name, 63 - SUFFIX.length) + SUFFIX };
  const target = quoteQualified(to);
  const out: Statement[] = [main(`ALTER ${what} ${quoteQualified(from)} RENAME TO ${quoteIdent(old.name)}`), main(createSql)];
  for (const col of columns) {
    const t = quoteQualified(col.table);
    const n = quoteIdent(col.column);
    const arr = '[]'.repeat(col.arrayDims);
    if (col.dropDefault) out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} DROP DEFAULT`));
    out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} TYPE ${target}${arr} USING ${n}::${via}${arr}::${target}${arr}`));
    if (col.default) out.push(main(`ALTER TABLE ${t} ALTER COLUMN ${n} SET DEFAULT ${col.default.sql}`));
  }
  out.push(main(`DROP ${what} ${quoteQualified(old)}`));
  return out;
};

/** CASCADE on ALTER TYPE changes the columns of these tables too (PostgreSQL refuses without it). */
const cascade = (tables: readonly string[]): string => (tables.length ? ' CASCADE' : '');
