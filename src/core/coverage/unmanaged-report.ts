/**
 * How every command tells the user about live objects of kinds pg-flux does not manage (the
 * `unmanaged` list of the live model): one summary line, the full list (--verbose), the same as
 * data (--json), and the error of --strict-coverage / `strict_coverage: true`. One module, so
 * plan, drift, verify, dump, ... say it the same way.
 */
import type { UnmanagedObject } from '../model/objects.js';
import { compareKeys } from './kinds.js';

export interface UnmanagedKind { readonly kind: string; readonly keys: readonly string[] }

/** The list grouped by kind, kinds and keys sorted. */
export const unmanagedByKind = (list: readonly UnmanagedObject[]): UnmanagedKind[] => {
  const m = new Map<string, string[]>();
  for (const u of list) {
    const keys = m.get(u.kind);
    if (keys) keys.push(u.key); else m.set(u.kind, [u.key]);
  }
  return [...m.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([kind, keys]) => ({ kind, keys: [...keys].sort(compareKeys) }));
};

/** `cast 1, operator 2` */
export const unmanagedCounts = (list: readonly UnmanagedObject[]): string =>
  unmanagedByKind(list).map((g) => `${g.kind} ${g.keys.length}`).join(', ');

/** The one-line summary (stderr), or null when everything live is managed. */
export const unmanagedSummary = (list: readonly UnmanagedObject[]): string | null =>
  list.length === 0 ? null
    : `note: ${list.length} live object(s) of kinds pg-flux does not manage, left alone: ${unmanagedCounts(list)} ` +
      '(--verbose lists them; --strict-coverage makes them an error)';

/** The full list, indented, by kind: `  cast (1):` then `    - a AS b`. */
export const unmanagedListing = (list: readonly UnmanagedObject[]): string[] =>
  unmanagedByKind(list).flatMap((g) => [`  ${g.kind} (${g.keys.length}):`, ...g.keys.map((k) => `    - ${k}`)]);

/** The list as --json outputs carry it, sorted like the listing. */
export const unmanagedJson = (list: readonly UnmanagedObject[]): { kind: string; key: string }[] =>
  unmanagedByKind(list).flatMap((g) => g.keys.map((key) => ({ kind: g.kind, key })));

/**
 * Strict coverage (--strict-coverage, `strict_coverage: true`): an unmanaged live object is an
 * error. Thrown before the command writes or changes anything; exit 4, as verify --strict.
 */
export class CoverageError extends Error {
  readonly objects: readonly UnmanagedObject[];
  constructor(objects: readonly UnmanagedObject[]) {
    super([
      `strict coverage: the database has ${objects.length} live object(s) of kinds pg-flux does not manage (${unmanagedCounts(objects)}); nothing was written or changed:`,
      ...unmanagedListing(objects),
      'Drop them, or manage them outside pg-flux and run without --strict-coverage / strict_coverage: true (README: "What pg-flux manages")',
    ].join('\n'));
    this.name = 'CoverageError';
    this.objects = objects;
  }
}
