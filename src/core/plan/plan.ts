/**
 * plan(live, desired) = renames → diff → order → online rewrites → emit → hazards. Pure: the
 * same two models (and options) always give byte-identical plans.
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
import { planHazards } from '../hazards/plan-hazards.js';
import type { HazardSettings, LiveFacts } from '../hazards/context.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { changeFeatureProblems, serverFeatureProblems } from './server-features.js';
import { alignManagement } from './management.js';
import { missingRoles } from './roles.js';
import { onlineRewrites } from './online.js';
import { applyRenames, type RenameHint } from './renames.js';

export interface PlanOptions {
  readonly serverVersionNum: number;
  /** The role that applies the plan: it owns what the plan creates. */
  readonly currentUser?: string;
  /** Roles of the target cluster, when known: owners, grantees and policy roles must be among them. */
  readonly roles?: readonly string[];
  /** NOT VALID + VALIDATE and staged SET NOT NULL on existing tables (default true). */
  readonly autoNotValid?: boolean;
  /** Table sizes and function bodies of the live database, for hazards (absent: sizes unknown). */
  readonly facts?: LiveFacts | null;
  readonly hazardSettings?: HazardSettings;
  /** `-- pg-flux:renamed-from` hints read from the source. */
  readonly renames?: readonly RenameHint[];
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

/** Sizes of renamed tables under their new names (the plan after the renames speaks of those). */
const rekeySizes = (facts: LiveFacts, keys: ReadonlyMap<string, string>): LiveFacts => {
  if (keys.size === 0) return facts;
  const sizes: Record<string, LiveFacts['sizes'][string]> = {};
  for (const [k, v] of Object.entries(facts.sizes)) sizes[keys.get(k) ?? k] = v;
  return { ...facts, sizes };
};

export const plan = (live: Schema, to: Schema, opts: PlanOptions): Plan => {
  const unsupported = [...serverFeatureProblems(to, opts.serverVersionNum), ...(opts.roles ? missingRoles(to, opts.roles) : [])];
  if (unsupported.length) throw new DiagnosticError(unsupported);
  // Renames first: the rest is computed against the live model as it is once they ran.
  const renamed = applyRenames(alignManagement(live, to), to, opts.renames ?? [], { notNullNames: opts.serverVersionNum >= 180000 });
  const from = renamed.schema;
  const liveOwners = Object.fromEntries(Object.entries(live.owners).map(([k, o]) => [k, o.role]));
  const changes = [
    ...renamed.changes,
    ...markCommitFirst(orderChanges(diffSchema(from, to, { currentUser: opts.currentUser ?? '', liveOwners, serverVersionNum: opts.serverVersionNum }), from, to), from, to),
  ];
  const refused = changeFeatureProblems(changes, to, opts.serverVersionNum);
  if (refused.length) throw new DiagnosticError(refused);
  const online = onlineRewrites(changes, from, to, { autoNotValid: opts.autoNotValid ?? true });
  const ctx = { serverVersionNum: opts.serverVersionNum, online };
  const statements = changes.map((change) => emitChange(change, ctx));
  const facts = opts.facts ? rekeySizes(opts.facts, renamed.tableKeys) : null;
  const hazards = planHazards(changes, statements, from, to, facts, opts.hazardSettings);
  const steps: PlanStep[] = changes.map((change, i) => ({ change, statements: statements[i]!, hazards: hazards[i]! }));
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
