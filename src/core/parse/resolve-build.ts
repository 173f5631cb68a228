/** Drafts (with every name chosen) → the immutable model. */
import { parseStatements, type Node } from './pg-query.js';
import type { SchemaDraft, DraftColumn, DraftTable } from './drafts.js';
import type { Names } from './resolve-names.js';
import type { ColumnDef, ColumnOverride, ConstraintDef, IndexDef, SequenceDef, SourceSpan, TableDef } from '../model/objects.js';
import type { SqlExpr } from '../model/expr.js';
import type { QualifiedName } from '../model/names.js';
import { diagnostic } from '../model/diagnostic.js';
import { defaultExprFromNode, exprFromNode, isNullConst } from '../canon/expressions.js';
import { fillSequenceOptions, seqTypeOf } from '../canon/sequences.js';
import { constraintFromNode } from '../canon/constraints.js';
import { indexFromStmt, indexShape } from '../canon/indexes.js';
import { applyIndexStatistics } from './resolve-index-statistics.js';
import { qualifiedText } from '../canon/identifiers.js';
import { keyOfName } from './statement-context.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';
import { defaultNotNullName } from '../canon/naming.js';

const nextvalDefault = (seq: QualifiedName) => {
  const text = `nextval(${`'${qualifiedText(seq).replace(/'/g, "''")}'`}::regclass)`;
  return exprFromNode(parseStatements(`SELECT ${text}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val, text);
};

const buildColumn = (t: DraftTable, c: DraftColumn, names: Names, sequences: Map<string, SequenceDef>): ColumnDef => {
  const owned = names.ownedSequences.get(`${keyOfName(t.name)}.${c.name}`);
  let dflt = c.defaultNode && !isNullConst(c.defaultNode) ? defaultExprFromNode(c.defaultNode, c.type) : null;
  if (c.serial && owned) {
    dflt = nextvalDefault(owned);
    sequences.set(keyOfName(owned), {
      kind: 'sequence', name: owned, options: fillSequenceOptions({ dataType: c.serial }),
      ownedBy: { table: t.name, column: c.name }, source: c.span,
    });
  }
  const identity = c.identity && owned
    ? { generation: c.identity.generation, sequenceName: owned, options: fillSequenceOptions(c.identity.clauses.options, seqTypeOf(c.type.name) ?? 'int8') }
    : null;
  const notNull = c.notNull || identity !== null;
  return {
    name: c.name, type: c.type, notNull, default: dflt, identity,
    generated: c.generatedNode ? exprFromNode(c.generatedNode) : null, collation: c.collation, source: c.span,
    ...columnAttributes(c, t.name.name, notNull),
    ...(c.fdw?.options.length ? { fdwOptions: c.fdw.options } : {}), ...(c.fdw?.secretOptions.length ? { fdwSecretOptions: c.fdw.secretOptions } : {}),
  };
};

/** The attributes a column has beyond the defaults (absent when default: see ColumnDef). Storage is settled once types are known. */
const columnAttributes = (c: DraftColumn, table: string, notNull: boolean): Partial<ColumnDef> => ({
  ...(c.generatedNode && c.virtual ? { virtual: true as const } : {}),
  ...(c.storage !== null ? { storage: c.storage } : {}),
  ...(c.compression !== null ? { compression: c.compression } : {}),
  ...(c.statisticsTarget !== null ? { statisticsTarget: c.statisticsTarget } : {}),
  ...(c.options.length ? { options: c.options } : {}),
  ...(notNull && c.notNullName !== null && c.notNullName !== defaultNotNullName(table, c.name) ? { notNullName: c.notNullName } : {}),
  ...(notNull && c.notNullNotValid ? { notNullValidated: false as const } : {}),
});

const pkCache = new WeakMap<SchemaDraft, Map<string, SchemaDraft['constraints'][number]>>();
/** Primary keys by table key, built once per draft (a lookup per foreign key would be quadratic). */
const primaryKeys = (d: SchemaDraft): Map<string, SchemaDraft['constraints'][number]> => {
  let m = pkCache.get(d);
  if (!m) {
    m = new Map();
    for (const c of d.constraints) if (c.node['contype'] === 'CONSTR_PRIMARY' && !m.has(keyOfName(c.table))) m.set(keyOfName(c.table), c);
    pkCache.set(d, m);
  }
  return m;
};

/** Foreign keys written without referenced columns reference the other table's primary key. */
const fillForeignKey = (node: Node, d: SchemaDraft, span: DraftColumn['span']): boolean => {
  if (node['pk_attrs']?.length) return true;
  const pk = node['pktable'];
  const target = { schema: pk.schemaname ?? 'public', name: pk.relname };
  const pkc = primaryKeys(d).get(keyOfName(target));
  if (!pkc) {
    d.diagnostics.push(diagnostic('unknown_reference', `foreign key references ${quoteQualified(target)} without naming columns, and that table declares no primary key`, span));
    return false;
  }
  const cols = pkc.column ? [pkc.column] : pkc.node['keys'].map((k: Node) => k['String'].sval);
  node['pk_attrs'] = cols.map((s: string) => ({ String: { sval: s } }));
  return true;
};

/**
 * A CHECK that a partition declares under the name of one of its ancestors' CHECKs is merged
 * into the inherited one by PostgreSQL (CREATE TABLE ... PARTITION OF and ATTACH PARTITION
 * alike: conislocal false, coninhcount 1), as pg_dump writes GitLab's partitions. It is the
 * parent's clone, implied like the partition's attached indexes, so the model leaves it out.
 * Inheritance children (INHERITS) keep theirs: there the merged constraint stays local.
 */
const dropMergedPartitionChecks = (tables: ReadonlyMap<string, TableDef>, constraints: Map<string, ConstraintDef>): void => {
  const checksOf = new Map<string, Set<string>>();
  for (const c of constraints.values()) {
    if (c.type !== 'check') continue;
    const k = keyOfName(c.table);
    let names = checksOf.get(k);
    if (!names) checksOf.set(k, (names = new Set()));
    names.add(c.name);
  }
  for (const [key, c] of [...constraints]) {
    if (c.type !== 'check') continue;
    const seen = new Set<string>();
    for (let t = tables.get(keyOfName(c.table)); t?.partitionOf && !seen.has(keyOfName(t.name)); t = tables.get(keyOfName(t.partitionOf.parent))) {
      seen.add(keyOfName(t.name));
      if (checksOf.get(keyOfName(t.partitionOf.parent))?.has(c.name)) { constraints.delete(key); break; }
    }
  }
};

interface EffectiveColumn { readonly default: SqlExpr | null; readonly notNull: boolean; readonly type: ColumnDef['type'] }

/**
 * The partitions' DEFAULT / NOT NULL on their parents' columns (TableDef.columnOverrides): what
 * each partition's column ends up with (its own option, else its parent's), kept where it
 * differs from the parent's, so a partition declared like its parent has none.
 */
const withColumnOverrides = (d: SchemaDraft, tables: Map<string, TableDef>): void => {
  const memo = new Map<string, EffectiveColumn | null>();
  const effective = (key: string, column: string, seen: ReadonlySet<string> = new Set()): EffectiveColumn | null => {
    const mk = `${key}\u0000${column}`;
    if (memo.has(mk)) return memo.get(mk)!;
    const t = tables.get(key);
    let out: EffectiveColumn | null = null;
    const own = t?.columns.find((c) => c.name === column);
    if (own) out = { default: own.default, notNull: own.notNull, type: own.type };
    else if (t?.partitionOf && !seen.has(key)) {
      const up = effective(keyOfName(t.partitionOf.parent), column, new Set([...seen, key]));
      const opt = d.tables.get(key)?.columnOptions?.get(column);
      if (up) {
        const dflt = opt?.defaultNode === undefined ? up.default
          : opt.defaultNode === null || isNullConst(opt.defaultNode) ? null : defaultExprFromNode(opt.defaultNode, up.type);
        out = { default: dflt, notNull: up.notNull || (opt?.notNull ?? false), type: up.type };
      }
    }
    memo.set(mk, out);
    return out;
  };
  for (const draft of d.tables.values()) {
    const key = keyOfName(draft.name);
    const t = tables.get(key);
    if (!draft.columnOptions?.size || !t?.partitionOf) continue;
    const overrides: Record<string, ColumnOverride> = {};
    for (const [column] of [...draft.columnOptions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const parent = effective(keyOfName(t.partitionOf.parent), column);
      if (!parent) {
        d.diagnostics.push(diagnostic('unknown_reference', `partition ${quoteQualified(t.name)} sets column ${quoteIdent(column)}, which its parent ${quoteQualified(t.partitionOf.parent)} does not have`, draft.span));
        continue;
      }
      const mine = effective(key, column)!;
      const o: { default?: SqlExpr | null; notNull?: true } = {};
      if ((mine.default?.canon ?? null) !== (parent.default?.canon ?? null)) o.default = mine.default;
      if (mine.notNull && !parent.notNull) o.notNull = true;
      if (Object.keys(o).length) overrides[column] = o;
    }
    if (Object.keys(overrides).length) tables.set(key, { ...t, columnOverrides: overrides });
  }
};

/** Statement order across the source tree (files are read in path order). */
const before = (a: SourceSpan | null, b: SourceSpan): boolean =>
  a !== null && (a.file < b.file || (a.file === b.file && (a.line < b.line || (a.line === b.line && a.column < b.column))));

/** Entries of a model map grouped by their table, so adoption looks at one table's objects only. */
const byTable = <T extends { readonly table: QualifiedName }>(m: ReadonlyMap<string, T>): Map<string, [string, T][]> => {
  const out = new Map<string, [string, T][]>();
  for (const e of m) {
    const k = keyOfName(e[1].table);
    const list = out.get(k);
    if (list) list.push(e); else out.set(k, [e]);
  }
  return out;
};

/**
 * A partitioned table's CREATE INDEX (not ON ONLY) and ALTER TABLE ... ATTACH PARTITION both make
 * PostgreSQL attach a partition's existing index (or PRIMARY KEY / UNIQUE constraint) of the
 * parent's definition instead of building another: such an object, declared before the
 * statement, becomes the parent's clone, implied by it like the ones PostgreSQL creates, so the
 * model leaves it out. Declared after, it stays a second, local object. One event per statement:
 * a parent index (`at` its CREATE INDEX) over all its partitions, or one partition's ATTACH.
 */
const adoptPartitionObjects = (
  d: SchemaDraft, tables: ReadonlyMap<string, TableDef>, constraints: Map<string, ConstraintDef>, indexes: Map<string, IndexDef>, stmts: ReadonlyMap<string, Node>,
): void => {
  const idx = byTable(indexes);
  const keys = byTable(new Map([...constraints].filter(([, c]) => c.type === 'primary_key' || c.type === 'unique')));
  const drop = (child: string, at: SourceSpan, parentIndexes: readonly IndexDef[], parentKeys: readonly ConstraintDef[]): void => {
    const shapes = new Set(parentIndexes.map(indexShape));
    for (const [k, i] of idx.get(child) ?? []) if (indexes.has(k) && before(i.source, at) && shapes.has(indexShape(i))) indexes.delete(k);
    const defs = new Set(parentKeys.map((c) => `${c.type} ${c.definition.canon}`));
    for (const [k, c] of keys.get(child) ?? []) if (before(c.source, at) && defs.has(`${c.type} ${c.definition.canon}`)) constraints.delete(k);
  };
  const partitionsOf = new Map<string, string[]>();
  for (const [k, t] of tables) if (t.partitionOf) partitionsOf.set(keyOfName(t.partitionOf.parent), [...(partitionsOf.get(keyOfName(t.partitionOf.parent)) ?? []), k]);
  for (const [k, parent] of [...indexes]) {
    const children = partitionsOf.get(keyOfName(parent.table));
    if (!children || parent.source === null || stmts.get(k)?.['relation']?.inh === false) continue;
    for (const child of children) drop(child, parent.source, [parent], []);
  }
  for (const a of d.attachments) {
    if (a.kind !== 'partition') continue;
    const parent = keyOfName(a.parent);
    const earlier = <T extends { readonly source: SourceSpan | null }>(l: readonly [string, T][] | undefined): T[] => (l ?? []).map(([, x]) => x).filter((x) => before(x.source, a.span));
    drop(keyOfName(a.child), a.span, earlier(idx.get(parent)), earlier(keys.get(parent)));
  }
};

export const buildModel = (d: SchemaDraft, names: Names) => {
  const sequences = new Map<string, SequenceDef>();
  for (const s of d.sequences.values()) {
    sequences.set(keyOfName(s.name), {
      kind: 'sequence', name: s.name, options: fillSequenceOptions(s.clauses.options), ownedBy: s.clauses.ownedBy ?? null, source: s.span,
    });
  }
  const tables = new Map<string, TableDef>();
  for (const t of d.tables.values()) {
    tables.set(keyOfName(t.name), {
      kind: 'table', name: t.name, unlogged: t.unlogged, options: t.options,
      columns: t.columns.map((c) => buildColumn(t, c, names, sequences)),
      ...(t.partitionBy !== null ? { partitionBy: t.partitionBy } : {}),
      ...(t.partitionOf ? { partitionOf: { parent: t.partitionOf.parent, bound: t.partitionOf.bound } } : t.inherits.length ? { inherits: t.inherits } : {}),
      ...(t.foreign ? { foreign: t.foreign } : {}),
      ...(t.accessMethod !== null ? { accessMethod: t.accessMethod } : {}),
      ...(t.replicaIdentity !== null ? { replicaIdentity: t.replicaIdentity.identity } : {}),
      ...(t.clusterOn !== null ? { clusterOn: t.clusterOn } : {}),
      source: t.span,
    });
  }
  withColumnOverrides(d, tables);
  const constraints = new Map<string, ConstraintDef>();
  for (const c of d.constraints) {
    const node = { ...c.node };
    if (c.column) {
      if (node['contype'] === 'CONSTR_FOREIGN') node['fk_attrs'] = [{ String: { sval: c.column } }];
      else if (node['contype'] === 'CONSTR_PRIMARY' || node['contype'] === 'CONSTR_UNIQUE') node['keys'] = [{ String: { sval: c.column } }];
    }
    if (node['contype'] === 'CONSTR_FOREIGN' && !fillForeignKey(node, d, c.span)) continue;
    // PostgreSQL ignores NOT VALID inside CREATE TABLE (the table is empty): such constraints are valid.
    const def = constraintFromNode({ table: c.table, name: node['conname'], node, source: c.span, ...(c.origin === 'create' ? { validated: true } : {}) });
    const key = `${keyOfName(c.table)}.${def.name}`;
    if (constraints.has(key)) { d.diagnostics.push(diagnostic('duplicate_object', `constraint ${quoteIdent(def.name)} is declared twice on ${quoteQualified(c.table)}`, c.span)); continue; }
    constraints.set(key, def);
  }
  dropMergedPartitionChecks(tables, constraints);
  const indexes = new Map<string, IndexDef>();
  const indexStmts = new Map<string, Node>();
  for (const i of d.indexes) {
    const def = indexFromStmt(i.stmt, i.span);
    const key = keyOfName(def.name);
    if (indexes.has(key)) {
      if (!i.stmt['if_not_exists']) d.diagnostics.push(diagnostic('duplicate_object', `index ${quoteQualified(def.name)} is declared twice`, i.span));
      continue;
    }
    indexes.set(key, def);
    indexStmts.set(key, i.stmt);
  }
  applyIndexStatistics(d, indexes, indexStmts, constraints);
  // Either side may be the index of a PRIMARY KEY / UNIQUE constraint (pg_dump attaches those too),
  // which is not an index of the model: only a declared partition index goes away.
  // A partition's key constraint attached to its parent's is the parent's clone: implied too.
  const keyConstraints = new Map<string, string>();
  for (const [k, c] of constraints) if (c.type === 'primary_key' || c.type === 'unique') keyConstraints.set(`${c.table.schema}.${c.name}`, k);
  for (const a of d.indexAttachments) {
    indexes.delete(keyOfName(a.child));
    const con = keyConstraints.get(keyOfName(a.child));
    if (con && keyConstraints.has(keyOfName(a.parent))) constraints.delete(con);
  }
  adoptPartitionObjects(d, tables, constraints, indexes, indexStmts);
  return { sequences, tables, constraints, indexes };
};
