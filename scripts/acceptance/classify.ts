/**
 * Failure categories and the one-line error kept for each failure. The category is the first
 * that matches in this order, so a case that is both unsupported and wrong elsewhere counts
 * where the fix has to start.
 */
import type { CliResult } from './cli.js';

export const CATEGORIES = [
  'unsupported', 'parse_error', 'wrong_sql', 'not_converged', 'second_plan_not_empty', 'symmetry', 'crash',
  // --round-trip: the database holds kinds pg-flux does not manage yet, so it cannot round-trip whole.
  'blocked', 'not_loadable',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Status = 'pass' | 'fail' | 'not_loadable';

/** A failed check: where the case stops. */
export class CaseFailure extends Error {
  constructor(readonly category: Category, message: string, readonly unsupported: readonly string[] = [], readonly detail: string | null = null) {
    super(message);
    this.name = 'CaseFailure';
  }
}

const MAX_LINE = 300;

export const oneLine = (text: string): string => {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
};

/** Keeps details in the JSON bounded (the first lines are what one reads). */
export const clip = (text: string, max = 1500): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * `X is not supported yet` → X. Kinds name the statement or clause; identifiers inside a kind
 * (`column type foo%TYPE`) are reduced so the table counts kinds, not objects.
 */
export const unsupportedKinds = (stderr: string): string[] => {
  const kinds = new Set<string>();
  for (const m of stderr.matchAll(/(?:^|: )([^:\n]*?) is not supported yet/gm)) {
    const kind = m[1]!.replace(/^error: /, '').replace(/^column type .*%TYPE$/, 'column type %TYPE').trim();
    if (kind) kinds.add(kind);
  }
  return [...kinds].sort();
};

const stripPrefix = (line: string): string => line.replace(/^error: /, '');

/**
 * A failed `plan` / `migrate generate`: unsupported input, a problem pg-flux reports against the
 * source (file:line:column, syntax), or anything else — internal errors, timeouts, a refused
 * plan — which counts as a crash.
 */
export const generateFailure = (step: string, r: CliResult, timedOut: boolean): CaseFailure => {
  const text = r.stderr.trim() || r.stdout.trim();
  if (timedOut) return new CaseFailure('crash', `timeout during ${step}`);
  const kinds = unsupportedKinds(text);
  if (kinds.length) {
    const first = text.split('\n').find((l) => l.includes('is not supported yet')) ?? text;
    // The hint after the message is the same for every kind; the JSON keeps the message only.
    return new CaseFailure('unsupported', stripPrefix(oneLine(first)).replace(/ \([^()]*\)$/, ''), kinds);
  }
  const firstLine = stripPrefix(oneLine(text)) || `${step} exited with code ${r.code} and printed nothing`;
  if (/internal error/.test(text)) return new CaseFailure('crash', `${step}: ${firstLine}`, [], clip(text));
  if (/^(error: )?schema\/[^\s:]+:\d+:\d+: /m.test(text) || /syntax error/.test(text)) {
    return new CaseFailure('parse_error', firstLine, [], clip(text));
  }
  return new CaseFailure('crash', `${step} (exit ${r.code}): ${firstLine}`, [], clip(text));
};

/**
 * A failed `migrate apply`: the SQL pg-flux wrote was rejected (or apply itself broke). The
 * one line is PostgreSQL's message (without the temp file path) and the statement that failed.
 */
export const applyFailure = (r: CliResult, timedOut: boolean): CaseFailure => {
  if (timedOut) return new CaseFailure('crash', 'timeout during migrate apply');
  const text = r.stderr.trim() || r.stdout.trim();
  if (/internal error/.test(text)) return new CaseFailure('crash', `migrate apply: ${stripPrefix(oneLine(text))}`, [], clip(text));
  const lines = text.split('\n').map((l) => l.trim());
  const error = lines.find((l) => l.startsWith('error: '));
  const message = error ? stripPrefix(error).replace(/^\S*\.sql:\d+(:\d+)?: /, '') : oneLine(text) || `migrate apply exited with code ${r.code}`;
  const statement = lines.find((l) => l.startsWith('statement (line'))?.replace(/^statement \(line \d+\): /, '');
  return new CaseFailure('wrong_sql', statement ? `${message} — in: ${statement}` : message, [], clip(text));
};
