/**
 * The rebuild mechanism (DESIGN.md, "Rebuilds are one mechanism"). PostgreSQL refuses to drop
 * or retype an object while others depend on it. From the changes a first diff pass planned,
 * this finds what they break (objects dropped or recreated, columns retyped), then every live
 * object that depends on a broken one (the model's dependency facts: pg_depend on the live
 * side) and stays in the schema: it must be dropped first and created again after. Rebuilt
 * objects break their own dependants in turn (a view on a view on a view).
 *
 * Which dependants a retype breaks is a property of the dependant's kind: PostgreSQL rebuilds
 * indexes, constraints and defaults under ALTER COLUMN ... TYPE itself, but refuses while a
 * view, rule, trigger or policy uses the column. A drop breaks every dependant.
 *
 * A dependant pg-flux does not manage (a policy, for now) would make the drop fail at apply
 * time, or take it away: the plan is refused, naming it.
 */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import { functionKey, onTableKey } from '../model/schema.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import { DiagnosticError, diagnostic } from '../model/diagnostic.js';
import { castRef, castUsesRefs, statisticsRef, eventTriggerFunctionRef, eventTriggerRef, collationRef, colRef, conRef, extRef, fnameRef, functionRef, idxRef, policyRef, ruleRef, seqRef, tableRef, triggerRef, typeRef } from '../order/refs.js';

type Breakage = 'gone' | 'retyped';

interface Broken { readonly how: Breakage; readonly what: string }

/** Kinds a retyped column breaks (PostgreSQL: "cannot alter type of a column used by a view or rule", ...). */
const BROKEN_BY_RETYPE = new Set(['view', 'rule', 'trigger', 'policy', 'unmanaged']);

interface Dependant {
  readonly ref: string;
  readonly kind: 'view' | 'function' | 'aggregate' | 'trigger' | 'rule' | 'event trigger' | 'cast' | 'policy' | 'domain' | 'constraint' | 'index' | 'default' | 'unmanaged';
  /** Human name for messages. */
  readonly name: string;
  readonly refs: readonly string[];
  /** True when the object stays in the desired schema (so it must come back). */
  readonly kept: boolean;
  /** What rebuilding it breaks in turn. */
  readonly provides: readonly string[];
  /** The relation it belongs to (a policy, trigger or rule of a table): dropping that relation drops it too. */
  readonly owner?: string;
}

/** `schema.table.name` of an object on a relation → `table:schema.table` (names may hold dots: from the right). */
const ownerOf = (key: string): string => `table:${key.slice(0, key.lastIndexOf('.'))}`;
const ON_RELATION = new Set(['policy', 'trigger', 'rule']);

const fnameRefs = (refs: readonly string[]): string[] => refs.filter((r) => r.startsWith('fname:'));

