/**
 * Domains, composite types, range types and collations of managed schemas (extension members
 * excluded). Definitions go through the canonicalisers the source parser uses.
 */
import type { CollationDef, CompositeTypeDef, DomainDef, RangeTypeDef } from '../model/objects.js';
import { qname, type QualifiedName } from '../model/names.js';
import { withDeclaredDims } from '../model/type-ref.js';
import { constraintFromCatalog, defaultFromCatalog, typeFromCatalog } from '../canon/catalog.js';
import { EXT, NS, notExtMember } from './query-parts.js';
import { qualified, reader } from './rows.js';
import { compareText, forObject } from './records.js';

const COLLATION_JSON = (oid: string, ns: string, co: string): string =>
  `CASE WHEN ${oid} <> 0 THEN json_build_object('schema', ${ns}.nspname, 'name', ${co}.collname) END`;

export const DOMAINS_SQL = `WITH ${EXT}, ${NS},
checks AS (
  SELECT k.contypid, json_agg(json_build_object('name', k.conname, 'definition', pg_catalog.pg_get_constraintdef(k.oid)) ORDER BY k.conname) AS constraints
  FROM pg_catalog.pg_constraint k WHERE k.contypid <> 0 AND k.contype = 'c' GROUP BY k.contypid)
SELECT n.nspname AS schema, t.typname::text AS name, pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type, t.typndims AS ndims,
  t.typnotnull AS not_null, pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS "default",
  CASE WHEN t.typcollation <> bt.typcollation THEN json_build_object('schema', con.nspname, 'name', co.collname) END AS collation,
  COALESCE(ch.constraints, '[]'::json) AS constraints
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
LEFT JOIN checks ch ON ch.contypid = t.oid
WHERE t.typtype = 'd' AND ${notExtMember('pg_type', 't.oid')}`;

export const COMPOSITE_TYPES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, t.typname::text AS name,
  COALESCE(json_agg(json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'ndims', a.attndims,
    'collation', CASE WHEN a.attcollation <> at.typcollation THEN json_build_object('schema', con.nspname, 'name', co.collname) END)
    ORDER BY a.attnum) FILTER (WHERE a.attnum IS NOT NULL), '[]'::json) AS attributes
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
WHERE t.typtype = 'c' AND ${notExtMember('pg_type', 't.oid')}
GROUP BY n.nspname, t.oid, t.typname`;

const fnJson = (oid: string): string => `CASE WHEN ${oid} <> 0 THEN (SELECT json_build_object('schema', fpn.nspname, 'name', fp.proname)
    FROM pg_catalog.pg_proc fp JOIN pg_catalog.pg_namespace fpn ON fpn.oid = fp.pronamespace WHERE fp.oid = ${oid}) END`;

export const RANGE_TYPES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, t.typname::text AS name, pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
  CASE WHEN NOT oc.opcdefault THEN json_build_object('schema', ocn.nspname, 'name', oc.opcname) END AS opclass,
  CASE WHEN r.rngcollation <> st.typcollation THEN ${COLLATION_JSON('r.rngcollation', 'con', 'co')} END AS collation,
  ${fnJson('r.rngcanonical')} AS canonical, ${fnJson('r.rngsubdiff')} AS subtype_diff,
  json_build_object('schema', mn.nspname, 'name', mt.typname) AS multirange
FROM pg_catalog.pg_range r
JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
JOIN pg_catalog.pg_opclass oc ON oc.oid = r.rngsubopc
JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_catalog.pg_collation co ON co.oid = r.rngcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
JOIN pg_catalog.pg_type mt ON mt.oid = r.rngmultitypid
JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace
WHERE ${notExtMember('pg_type', 't.oid')}`;

/**
 * Collations: the locale columns moved between majors (colliculocale in 15–16, colllocale from
 * 17; collicurules from 16): read through to_jsonb so one query text fits every major. On 14 an
 * ICU collation's locale has no column of its own: it is stored in collcollate.
 */
export const COLLATIONS_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, c.collname::text AS name, c.collprovider::text AS provider,
  COALESCE(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale',
    CASE WHEN c.collprovider = 'i' AND NOT (to_jsonb(c) ? 'colliculocale') AND NOT (to_jsonb(c) ? 'colllocale') THEN c.collcollate END) AS locale,
  c.collcollate AS lc_collate, c.collctype AS lc_ctype, c.collisdeterministic AS deterministic,
  to_jsonb(c) ->> 'collicurules' AS rules
