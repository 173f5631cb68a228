/** Deterministic ordering helpers: code-unit order, never locale-dependent. */

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class DuplicateKeyError extends Error {
  constructor(what: string, key: string) {
    super(`two live ${what} have the same identity key "${key}" (a name containing "." can cause this)`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * A record with its keys inserted in sorted order, so JSON output is byte-identical whatever
 * order the catalog returned rows in. A repeated key is an error, never a silent overwrite.
 */
export const sortedRecord = <T>(what: string, entries: Iterable<readonly [string, T]>): Record<string, T> => {
  const list = [...entries].sort((a, b) => compareText(a[0], b[0]));
  const out: Record<string, T> = {};
  let previous: string | undefined;
  for (const [key, value] of list) {
    if (key === previous) throw new DuplicateKeyError(what, key);
    out[key] = value;
    previous = key;
  }
  return out;
};

/** Runs a canonicaliser, naming the live object in its error so the user can find it. */
export const forObject = <T>(what: string, run: () => T): T => {
  try {
    return run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read live ${what}: ${message}`, { cause: err });
  }
};