/** Every live object that depends on others, with what it depends on. */
const dependantsOf = (from: Schema, to: Schema): Dependant[] => {
  const out: Dependant[] = [];
  for (const [k, v] of Object.entries(from.views)) {
    out.push({
      ref: tableRef(v.name), kind: 'view', name: `${v.materialized ? 'materialized view' : 'view'} ${k}`, refs: v.refs, kept: k in to.views,
      provides: [tableRef(v.name), ...v.columns.map((c) => colRef(v.name, c.name))],
    });
  }
  for (const [k, f] of Object.entries(from.functions)) {
    out.push({ ref: functionRef(k), kind: 'function', name: `${f.routineKind} ${k}`, refs: f.refs, kept: k in to.functions, provides: [functionRef(k), fnameRef(f.name)] });
  }
  for (const [k, a] of Object.entries(from.aggregates)) {
    out.push({ ref: functionRef(k), kind: 'aggregate', name: `aggregate ${k}`, refs: a.refs, kept: k in to.aggregates, provides: [functionRef(k), fnameRef(a.name)] });
  }
  for (const [k, t] of Object.entries(from.triggers)) {
    out.push({ ref: triggerRef(k), kind: 'trigger', name: `trigger ${t.name} on ${keyOf(t.table)}`, refs: t.refs, kept: k in to.triggers, provides: [triggerRef(k)] });
  }
  for (const [k, r] of Object.entries(from.rules)) {
    out.push({ ref: ruleRef(k), kind: 'rule', name: `rule ${r.name} on ${keyOf(r.table)}`, refs: r.refs, kept: k in to.rules, provides: [ruleRef(k)] });
  }
  for (const [k, e] of Object.entries(from.eventTriggers)) {
    out.push({ ref: eventTriggerRef(k), kind: 'event trigger', name: `event trigger ${k}`, refs: [eventTriggerFunctionRef(e.function)], kept: k in to.eventTriggers, provides: [eventTriggerRef(k)] });
  }
  // A cast uses its types and function: one of them dropped or recreated takes the cast along.
  for (const [k, c] of Object.entries(from.casts)) {
    out.push({ ref: castRef(k), kind: 'cast', name: `cast ${k}`, refs: castUsesRefs(c), kept: k in to.casts, provides: [castRef(k)] });
  }
  for (const [k, p] of Object.entries(from.policies)) {
    out.push({ ref: policyRef(k), kind: 'policy', name: `policy ${p.name} on ${keyOf(p.table)}`, refs: p.refs, kept: k in to.policies, provides: [policyRef(k)] });
  }
  // A domain's CHECKs may call routines: rebuilding them means dropping and adding the constraints.
  for (const [k, d] of Object.entries(from.domains)) {
    const refs = fnameRefs(d.refs);
    if (refs.length) out.push({ ref: `domain:${k}`, kind: 'domain', name: `the constraints of domain ${k}`, refs, kept: k in to.domains, provides: [] });
  }
  // Constraints, indexes and defaults: the routines their expressions call (by name) and, for
  // an index, the relation it is on (a materialized view that is recreated takes it along).
  for (const [k, c] of Object.entries(from.constraints)) {
    const refs = fnameRefs(c.definition.refs);
    if (refs.length) out.push({ ref: conRef(c), kind: 'constraint', name: `constraint ${c.name} on ${keyOf(c.table)}`, refs, kept: k in to.constraints, provides: [conRef(c)] });
  }
  for (const [k, i] of Object.entries(from.indexes)) {
    out.push({ ref: idxRef(i.name), kind: 'index', name: `index ${k}`, refs: [tableRef(i.table), ...fnameRefs(i.definition.refs)], kept: k in to.indexes, provides: [idxRef(i.name)] });
  }
  // Statistics go with the relation they are on (a materialized view that is recreated), like indexes.
  for (const [k, s] of Object.entries(from.statistics)) {
    out.push({ ref: statisticsRef(s.name), kind: 'index', name: `statistics ${k}`, refs: [tableRef(s.table)], kept: k in to.statistics, provides: [] });
  }
  for (const t of Object.values(from.tables)) {
    const want = to.tables[keyOf(t.name)];
    for (const c of t.columns) {
      const refs = fnameRefs(c.default?.refs ?? []);
      if (!refs.length) continue;
      const kept = want?.columns.some((w) => w.name === c.name && w.default !== null) ?? false;
      out.push({ ref: defaultRef(t.name, c.name), kind: 'default', name: `the default of ${keyOf(t.name)}.${c.name}`, refs, kept, provides: [] });
    }
  }
  for (const u of from.unmanaged) {
    if (!u.refs?.length) continue;
    out.push({
      ref: `${u.kind}:${u.key}`, kind: 'unmanaged', name: `${u.kind} ${u.key}`, refs: u.refs, kept: true, provides: [],
      ...(ON_RELATION.has(u.kind) ? { owner: ownerOf(u.key) } : {}),
    });
  }
  return out;
};

export const defaultRef = (t: QualifiedName, column: string): string => `default:${t.schema}.${t.name}.${column}`;