FROM pg_catalog.pg_collation c
JOIN ns n ON n.oid = c.collnamespace
WHERE ${notExtMember('pg_collation', 'c.oid')}`;

const coll = (v: unknown, what: string): QualifiedName | null => (v === null ? null : qualified(what, v));

export const buildDomain = (raw: unknown): DomainDef => {
  const r = reader('domains', raw);
  const name = qname(r.str('schema'), r.str('name'));
  return forObject(`domain ${name.schema}.${name.name}`, () => {
    const def = r.optStr('default');
    const built: DomainDef = {
      kind: 'domain', name, baseType: withDeclaredDims(typeFromCatalog(r.str('base_type')), r.row['ndims'] === undefined ? 0 : r.num('ndims')), notNull: r.bool('not_null'),
      default: def === null ? null : defaultFromCatalog(def), collation: coll(r.row['collation'], 'domains.collation'),
      constraints: r.list('constraints').map((c) => {
        const cr = reader('domains.constraints', c);
        const k = constraintFromCatalog({ table: name, name: cr.str('name'), definition: cr.str('definition') });
        return { name: k.name, definition: k.definition };
      }).sort((a, b) => compareText(a.name, b.name)),
      refs: [],
      source: null,
    };
    return { ...built, refs: domainRefs(built) };
  });
};

/** What a domain's default and constraints use (their expressions' refs; VALUE is not a column). */
export const domainRefs = (d: Pick<DomainDef, 'default' | 'constraints' | 'baseType'>): string[] => [...new Set([
  ...(d.baseType.schema !== null ? [`type:${d.baseType.schema}.${d.baseType.name}`] : []),
  ...(d.default?.refs ?? []), ...d.constraints.flatMap((c) => c.definition.refs),
].filter((r) => !r.startsWith('column:')))].sort();

export const buildCompositeType = (raw: unknown): CompositeTypeDef => {
  const r = reader('composite types', raw);
  const name = qname(r.str('schema'), r.str('name'));
  return forObject(`type ${name.schema}.${name.name}`, () => ({
    kind: 'composite_type', name,
    attributes: r.list('attributes').map((a) => {
      const ar = reader('composite types.attributes', a);
      return { name: ar.str('name'), type: withDeclaredDims(typeFromCatalog(ar.str('type')), ar.row['ndims'] === undefined ? 0 : ar.num('ndims')), collation: coll(ar.row['collation'], 'composite types.collation') };
    }),
    source: null,
  }));
};

export const buildRangeType = (raw: unknown): RangeTypeDef => {
  const r = reader('range types', raw);
  const name = qname(r.str('schema'), r.str('name'));
  return forObject(`type ${name.schema}.${name.name}`, () => ({
    kind: 'range_type', name, subtype: typeFromCatalog(r.str('subtype')),
    subtypeOpclass: coll(r.row['opclass'], 'range types.opclass'), collation: coll(r.row['collation'], 'range types.collation'),
    canonical: coll(r.row['canonical'], 'range types.canonical'), subtypeDiff: coll(r.row['subtype_diff'], 'range types.subtype_diff'),
    multirangeName: qualified('range types.multirange', r.row['multirange']), source: null,
  }));
};

const PROVIDERS = { c: 'libc', i: 'icu', b: 'builtin' } as const;

export const buildCollation = (raw: unknown): CollationDef => {
  const r = reader('collations', raw);
  const provider = PROVIDERS[r.str('provider') as keyof typeof PROVIDERS];
  if (!provider) throw new Error(`collation ${r.str('schema')}.${r.str('name')} has unknown provider '${r.str('provider')}'`);
  return {
    kind: 'collation', name: qname(r.str('schema'), r.str('name')), provider,
    // libc collations keep their locale in lc_collate / lc_ctype; ICU and builtin in locale.
    locale: provider === 'libc' ? null : r.optStr('locale'),
    lcCollate: provider === 'libc' ? r.optStr('lc_collate') : null, lcCtype: provider === 'libc' ? r.optStr('lc_ctype') : null,
    deterministic: r.bool('deterministic'), rules: r.optStr('rules'), source: null,
  };
};
