/**
 * plan(live, desired) = diff → order → online rewrites → emit → hazards. Pure: the same two
 * models (and options) always give byte-identical plans.
 */
import type { Schema } from '../model/schema.js';
import type { Change } from '../model/change.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { keyOf } from '../model/names.js';
import { schemaHash } from '../model/compare.js';
import { diffSchema } from '../diff/diff-schemas.js';
import { orderChanges } from '../order/order-changes.js';
import { factsOf } from '../order/dependencies.js';
import { emitChange } from '../emit/sql/emit-sql.js';
import { planHazards } from '../hazards/plan-hazards.js';
import type { HazardSettings, LiveFacts } from '../hazards/context.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { serverFeatureProblems } from './server-features.js';
import { onlineRewrites } from './online.js';
import { applyRenames, type RenameHint } from './renames.js';

export interface PlanOptions {
  readonly serverVersionNum: number;
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
  const knownTypes = new Set([...Object.keys(from.enums), ...Object.keys(to.enums)].map((k) => `type:${k}`));
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

export const plan = (from: Schema, to: Schema, opts: PlanOptions): Plan => {
  const unsupported = serverFeatureProblems(to, opts.serverVersionNum);
  if (unsupported.length) throw new DiagnosticError(unsupported);
  // Renames first: the rest is computed against the live model as it is once they ran.
  const renamed = applyRenames(from, to, opts.renames ?? []);
  const live = renamed.schema;
  const changes = [...renamed.changes, ...markCommitFirst(orderChanges(diffSchema(live, to), live, to), live, to)];
  const online = onlineRewrites(changes, live, to, { autoNotValid: opts.autoNotValid ?? true });
  const ctx = { serverVersionNum: opts.serverVersionNum, online };
  const statements = changes.map((change) => emitChange(change, ctx));
  const facts = opts.facts ? rekeySizes(opts.facts, renamed.tableKeys) : null;
  const hazards = planHazards(changes, statements, live, to, facts, opts.hazardSettings);
  const steps: PlanStep[] = changes.map((change, i) => ({ change, statements: statements[i]!, hazards: hazards[i]! }));
  // The hashes serialise both whole models (a tenth of drift's time at 1,000 tables) and only
  // generate and --json use them: computed on first read.
  let fromHash: string | undefined;
  let toHash: string | undefined;
  return {
    steps,
    get fromHash() { return (fromHash ??= schemaHash(from)); },
    get toHash() { return (toHash ??= schemaHash(to)); },
  };
};
