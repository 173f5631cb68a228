/**
 * `-- pg-flux:renamed-from old` hints → ALTER ... RENAME, and the live model as it is once the
 * renames ran, so the rest of the plan is computed against it (a renamed column keeps its values,
 * constraints and indexes; nothing is dropped and added). A hint is inert when its old name no
 * longer exists live (or the new one already does), so it may stay in the source.
 *
 * Definitions that mention a renamed table or column are rebuilt through their parse trees and the
 * same canonicalisers as the inspector, so they compare equal to what the server prints after the rename.
 */
import { deparseNode, parseStatements, type Node } from '../parse/pg-query.js';
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import { constraintKey } from '../model/schema.js';
import type { ConstraintDef, IndexDef, TableDef } from '../model/objects.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import type { RenameHint } from '../model/rename-hint.js';
import { constraintFromNode } from '../canon/constraints.js';
import { indexFromStmt } from '../canon/indexes.js';
import { defaultFromCatalog, generatedFromCatalog } from '../canon/catalog.js';
import { defaultNotNullName } from '../canon/naming.js';

export type { RenameHint };

/** Copy of a parse tree where `fn` may replace any object node (children first are not visited for replaced nodes). */
const mapTree = (n: unknown, fn: (o: Node) => Node | undefined): unknown => {
  if (Array.isArray(n)) return n.map((x) => mapTree(x, fn));
  if (!n || typeof n !== 'object') return n;
  const replaced = fn(n);
  if (replaced) return replaced;
  const out: Node = {};
  for (const [k, v] of Object.entries(n as Node)) out[k] = mapTree(v, fn);
  return out;
};

const str = (s: string): Node => ({ String: { sval: s } });

/**
 * A parse tree with column `from` renamed: in column references (when `refs`), index elements,
 * and the String lists under the keys in `lists` (constraint keys, INCLUDE, FK columns).
 */
const renameColumn = (tree: Node, from: string, to: string, opts: { lists: readonly string[]; refs: boolean }): Node => {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const out: Node = {};
    for (const [k, v] of Object.entries(n as Node)) {
      out[k] = opts.lists.includes(k) && Array.isArray(v) ? v.map((x: Node) => (x?.['String']?.sval === from ? str(to) : walk(x))) : walk(v);
    }
    const cr = out['ColumnRef'];
    if (opts.refs && cr && cr.fields?.at(-1)?.String?.sval === from) out['ColumnRef'] = { ...cr, fields: [...cr.fields.slice(0, -1), str(to)] };
    if (opts.refs && out['IndexElem']?.name === from) out['IndexElem'] = { ...out['IndexElem'], name: to };
    return out;
  };
  return walk(tree) as Node;
};

const constraintNode = (c: ConstraintDef): Node =>
  parseStatements(`ALTER TABLE _t ADD CONSTRAINT _c ${c.definition.sql}`)[0]!.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint;

const rebuildConstraint = (c: ConstraintDef, table: QualifiedName, name: string, edit: (n: Node) => Node): ConstraintDef =>
  constraintFromNode({ table, name, node: edit(constraintNode(c)), source: c.source, validated: c.validated });

const rebuildIndex = (i: IndexDef, edit: (stmt: Node) => Node): IndexDef => {
  const stmt = edit(parseStatements(i.definition.sql)[0]!.node['IndexStmt']);
  return indexFromStmt(stmt, i.source, deparseNode({ IndexStmt: stmt }));
};

class Renamer {
  readonly tables: Record<string, TableDef>;
  readonly constraints: Record<string, ConstraintDef>;
  readonly indexes: Record<string, IndexDef>;
  readonly sequences: Schema['sequences'][string][];
  readonly enums: Record<string, Schema['enums'][string]>;
  readonly changes: Change[] = [];
  /** Old table key → new, for facts keyed by table. */
  readonly tableKeys = new Map<string, string>();

  /** True on PostgreSQL 18 and later, whose NOT NULL constraints keep their names through renames. */
  private readonly notNullNames: boolean;

