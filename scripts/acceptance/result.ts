/** One row of results-pg<major>.json: one case in one direction. */
import type { Category, Status } from './classify.js';
import { CaseFailure, oneLine } from './classify.js';

export type Direction = 'forward' | 'reverse' | 'from-empty' | 'round-trip';

export interface Result {
  readonly corpus: string;
  readonly case: string;
  /**
   * forward = before→after, reverse = after→before, from-empty = real-world schema from an empty
   * database, round-trip = real-world database → dump → No changes, and a database migrated from the dump equals it.
   */
  readonly direction: Direction;
  readonly status: Status;
  readonly category: Category | null;
  readonly firstError: string | null;
  readonly durationMs: number;
  /** Every SQL text of the case parses without "not supported yet": a failure then is a pg-flux bug. */
  readonly inScope?: boolean;
  /** Statement / clause kinds pg-flux reported as not supported yet (category unsupported). */
  readonly unsupported?: readonly string[];
  /** More of the failure output than one line, for reading bugs (bounded). */
  readonly detail?: string;
}

export const passed = (corpus: string, name: string, direction: Direction, durationMs: number): Result =>
  ({ corpus, case: name, direction, status: 'pass', category: null, firstError: null, durationMs });

export const notLoadable = (corpus: string, name: string, direction: Direction, error: string, durationMs: number): Result =>
  ({ corpus, case: name, direction, status: 'not_loadable', category: 'not_loadable', firstError: oneLine(error), durationMs });

/** A thrown CaseFailure keeps its category; anything else thrown by the runner itself is a crash. */
export const failed = (corpus: string, name: string, direction: Direction, e: unknown, durationMs: number): Result => {
  const f = e instanceof CaseFailure ? e : new CaseFailure('crash', `runner: ${(e as Error)?.message ?? String(e)}`);
  return {
    corpus, case: name, direction, status: 'fail', category: f.category, firstError: oneLine(f.message) || f.category, durationMs,
    ...(f.unsupported.length ? { unsupported: f.unsupported } : {}),
    ...(f.detail !== null ? { detail: f.detail } : {}),
  };
};

/** Deterministic order of the JSON and of every table: corpus, case, direction. */
const DIRECTION_ORDER: Record<Direction, number> = { forward: 0, reverse: 1, 'from-empty': 2, 'round-trip': 3 };
export const compareResults = (a: Result, b: Result): number =>
  a.corpus < b.corpus ? -1 : a.corpus > b.corpus ? 1
    : a.case < b.case ? -1 : a.case > b.case ? 1
      : DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction];

export const resultKey = (r: Pick<Result, 'corpus' | 'case' | 'direction'>): string => `${r.corpus}/${r.case}/${r.direction}`;