/** What the planned changes take away (dropped, recreated) or retype. */
const brokenBy = (changes: readonly Change[]): Map<string, Broken> => {
  const out = new Map<string, Broken>();
  const gone = (ref: string, what: string): void => { out.set(ref, { how: 'gone', what }); };
  for (const c of changes) {
    switch (c.kind) {
      case 'drop_table':
        gone(tableRef(c.table.name), `table ${keyOf(c.table.name)} is dropped`);
        for (const col of c.table.columns) gone(colRef(c.table.name, col.name), `table ${keyOf(c.table.name)} is dropped`);
        break;
      case 'drop_column': gone(colRef(c.table, c.column.name), `column ${keyOf(c.table)}.${c.column.name} is dropped`); break;
      case 'alter_column_type':
        if (!out.has(colRef(c.table, c.to.name))) out.set(colRef(c.table, c.to.name), { how: 'retyped', what: `the type of ${keyOf(c.table)}.${c.to.name} changes` });
        break;
      case 'recreate_enum':
        gone(typeRef(c.from.name), `type ${keyOf(c.from.name)} is recreated`);
        for (const u of c.columns) {
          if (!out.has(colRef(u.table, u.column))) out.set(colRef(u.table, u.column), { how: 'retyped', what: `${keyOf(u.table)}.${u.column} moves to the recreated type ${keyOf(c.to.name)}` });
        }
        break;
      case 'drop_enum': gone(typeRef(c.enum.name), `type ${keyOf(c.enum.name)} is dropped`); break;
      case 'drop_sequence': gone(seqRef(c.sequence.name), `sequence ${keyOf(c.sequence.name)} is dropped`); break;
      case 'drop_extension': gone(extRef(c.extension.name), `extension ${c.extension.name} is dropped`); break;
      case 'drop_constraint': gone(conRef(c.constraint), `constraint ${c.constraint.name} on ${keyOf(c.constraint.table)} is dropped`); break;
      case 'drop_index': gone(idxRef(c.index.name), `index ${keyOf(c.index.name)} is dropped`); break;
      case 'drop_view': {
        const what = `${c.view.materialized ? 'materialized view' : 'view'} ${keyOf(c.view.name)} is ${c.reason ? 'recreated' : 'dropped'}`;
        gone(tableRef(c.view.name), what);
        for (const col of c.view.columns) gone(colRef(c.view.name, col.name), what);
        break;
      }
      case 'drop_function': {
        const what = `${c.function.routineKind} ${functionKey(c.function)} is ${c.reason ? 'recreated' : 'dropped'}`;
        gone(functionRef(functionKey(c.function)), what);
        gone(fnameRef(c.function.name), what);
        break;
      }
      case 'drop_aggregate': {
        const what = `aggregate ${functionKey(c.aggregate)} is ${c.reason ? 'recreated' : 'dropped'}`;
        gone(functionRef(functionKey(c.aggregate)), what);
        gone(fnameRef(c.aggregate.name), what);
        break;
      }
      case 'drop_trigger': gone(triggerRef(onTableKey(c.trigger)), `trigger ${c.trigger.name} is dropped`); break;
      case 'drop_rule': gone(ruleRef(onTableKey(c.rule)), `rule ${c.rule.name} is dropped`); break;
      case 'drop_policy': gone(policyRef(onTableKey(c.policy)), `policy ${c.policy.name} is dropped`); break;
      case 'drop_domain': gone(typeRef(c.domain.name), `domain ${keyOf(c.domain.name)} is dropped`); break;
      case 'drop_composite_type': gone(typeRef(c.type.name), `type ${keyOf(c.type.name)} is ${c.reason ? 'recreated' : 'dropped'}`); break;
      case 'drop_range_type': gone(typeRef(c.type.name), `type ${keyOf(c.type.name)} is ${c.reason ? 'recreated' : 'dropped'}`); break;
      case 'drop_collation': gone(collationRef(c.collation.name), `collation ${keyOf(c.collation.name)} is ${c.reason ? 'recreated' : 'dropped'}`); break;
      case 'recreate_composite_type':
        gone(typeRef(c.from.name), `type ${keyOf(c.from.name)} is recreated`);
        for (const u of c.columns) {
          if (!out.has(colRef(u.table, u.column))) out.set(colRef(u.table, u.column), { how: 'retyped', what: `${keyOf(u.table)}.${u.column} moves to the recreated type ${keyOf(c.to.name)}` });
        }
        break;
      case 'recreate_domain':
        gone(typeRef(c.from.name), `domain ${keyOf(c.from.name)} is recreated`);
        for (const u of c.columns) {
          if (!out.has(colRef(u.table, u.column))) out.set(colRef(u.table, u.column), { how: 'retyped', what: `${keyOf(u.table)}.${u.column} moves to the recreated domain ${keyOf(c.to.name)}` });
        }
        break;
      default: break;
    }
  }
  return out;
};

/**
 * The objects to rebuild (by ref, with the reason), given the changes of a first diff pass.
 * Throws when a dependant pg-flux does not manage would block (or be taken away by) a drop.
 */
export const findRebuilds = (changes: readonly Change[], from: Schema, to: Schema): Map<string, string> => {
  const broken = brokenBy(changes);
  const rebuild = new Map<string, string>();
  if (broken.size === 0) return rebuild;
  const dependants = dependantsOf(from, to);
  const byRef = new Map<string, Dependant[]>();
  for (const d of dependants) for (const r of d.refs) { const l = byRef.get(r); if (l) l.push(d); else byRef.set(r, [d]); }
  const blocked: string[] = [];
  const queue = [...broken.keys()];
  for (let i = 0; i < queue.length; i++) {
    const ref = queue[i]!;
    const b = broken.get(ref)!;
    for (const d of byRef.get(ref) ?? []) {
      if (d.ref === ref || rebuild.has(d.ref)) continue;
      if (b.how === 'retyped' && !BROKEN_BY_RETYPE.has(d.kind)) continue;
      // Dropping a table drops the policies, triggers and rules on it (nothing else depends on those).
      if (d.owner !== undefined && broken.get(d.owner)?.how === 'gone' && !(d.owner.slice('table:'.length) in to.tables)) continue;
      if (d.kind === 'unmanaged') { blocked.push(`${d.name} depends on it (${b.what}), and pg-flux does not manage that kind yet`); continue; }
      if (!d.kept) continue; // dropped by its own change, which the ordering puts first
      rebuild.set(d.ref, `it depends on something the plan changes: ${b.what}`);
      for (const p of d.provides) {
        if (!broken.has(p)) { broken.set(p, { how: 'gone', what: `${d.name} is recreated` }); queue.push(p); }
      }
    }
  }
  if (blocked.length) {
    throw new DiagnosticError([...new Set(blocked)].map((m) => diagnostic('dependency_cycle', `the plan cannot go ahead: ${m}`, null,
      'drop or change that object by hand first, or leave the object it depends on unchanged')));
  }
  return rebuild;
};