  constructor(private readonly live: Schema, private readonly want: Schema, notNullNames: boolean) {
    this.notNullNames = notNullNames;
    this.tables = { ...live.tables };
    this.constraints = { ...live.constraints };
    this.indexes = { ...live.indexes };
    this.sequences = Object.values(live.sequences);
    this.enums = { ...live.enums };
  }

  table(to: QualifiedName, fromName: string): void {
    const from = { schema: to.schema, name: fromName };
    const [f, t] = [keyOf(from), keyOf(to)];
    if (!(f in this.tables) || t in this.tables || !(t in this.want.tables) || f in this.want.tables) return;
    this.tables[t] = { ...this.keepNotNullNames(this.tables[f]!, fromName, () => true), name: to };
    delete this.tables[f];
    this.tableKeys.set(f, t);
    for (const [k, c] of Object.entries(this.constraints)) {
      const own = keyOf(c.table) === f;
      const refs = c.references !== null && keyOf(c.references.table) === f;
      if (!own && !refs) continue;
      const table = own ? to : c.table;
      const next = refs
        ? rebuildConstraint(c, table, c.name, (n) => ({ ...n, pktable: { ...n['pktable'], schemaname: to.schema, relname: to.name } }))
        : { ...c, table };
      delete this.constraints[k];
      this.constraints[constraintKey(next)] = next;
    }
    for (const [k, i] of Object.entries(this.indexes)) {
      if (keyOf(i.table) !== f) continue;
      this.indexes[k] = rebuildIndex(i, (s) => ({ ...s, relation: { ...s['relation'], schemaname: to.schema, relname: to.name } }));
    }
    this.moveOwners((o) => (keyOf(o.table) === f ? { table: to, column: o.column } : o));
    this.changes.push({ kind: 'rename_table', from, to });
    this.follow(to);
  }

  /**
   * What is named after a renamed table or column (default names: users_pkey, users_id_seq,
   * users_email_key) follows it: a live constraint, index or owned sequence of the table that the
   * source names differently, with the same definition, is renamed rather than dropped and created.
   */
  private follow(table: QualifiedName): void {
    const t = keyOf(table);
    const wantCons = Object.values(this.want.constraints).filter((c) => keyOf(c.table) === t && !(constraintKey(c) in this.constraints));
    for (const c of Object.values(this.constraints)) {
      if (keyOf(c.table) !== t || constraintKey(c) in this.want.constraints) continue;
      const twin = wantCons.find((w) => w.definition.canon === c.definition.canon && w.type === c.type);
      if (twin) { this.constraint(table, twin.name, c.name); wantCons.splice(wantCons.indexOf(twin), 1); }
    }
    const wantIdx = Object.values(this.want.indexes).filter((i) => keyOf(i.table) === t && !(keyOf(i.name) in this.indexes));
    for (const i of Object.values(this.indexes)) {
      if (keyOf(i.table) !== t || keyOf(i.name) in this.want.indexes) continue;
      const canon = rebuildIndex(i, (s) => ({ ...s, idxname: '_' })).definition.canon;
      const twin = wantIdx.find((w) => w.name.schema === i.name.schema && rebuildIndex(w, (s) => ({ ...s, idxname: '_' })).definition.canon === canon);
      if (twin) { this.index(twin.name, i.name.name); wantIdx.splice(wantIdx.indexOf(twin), 1); }
    }
    for (const s of [...this.sequences]) {
      if (!s.ownedBy || keyOf(s.ownedBy.table) !== t || keyOf(s.name) in this.want.sequences) continue;
      const twin = Object.values(this.want.sequences).find((w) => w.ownedBy && keyOf(w.ownedBy.table) === t && w.ownedBy.column === s.ownedBy!.column
        && !this.sequences.some((x) => keyOf(x.name) === keyOf(w.name)));
      if (twin) this.sequence(s.name, twin.name);
    }
    const want = this.want.tables[t];
    const live = this.tables[t];
    if (!want || !live) return;
    // Identity sequences are named in the column, not owned rows of the model.
    live.columns.forEach((c) => {
      const w = want.columns.find((x) => x.name === c.name);
      if (c.identity && w?.identity && keyOf(c.identity.sequenceName) !== keyOf(w.identity.sequenceName)) this.sequence(c.identity.sequenceName, w.identity.sequenceName);
    });
  }

