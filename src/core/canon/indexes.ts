import { qualifiedText } from './identifiers.js';
/**
 * Index definitions from an IndexStmt node: source CREATE INDEX as written, or
 * pg_get_indexdef() re-parsed by the inspector.
 */
import { deparseNode, type Node } from '../parse/pg-query.js';
import type { IndexDef, SourceSpan } from '../model/objects.js';
import { normaliseExpr, referencedColumns } from './expressions.js';
import { canonicalDefElems } from './options.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { isDefaultOpclass } from './default-opclasses.js';

const unqualifyList = (list: readonly Node[] | undefined): Node[] | undefined => {
  if (!list) return undefined;
  const parts = list.map((n) => n['String']?.sval as string);
  const kept = parts.length === 2 && (parts[0] === 'pg_catalog' || parts[0] === DEFAULT_SCHEMA) ? [parts[1]!] : parts;
  return kept.map((s) => ({ String: { sval: s } }));
};

/**
 * Normalise one index element of access method `am`: default orderings and default operator
 * classes dropped (the catalog omits both), names unqualified, expressions canonical.
 */
export const normaliseIndexElem = (elem: Node, am: string): Node => {
  const ie = elem['IndexElem'];
  const out: Node = {};
  if (ie.name) out['name'] = ie.name;
  if (ie.expr) out['expr'] = normaliseExpr(ie.expr).node;
  if (ie.collation) out['collation'] = unqualifyList(ie.collation);
  const explicitDefault = ie.opclass && !ie.opclassopts && isDefaultOpclass(am, ie.opclass.map((n: Node) => n['String']?.sval as string));
  if (ie.opclass && !explicitDefault) out['opclass'] = unqualifyList(ie.opclass);
  if (ie.opclassopts) out['opclassopts'] = canonicalDefElems(ie.opclassopts);
  const desc = ie.ordering === 'SORTBY_DESC';
  out['ordering'] = desc ? 'SORTBY_DESC' : 'SORTBY_DEFAULT';
  const nulls = ie.nulls_ordering;
  const defaultNulls = nulls === 'SORTBY_NULLS_DEFAULT' || (desc ? nulls === 'SORTBY_NULLS_FIRST' : nulls === 'SORTBY_NULLS_LAST');
  out['nulls_ordering'] = defaultNulls ? 'SORTBY_NULLS_DEFAULT' : nulls;
  return { IndexElem: out };
};

const elemColumns = (elem: Node): string[] => {
  const ie = elem['IndexElem'];
  return ie.name ? [ie.name] : referencedColumns(ie.expr);
};

/** An index from its IndexStmt; `idxname` must be set (the parser chooses default names first). */
export const indexFromStmt = (stmt: Node, source: SourceSpan | null, sql?: string): IndexDef => {
  const rel = stmt['relation'];
  const schema = rel['schemaname'] ?? DEFAULT_SCHEMA;
  const relation = { schemaname: schema, relname: rel['relname'], inh: true, relpersistence: 'p' };
  const am: string = stmt['accessMethod'] ?? 'btree';
  const canonical: Node = {
    relation,
    accessMethod: am,
    indexParams: (stmt['indexParams'] ?? []).map((e: Node) => normaliseIndexElem(e, am)),
  };
  if (stmt['indexIncludingParams']) canonical['indexIncludingParams'] = stmt['indexIncludingParams'].map((e: Node) => normaliseIndexElem(e, am));
  if (stmt['options']) canonical['options'] = canonicalDefElems(stmt['options']);
  if (stmt['whereClause']) canonical['whereClause'] = normaliseExpr(stmt['whereClause']).node;
  if (stmt['unique']) canonical['unique'] = true;
  if (stmt['nulls_not_distinct']) canonical['nulls_not_distinct'] = true;
  const columns = new Set<string>();
  for (const e of [...(stmt['indexParams'] ?? []), ...(stmt['indexIncludingParams'] ?? [])]) elemColumns(e).forEach((c) => columns.add(c));
  if (stmt['whereClause']) referencedColumns(stmt['whereClause']).forEach((c) => columns.add(c));
  // What expressions and the predicate use (routines, sequences, types): ordering and rebuild facts.
  const refs = new Set<string>();
  for (const e of [...(stmt['indexParams'] ?? []), ...(stmt['indexIncludingParams'] ?? [])]) {
    if (e['IndexElem']?.expr) normaliseExpr(e['IndexElem'].expr).refs.forEach((r) => refs.add(r));
    // A collation named on a column: it must outlive the index (built-ins point at nothing in a plan).
    const coll = (e['IndexElem']?.collation ?? []).map((n: Node) => n['String']?.sval as string);
    if (coll.length > 0 && coll[0] !== 'pg_catalog') refs.add(`collation:${coll.length > 1 ? coll[0] : DEFAULT_SCHEMA}.${coll[coll.length - 1]}`);
  }
  if (stmt['whereClause']) normaliseExpr(stmt['whereClause']).refs.forEach((r) => refs.add(r));
  const printable = { ...stmt, relation, concurrent: false, if_not_exists: false };
  return {
    kind: 'index',
    name: { schema, name: stmt['idxname'] },
    table: { schema, name: rel['relname'] },
    unique: stmt['unique'] === true,
    columns: [...columns].sort(),
    definition: { sql: sql ?? deparseNode({ IndexStmt: printable }), canon: deparseNode({ IndexStmt: canonical }), refs: [...refs].filter((r) => !r.startsWith('column:')).sort() },
    source,
  };
};

/**
 * An index's canonical definition with its table left out: a partition's index and its parent's
 * compare equal when PostgreSQL would attach the one to the other.
 */
export const indexShape = (i: IndexDef): string => i.definition.canon.replace(` ON ${qualifiedText(i.table)} `, ' ON ');
