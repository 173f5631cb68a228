/**
 * Runs cases N at a time on the one server, each under its own timeout. A case that runs out of
 * time is aborted (its CLI subprocesses are killed, its databases dropped with FORCE) and every
 * direction it had not finished is recorded as a crash with "timeout".
 */
import type { CaseSpec } from './corpora.js';
import { CaseContext, type Shared } from './context.js';
import { DIFF_DIRECTIONS, runDiffCase } from './diff-case.js';
import { runRealCase } from './real-case.js';
import { ROUND_TRIP, runRoundTripCase } from './round-trip-case.js';
import { failed, type Direction, type Result } from './result.js';
import { CaseFailure } from './classify.js';

const BASE_TIMEOUT_MS = 120_000;

/** 120 s, plus time proportional to the SQL size (GitLab's 2.7 MB gets about 15 minutes). */
export const timeoutFor = (spec: CaseSpec, scale: number): number =>
  Math.round((BASE_TIMEOUT_MS + (spec.bytes / 1_000_000) * 300_000) * scale);

const directionsOf = (spec: CaseSpec, roundTrip: boolean): readonly Direction[] =>
  (spec.kind === 'diff' ? DIFF_DIRECTIONS : [roundTrip ? ROUND_TRIP : 'from-empty']);

const runOne = async (spec: CaseSpec, shared: Shared, scale: number, roundTrip: boolean): Promise<Result[]> => {
  const results: Result[] = [];
  const controller = new AbortController();
  const ctx = new CaseContext(shared, controller.signal);
  const started = Date.now();
  const limit = timeoutFor(spec, scale);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), limit); });
  const emit = (r: Result): void => { if (!controller.signal.aborted) results.push(r); };
  const run = spec.kind === 'diff' ? runDiffCase(spec, ctx, emit) : roundTrip ? runRoundTripCase(spec, ctx, emit) : runRealCase(spec, ctx, emit);
  const work = run.then(
    () => 'done' as const,
    (e: unknown) => e,
  );
  const outcome = await Promise.race([work, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    controller.abort();
    const done = new Set(results.map((r) => r.direction));
    for (const d of directionsOf(spec, roundTrip)) {
      if (!done.has(d)) results.push(failed(spec.corpus, spec.name, d, new CaseFailure('crash', `timeout after ${Math.round(limit / 1000)} s`), Date.now() - started));
    }
    // Let the aborted work notice (killed subprocesses, dropped databases) before cleaning up.
    await ctx.cleanup();
    await Promise.race([work, new Promise((r) => setTimeout(r, 5000).unref())]);
  } else if (outcome !== 'done') {
    // The runner itself failed outside a direction (e.g. could not create a database).
    const done = new Set(results.map((r) => r.direction));
    for (const d of directionsOf(spec, roundTrip)) if (!done.has(d)) results.push(failed(spec.corpus, spec.name, d, outcome, Date.now() - started));
  }
  await ctx.cleanup();
  return results;
};

export const runPool = async (
  cases: readonly CaseSpec[], shared: Shared, opts: { jobs: number; timeoutScale: number; roundTrip?: boolean },
  progress: (done: number, total: number, spec: CaseSpec, results: readonly Result[]) => void,
): Promise<Result[]> => {
  const all: Result[] = [];
  // Biggest first, so a long case does not start last and hold up the end of the run.
  const queue = [...cases].sort((a, b) => b.bytes - a.bytes);
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let spec = queue.shift(); spec !== undefined; spec = queue.shift()) {
      const results = await runOne(spec, shared, opts.timeoutScale, opts.roundTrip ?? false);
      all.push(...results);
      progress(++done, cases.length, spec, results);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, cases.length) }, worker));
  return all;
};
