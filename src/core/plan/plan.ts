/**
 * plan(live, desired) = diff → order → emit → hazards. Pure: the same two models always give
 * byte-identical plans.
 */
import type { Schema } from '../model/schema.js';
import type { Change } from '../model/change.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { keyOf } from '../model/names.js';
import { schemaHash } from '../model/compare.js';
import { diffSchema } from '../diff/diff-schemas.js';
import { orderChanges } from '../order/order-changes.js';
import { factsOf } from '../order/dependencies.js';
import { knownTypeRefs } from '../order/refs.js';
import { emitChange } from '../emit/sql/emit-sql.js';
import { classifyChange } from '../hazards/classify.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { serverFeatureProblems } from './server-features.js';
import { alignManagement } from './management.js';
import { missingRoles } from './roles.js';

export interface PlanOptions {
  readonly serverVersionNum: number;
  /** The role that applies the plan: it owns what the plan creates. */
  readonly currentUser?: string;
  /** Roles of the target cluster, when known: owners, grantees and policy roles must be among them. */
  readonly roles?: readonly string[];
}

/**
 * An enum value added to an existing type cannot be used before it commits. When any later
 * change may use the type (columns of that type, defaults, checks), the ADD VALUE runs before
 * the transaction.
 */
const markCommitFirst = (changes: readonly Change[], from: Schema, to: Schema): Change[] => {
  // The facts of every change cost a tenth of a large plan: only gather them when there is a value to place.
  if (!changes.some((c) => c.kind === 'add_enum_value')) return [...changes];
  const knownTypes = knownTypeRefs(from, to);
  const needed = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'add_enum_value') continue;
    for (const r of factsOf(c, { from, to, knownTypes }).requires) if (r.startsWith('type:')) needed.add(r);
    if (c.kind === 'add_constraint' || c.kind === 'create_index') {
      const t = to.tables[c.kind === 'add_constraint' ? keyOf(c.constraint.table) : keyOf(c.index.table)];
      for (const col of t?.columns ?? []) if (col.type.schema !== null) needed.add(`type:${col.type.schema}.${col.type.name}`);
    }
  }
  return changes.map((c) => (c.kind === 'add_enum_value' && needed.has(`type:${keyOf(c.enum)}`) ? { ...c, commitFirst: true } : c));
};

/** Indexes on tables that already exist and that nothing else in the plan needs: build CONCURRENTLY. */
const concurrentIndexes = (changes: readonly Change[], from: Schema, to: Schema): Set<string> => {
  // A plan from an empty database (dump, a first migration) has no existing table to index.
  if (!changes.some((c) => c.kind === 'create_index' && keyOf(c.index.table) in from.tables)) return new Set();
  const knownTypes = new Set<string>();
  const required = new Set(changes.flatMap((c) => (c.kind === 'create_index' ? [] : factsOf(c, { from, to, knownTypes }).requires)));
  const dropped = new Set(changes.flatMap((d) => (d.kind === 'drop_index' ? [keyOf(d.index.name)] : [])));
  const out = new Set<string>();
  for (const c of changes) {
    if (c.kind !== 'create_index') continue;
    const tableExists = keyOf(c.index.table) in from.tables;
    const rebuilt = dropped.has(keyOf(c.index.name));
    if (tableExists && !rebuilt && !required.has(`idx:${keyOf(c.index.name)}`)) out.add(keyOf(c.index.name));
  }
  return out;
};

export const plan = (live: Schema, to: Schema, opts: PlanOptions): Plan => {
  const unsupported = [...serverFeatureProblems(to, opts.serverVersionNum), ...(opts.roles ? missingRoles(to, opts.roles) : [])];
  if (unsupported.length) throw new DiagnosticError(unsupported);
  const from = alignManagement(live, to);
  const liveOwners = Object.fromEntries(Object.entries(live.owners).map(([k, o]) => [k, o.role]));
  const changes = markCommitFirst(orderChanges(diffSchema(from, to, { currentUser: opts.currentUser ?? '', liveOwners }), from, to), from, to);
  const ctx = { serverVersionNum: opts.serverVersionNum, concurrentIndexes: concurrentIndexes(changes, from, to) };
  const steps: PlanStep[] = changes.map((change) => ({ change, statements: emitChange(change, ctx), hazards: classifyChange(change) }));
  // The hashes serialise both whole models (a tenth of drift's time at 1,000 tables) and only
  // generate and --json use them: computed on first read.
  let fromHash: string | undefined;
  let toHash: string | undefined;
  return {
    steps,
    get fromHash() { return (fromHash ??= schemaHash(live)); },
    get toHash() { return (toHash ??= schemaHash(to)); },
  };
};
