/**
 * Functions, procedures and aggregates (keyed by name and identity argument types, so a changed
 * signature is a different routine: one dropped, one created). A changed routine is replaced
 * in place (CREATE OR REPLACE) when PostgreSQL allows it; otherwise dropped and created again,
 * with its dependants. Aggregates have no CREATE OR REPLACE in every supported major: changed
 * ones are dropped and created.
 */
import type { Change } from '../model/change.js';
import type { FunctionDef, RoutineArg } from '../model/objects.js';
import { functionKey } from '../model/schema.js';
import { sameComparable } from '../model/compare.js';
import { functionRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const INPUT = new Set(['in', 'inout', 'variadic']);
const OUTPUT = new Set(['out', 'inout', 'table']);

const outputs = (f: FunctionDef): RoutineArg[] => f.args.filter((a) => OUTPUT.has(a.mode));

/** Why CREATE OR REPLACE cannot take `from` to `to`, or null when it can. */
const replaceProblem = (from: FunctionDef, to: FunctionDef): string | null => {
  if (from.routineKind !== to.routineKind) return `it changes from a ${from.routineKind} to a ${to.routineKind}`;
  if (from.window !== to.window) return 'it becomes or stops being a window function';
  if (!sameComparable(from.returns, to.returns)) return 'its return type changes';
  const [a, b] = [outputs(from), outputs(to)];
  if (a.length !== b.length || a.some((x, i) => x.name !== b[i]!.name || !sameComparable(x.type, b[i]!.type))) return 'its output parameters change';
  const fromIn = from.args.filter((x) => INPUT.has(x.mode));
  const toIn = to.args.filter((x) => INPUT.has(x.mode));
  const renamed = fromIn.findIndex((x, i) => x.name !== null && x.name !== toIn[i]?.name);
  if (renamed >= 0) return `its parameter ${fromIn[renamed]!.name} is renamed`;
  if (toIn.filter((x) => x.default !== null).length < fromIn.filter((x) => x.default !== null).length) return 'it loses parameter defaults';
  return null;
};

export const diffFunctions = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.functions, ctx.to.functions);
  const out: Change[] = [];
  for (const f of m.removed) out.push({ kind: 'drop_function', function: f });
  for (const f of m.added) out.push({ kind: 'create_function', function: f });
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(functionRef(functionKey(live)));
    const same = sameComparable(live, want);
    const problem = rebuild ?? (same ? null : replaceProblem(live, want));
    if (problem !== null) out.push({ kind: 'drop_function', function: live, reason: problem }, { kind: 'create_function', function: want });
    else if (!same) out.push({ kind: 'replace_function', from: live, to: want });
  }
  return out;
};

export const diffAggregates = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.aggregates, ctx.to.aggregates);
  const out: Change[] = [];
  for (const a of m.removed) out.push({ kind: 'drop_aggregate', aggregate: a });
  for (const a of m.added) out.push({ kind: 'create_aggregate', aggregate: a });
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(functionRef(functionKey(live)));
    if (rebuild !== undefined || !sameComparable(live, want)) {
      out.push({ kind: 'drop_aggregate', aggregate: live, reason: rebuild ?? 'an aggregate cannot be replaced in place' }, { kind: 'create_aggregate', aggregate: want });
    }
  }
  return out;
};
