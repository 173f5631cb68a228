/**
 * Default names for everything the user left unnamed, in the order PostgreSQL names them for
 * one CREATE TABLE (owned sequences, CHECKs, then PRIMARY KEY / UNIQUE / EXCLUDE indexes, then
 * foreign keys), then ALTER TABLE constraints, then standalone indexes.
 */
import type { Node } from './pg-query.js';
import type { DraftConstraint, SchemaDraft } from './drafts.js';
import type { QualifiedName } from '../model/names.js';
import { chooseName, indexColumnNames, nameAddition } from '../canon/naming.js';
import { referencedColumns } from '../canon/expressions.js';
import { keyOfName } from './statement-context.js';
import { truncateIdentifier } from '../canon/identifiers.js';
import { figureIndexColumnName } from '../canon/column-names.js';

const elemName = (ie: Node): string | null => ie['indexcolname'] ?? ie['name'] ?? (ie['expr'] ? figureIndexColumnName(ie['expr']) : null);

const strings = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n['String']?.sval ?? '');

export interface Names {
  /** schema → relation names in use (tables, sequences, indexes). */
  readonly relations: Map<string, Set<string>>;
  /** schema → constraint names in use. */
  readonly constraints: Map<string, Set<string>>;
  /** Chosen sequence names of serial / identity columns: `schema.table.column` → name. */
  readonly ownedSequences: Map<string, QualifiedName>;
}

const setOf = (m: Map<string, Set<string>>, schema: string): Set<string> => {
  let s = m.get(schema);
  if (!s) m.set(schema, (s = new Set()));
  return s;
};

const keyColumns = (c: DraftConstraint): string[] => {
  const n = c.node;
  switch (n['contype']) {
    // Index-backed keys are named after all index columns, INCLUDE ones too (ChooseIndexColumnNames
    // runs over allIndexParams in DefineIndex).
    case 'CONSTR_PRIMARY': case 'CONSTR_UNIQUE': return [...(c.column ? [c.column] : strings(n['keys'])), ...strings(n['including'])];
    case 'CONSTR_FOREIGN': return c.column ? [c.column] : strings(n['fk_attrs']);
    case 'CONSTR_EXCLUSION': return indexColumnNames([
      ...(n['exclusions'] ?? []).map((e: Node) => elemName(e['List'].items[0].IndexElem)),
      ...strings(n['including']),
    ]);
    default: return [];
  }
};

const LABELS: Readonly<Record<string, string>> = {
  CONSTR_PRIMARY: 'pkey', CONSTR_UNIQUE: 'key', CONSTR_EXCLUSION: 'excl', CONSTR_FOREIGN: 'fkey', CONSTR_CHECK: 'check',
};

const nameConstraint = (c: DraftConstraint, names: Names): void => {
  if (c.node['conname']) { c.node['conname'] = truncateIdentifier(c.node['conname']); return; }
  const schema = c.table.schema;
  const rels = setOf(names.relations, schema);
  const cons = setOf(names.constraints, schema);
  const type: string = c.node['contype'];
  let name2: string | null;
  if (type === 'CONSTR_CHECK') {
    // PostgreSQL no longer knows where a CHECK was written: it names it after the column only
    // when the expression uses exactly one column (AddRelationNewConstraints), inline or not.
    const cols = referencedColumns(c.node['raw_expr']);
    name2 = cols.length === 1 ? cols[0]! : null;
  } else if (type === 'CONSTR_PRIMARY') name2 = null;
  else name2 = nameAddition(keyColumns(c));
  const indexBacked = type === 'CONSTR_PRIMARY' || type === 'CONSTR_UNIQUE' || type === 'CONSTR_EXCLUSION';
  const name = chooseName(c.table.name, name2, LABELS[type]!, (n) => cons.has(n) || (indexBacked && rels.has(n)));
  c.node['conname'] = name;
};

const register = (c: DraftConstraint, names: Names): void => {
  setOf(names.constraints, c.table.schema).add(c.node['conname']);
  const t = c.node['contype'];
  if (t === 'CONSTR_PRIMARY' || t === 'CONSTR_UNIQUE' || t === 'CONSTR_EXCLUSION') setOf(names.relations, c.table.schema).add(c.node['conname']);
};

export const chooseDefaultNames = (d: SchemaDraft): Names => {
  const names: Names = { relations: new Map(), constraints: new Map(), ownedSequences: new Map() };
  // Names the user chose are taken first: PostgreSQL would refuse duplicates of those anyway.
  for (const t of d.tables.values()) setOf(names.relations, t.name.schema).add(t.name.name);
  for (const s of d.sequences.values()) setOf(names.relations, s.name.schema).add(s.name.name);
  for (const i of d.indexes) if (i.stmt['idxname']) setOf(names.relations, i.stmt['relation'].schemaname ?? 'public').add(truncateIdentifier(i.stmt['idxname']));
  for (const c of d.constraints) if (c.node['conname']) register({ ...c, node: { ...c.node, conname: truncateIdentifier(c.node['conname']) } }, names);

  const byTable = new Map<string, DraftConstraint[]>();
  for (const c of d.constraints.filter((x) => x.origin === 'create')) {
    const k = keyOfName(c.table);
    byTable.set(k, [...(byTable.get(k) ?? []), c]);
  }
  const phases = [['CONSTR_CHECK'], ['CONSTR_PRIMARY'], ['CONSTR_UNIQUE', 'CONSTR_EXCLUSION'], ['CONSTR_FOREIGN']];
  for (const t of d.tables.values()) {
    for (const col of t.columns) {
      if (!col.serial && !col.identity) continue;
      const explicit = col.identity?.clauses.sequenceName;
      const rels = setOf(names.relations, t.name.schema);
      const seq = explicit ?? { schema: t.name.schema, name: chooseName(t.name.name, col.name, 'seq', (n) => rels.has(n)) };
      setOf(names.relations, seq.schema).add(seq.name);
      names.ownedSequences.set(`${keyOfName(t.name)}.${col.name}`, seq);
    }
    const own = byTable.get(keyOfName(t.name)) ?? [];
    for (const phase of phases) {
      for (const c of own.filter((x) => phase.includes(x.node['contype']))) {
        if (!c.node['conname']) { nameConstraint(c, names); register(c, names); } else nameConstraint(c, names);
      }
    }
  }
  for (const c of d.constraints.filter((x) => x.origin === 'alter' || !d.tables.has(keyOfName(x.table)))) {
    if (!c.node['conname']) { nameConstraint(c, names); register(c, names); } else nameConstraint(c, names);
  }
  for (const i of d.indexes) {
    const stmt = i.stmt;
    if (stmt['idxname']) { stmt['idxname'] = truncateIdentifier(stmt['idxname']); continue; }
    const schema = stmt['relation'].schemaname ?? 'public';
    const rels = setOf(names.relations, schema);
    const params = [...(stmt['indexParams'] ?? []), ...(stmt['indexIncludingParams'] ?? [])];
    const cols = indexColumnNames(params.map((e: Node) => elemName(e['IndexElem'])));
    // CREATE [UNIQUE] INDEX is not a constraint: always `_idx`, and only relation names clash.
    stmt['idxname'] = chooseName(stmt['relation'].relname, nameAddition(cols), 'idx', (n) => rels.has(n));
    rels.add(stmt['idxname']);
  }
  return names;
};