  private sequence(from: QualifiedName, to: QualifiedName): void {
    if (from.schema !== to.schema) return;
    const i = this.sequences.findIndex((s) => keyOf(s.name) === keyOf(from));
    if (i >= 0) this.sequences[i] = { ...this.sequences[i]!, name: to };
    const oldText = [keyOf(from), from.name];
    for (const [k, t] of Object.entries(this.tables)) {
      this.tables[k] = {
        ...t,
        columns: t.columns.map((c) => {
          let col = c;
          if (c.identity && keyOf(c.identity.sequenceName) === keyOf(from)) col = { ...col, identity: { ...c.identity, sequenceName: to } };
          if (c.default?.refs.includes(`sequence:${keyOf(from)}`)) {
            // nextval('old'::regclass) prints the new name once the sequence is renamed.
            const node = parseStatements(`SELECT ${c.default.sql}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val;
            const renamed = mapTree(node, (o) => (oldText.includes(o['A_Const']?.sval?.sval) ? { A_Const: { ...o['A_Const'], sval: { sval: keyOf(to) } } } : undefined));
            col = { ...col, default: defaultFromCatalog(deparseNode(renamed as Node)) };
          }
          return col;
        }),
      };
    }
    this.changes.push({ kind: 'rename_sequence', from, to });
  }

  column(table: QualifiedName, to: string, from: string): void {
    const k = keyOf(table);
    const t = this.tables[k];
    const w = this.want.tables[k];
    if (!t || !w || !t.columns.some((c) => c.name === from) || t.columns.some((c) => c.name === to)
      || !w.columns.some((c) => c.name === to) || w.columns.some((c) => c.name === from)) return;
    const expr = (sql: string, build: (text: string) => unknown) => {
      const node = parseStatements(`SELECT ${sql}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val;
      return build(deparseNode(renameColumn(node, from, to, { lists: [], refs: true })));
    };
    const kept = this.keepNotNullNames(t, t.name.name, (c) => c.name === from);
    this.tables[k] = {
      ...kept,
      columns: kept.columns.map((c) => ({
        ...c,
        name: c.name === from ? to : c.name,
        generated: c.generated && c.generated.refs.includes(`column:${from}`) ? expr(c.generated.sql, generatedFromCatalog) as typeof c.generated : c.generated,
      })),
    };
    for (const [key, c] of Object.entries(this.constraints)) {
      const own = keyOf(c.table) === k && c.columns.includes(from);
      const refs = c.references !== null && keyOf(c.references.table) === k && c.references.columns.includes(from);
      if (!own && !refs) continue;
      this.constraints[key] = rebuildConstraint(c, c.table, c.name, (n) =>
        renameColumn(n, from, to, { lists: [...(own ? ['keys', 'including', 'fk_attrs'] : []), ...(refs ? ['pk_attrs'] : [])], refs: own }));
    }
    for (const [key, i] of Object.entries(this.indexes)) {
      if (keyOf(i.table) !== k || !i.columns.includes(from)) continue;
      this.indexes[key] = rebuildIndex(i, (s) => renameColumn(s, from, to, { lists: [], refs: true }));
    }
    this.moveOwners((o) => (keyOf(o.table) === k && o.column === from ? { table: o.table, column: to } : o));
    this.changes.push({ kind: 'rename_column', table, from, to });
    this.follow(table);
  }

  /**
   * A rename keeps the NOT NULL constraints' names (PostgreSQL 18): the default names of the
   * old table and column become names of their own, which the diff then renames to the new defaults.
   */
  private keepNotNullNames(t: TableDef, tableName: string, which: (c: TableDef['columns'][number]) => boolean): TableDef {
    if (!this.notNullNames) return t;
    return { ...t, columns: t.columns.map((c) => (c.notNull && c.notNullName === undefined && which(c) ? { ...c, notNullName: defaultNotNullName(tableName, c.name) } : c)) };
  }

  index(to: QualifiedName, from: string): void {
    const [f, t] = [`${to.schema}.${from}`, keyOf(to)];
    if (!(f in this.indexes) || t in this.indexes || !(t in this.want.indexes) || f in this.want.indexes) return;
    this.indexes[t] = rebuildIndex(this.indexes[f]!, (s) => ({ ...s, idxname: to.name }));
    delete this.indexes[f];
    this.changes.push({ kind: 'rename_index', from: { schema: to.schema, name: from }, to });
  }

  constraint(table: QualifiedName, to: string, from: string): void {
    const [f, t] = [constraintKey({ table, name: from }), constraintKey({ table, name: to })];
    if (!(f in this.constraints) || t in this.constraints || !(t in this.want.constraints) || f in this.want.constraints) return;
    this.constraints[t] = { ...this.constraints[f]!, name: to };
    delete this.constraints[f];
    this.changes.push({ kind: 'rename_constraint', table, from, to });
  }

  enumValue(e: QualifiedName, to: string, from: string): void {
    const live = this.enums[keyOf(e)];
    const want = this.want.enums[keyOf(e)];
    if (!live || !want || !live.values.includes(from) || live.values.includes(to) || !want.values.includes(to) || want.values.includes(from)) return;
    this.enums[keyOf(e)] = { ...live, values: live.values.map((v) => (v === from ? to : v)) };
    // Defaults holding the label print the new one once it is renamed.
    for (const [k, t] of Object.entries(this.tables)) {
      if (!t.columns.some((c) => c.type.schema === e.schema && c.type.name === e.name && c.default)) continue;
      this.tables[k] = {
        ...t,
        columns: t.columns.map((c) => {
          if (c.type.schema !== e.schema || c.type.name !== e.name || !c.default) return c;
          const node = parseStatements(`SELECT ${c.default.sql}`)[0]!.node['SelectStmt'].targetList[0].ResTarget.val;
          const renamed = mapTree(node, (o) => (o['A_Const']?.sval?.sval === from ? { A_Const: { ...o['A_Const'], sval: { sval: to } } } : undefined));
          return { ...c, default: defaultFromCatalog(deparseNode(renamed as Node)) };
        }),
      };
    }
    this.changes.push({ kind: 'rename_enum_value', enum: e, from, to });
  }

  private moveOwners(f: (o: { table: QualifiedName; column: string }) => { table: QualifiedName; column: string }): void {
    for (let i = 0; i < this.sequences.length; i++) {
      const s = this.sequences[i]!;
      if (s.ownedBy) this.sequences[i] = { ...s, ownedBy: f(s.ownedBy) };
    }
  }

  schema(): Schema {
    return {
      ...this.live, tables: this.tables, constraints: this.constraints, indexes: this.indexes, enums: this.enums,
      sequences: Object.fromEntries(this.sequences.map((s) => [keyOf(s.name), s])),
    };
  }
}

const ORDER: readonly RenameHint['kind'][] = ['table', 'column', 'index', 'constraint', 'enum_value'];

export const applyRenames = (
  from: Schema, to: Schema, hints: readonly RenameHint[], opts: { readonly notNullNames?: boolean } = {},
): { schema: Schema; changes: Change[]; tableKeys: ReadonlyMap<string, string> } => {
  if (hints.length === 0) return { schema: from, changes: [], tableKeys: new Map() };
  const r = new Renamer(from, to, opts.notNullNames ?? false);
  for (const kind of ORDER) {
    for (const h of hints) {
      if (h.kind !== kind) continue;
      if (h.kind === 'table') r.table(h.to, h.from);
      else if (h.kind === 'column') r.column(h.table, h.to, h.from);
      else if (h.kind === 'index') r.index(h.to, h.from);
      else if (h.kind === 'constraint') r.constraint(h.table, h.to, h.from);
      else r.enumValue(h.enum, h.to, h.from);
    }
  }
  return r.changes.length ? { schema: r.schema(), changes: r.changes, tableKeys: r.tableKeys } : { schema: from, changes: [], tableKeys: new Map() };
};
