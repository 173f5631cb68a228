/**
 * Constraint definitions from a Constraint node: the source parser passes the node it read,
 * the inspector passes pg_get_constraintdef() re-parsed, and both end up here.
 */
import { deparseNode, type Node } from '../parse/pg-query.js';
import type { QualifiedName } from '../model/names.js';
import type { ConstraintDef, ConstraintType, SourceSpan } from '../model/objects.js';
import { normaliseExpr, referencedColumns } from './expressions.js';
import { canonicalDefElems } from './options.js';
import { normaliseIndexElem } from './indexes.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { quoteIdent, quoteLiteral } from '../emit/sql/quote.js';

const TYPES: Readonly<Record<string, ConstraintType>> = {
  CONSTR_PRIMARY: 'primary_key', CONSTR_UNIQUE: 'unique', CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign_key', CONSTR_EXCLUSION: 'exclude',
};

export const constraintTypeOf = (node: Node): ConstraintType | null => TYPES[node['contype']] ?? null;

const names = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n['String']?.sval ?? '');

const exclusionElems = (node: Node): Node[] => (node['exclusions'] ?? []).map((e: Node) => e['List'].items[0]);

/** Columns of the table that a constraint covers, for dependency facts. */
const coveredColumns = (node: Node): string[] => {
  switch (node['contype']) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': return [...names(node['keys']), ...names(node['including'])];
    case 'CONSTR_FOREIGN': return names(node['fk_attrs']);
    case 'CONSTR_CHECK': return referencedColumns(node['raw_expr']);
    case 'CONSTR_EXCLUSION': {
      const cols = new Set<string>();
      for (const e of exclusionElems(node)) {
        const ie = e['IndexElem'];
        if (ie.name) cols.add(ie.name); else referencedColumns(ie.expr).forEach((c) => cols.add(c));
      }
      names(node['including']).forEach((c) => cols.add(c));
      referencedColumns(node['where_clause'] ?? {}).forEach((c) => cols.add(c));
      return [...cols];
    }
    default: return [];
  }
};

const qualifiedRange = (rv: Node): Node => ({ schemaname: rv['schemaname'] ?? DEFAULT_SCHEMA, relname: rv['relname'], inh: true, relpersistence: 'p' });

/** The canonical Constraint node: no name, no validation state, normalised expressions. */
const canonicalNode = (node: Node): Node => {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) {
    if (['conname', 'location', 'initially_valid', 'skip_validation'].includes(k)) continue;
    out[k] = v;
  }
  if (node['raw_expr']) out['raw_expr'] = normaliseExpr(node['raw_expr']).node;
  if (node['where_clause']) out['where_clause'] = normaliseExpr(node['where_clause']).node;
  if (node['pktable']) out['pktable'] = qualifiedRange(node['pktable']);
  if (node['options']) out['options'] = canonicalDefElems(node['options']);
  if (node['exclusions']) {
    out['exclusions'] = node['exclusions'].map((e: Node) => {
      const [elem, ops] = e['List'].items;
      const opNames = names(ops['List'].items);
      const op = opNames.length === 2 && opNames[0] === 'pg_catalog' ? [opNames[1]] : opNames;
      return { List: { items: [normaliseIndexElem(elem, node['access_method'] ?? 'btree'), { List: { items: op.map((s) => ({ String: { sval: s } })) } }] } };
    });
  }
  return out;
};

/**
 * Print a Constraint node (without its name). pgsql-deparser leaves out INCLUDE (...) and
 * WITH (...) of index-backed constraints, which would lose them from both the emitted SQL and
 * the canonical form: print those constraints without the clauses that follow the element list,
 * then append INCLUDE, WITH, WHERE and the deferrability in PostgreSQL's order.
 */
export const printConstraint = (node: Node): string => {
  const indexBacked = ['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION'].includes(node['contype']);
  if (!indexBacked || (!node['including']?.length && !node['options']?.length)) return deparseNode({ Constraint: node });
  const head: Node = { ...node };
  for (const k of ['conname', 'including', 'options', 'where_clause', 'deferrable', 'initdeferred']) delete head[k];
  const parts = [deparseNode({ Constraint: head })];
  if (node['including']?.length) parts.push(`INCLUDE (${names(node['including']).map(quoteIdent).join(', ')})`);
  if (node['options']?.length) {
    const opts = (canonicalDefElems(node['options']) ?? []).map((o) => `${quoteIdent(o.DefElem.defname)}=${quoteLiteral(o.DefElem.arg.String.sval)}`);
    parts.push(`WITH (${opts.join(', ')})`);
  }
  if (node['where_clause']) parts.push(`WHERE (${deparseNode(node['where_clause'])})`);
  if (node['deferrable']) parts.push('DEFERRABLE');
  if (node['initdeferred']) parts.push('INITIALLY DEFERRED');
  return parts.join(' ');
};

/**
 * A constraint from its node. Inline column constraints must already carry their keys
 * (`keys` / `fk_attrs`) and foreign keys their referenced columns (`pk_attrs`).
 */
export const constraintFromNode = (args: {
  readonly table: QualifiedName;
  readonly name: string;
  readonly node: Node;
  readonly source: SourceSpan | null;
  /** Emittable text without NOT VALID; default: the node printed without its name. */
  readonly sql?: string;
  /** Overrides the node's NOT VALID (CREATE TABLE validates its constraints whatever is written). */
  readonly validated?: boolean;
}): ConstraintDef => {
  const { node } = args;
  const type = constraintTypeOf(node);
  if (!type) throw new Error(`not a table constraint: ${node['contype']}`);
  const pk = node['pktable'];
  const printable: Node = { ...node };
  for (const k of ['conname', 'skip_validation', 'initially_valid']) delete printable[k];
  if (pk) printable['pktable'] = qualifiedRange(pk);
  const refs = normaliseExpr(node['raw_expr'] ?? {}).refs;
  return {
    kind: 'constraint',
    name: args.name,
    table: args.table,
    type,
    columns: coveredColumns(node),
    references: pk ? { table: { schema: pk['schemaname'] ?? DEFAULT_SCHEMA, name: pk['relname'] }, columns: names(node['pk_attrs']) } : null,
    definition: { sql: args.sql ?? printConstraint(printable), canon: printConstraint(canonicalNode(node)), refs },
    // A NOT ENFORCED constraint (PostgreSQL 18) is never checked against rows: validation does not apply.
    validated: args.validated ?? (node['skip_validation'] !== true || ((type === 'check' || type === 'foreign_key') && node['is_enforced'] !== true)),
    source: args.source,
  };
};

/** A CHECK or FOREIGN KEY declared NOT ENFORCED (PostgreSQL 18), from its canonical text (string constants aside). */
export const isNotEnforced = (c: Pick<ConstraintDef, 'type' | 'definition'>): boolean =>
  (c.type === 'check' || c.type === 'foreign_key') && /\bNOT ENFORCED\b/.test(c.definition.canon.replace(/'(?:[^']|'')*'/g, "''"));

/** A foreign key's canonical text without NOT ENFORCED: equal for two keys that differ in enforcement only. */
export const foreignKeyWithoutEnforcement = (c: Pick<ConstraintDef, 'type' | 'definition'>): string | null =>
  c.type === 'foreign_key' ? c.definition.canon.replace(/ NOT ENFORCED\b/, '') : null;
