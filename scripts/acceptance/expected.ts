/**
 * test/acceptance/expected-pass.txt: one `corpus/case/direction` per case that passed before.
 * CI fails when one of them fails now (a regression); cases that start passing are reported so
 * the file can be refreshed with --update-expected.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resultKey, type Result } from './result.js';

const HEADER = [
  '# Cases (corpus/case/direction) that passed in the acceptance CI slice: `npm run acceptance -- --ci` fails',
  '# when one of these fails. Rewrite with `npm run acceptance -- --ci --update-expected` (only cases in the run change).',
];

export const readExpected = (path: string): Set<string> => {
  if (!existsSync(path)) return new Set();
  return new Set(readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
};

export interface ExpectedCheck {
  /** Listed as passing, failing now. */
  readonly regressions: readonly Result[];
  /** Passing now, not listed. */
  readonly newPasses: readonly string[];
}

export const checkExpected = (expected: ReadonlySet<string>, results: readonly Result[]): ExpectedCheck => ({
  regressions: results.filter((r) => expected.has(resultKey(r)) && r.status !== 'pass'),
  newPasses: results.filter((r) => r.status === 'pass' && !expected.has(resultKey(r))).map(resultKey),
});

/** Lines for cases outside the run stay; for cases in the run, exactly the ones that passed. */
export const writeExpected = (path: string, expected: ReadonlySet<string>, results: readonly Result[]): number => {
  const ran = new Set(results.map(resultKey));
  const lines = new Set([...expected].filter((k) => !ran.has(k)));
  for (const r of results) if (r.status === 'pass') lines.add(resultKey(r));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${[...HEADER, ...[...lines].sort()].join('\n')}\n`);
  return lines.size;
};
