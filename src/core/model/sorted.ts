/** A plain record with keys inserted in sorted order, so JSON output is deterministic. */
export const sortedRecord = <T>(entries: ReadonlyMap<string, T> | Readonly<Record<string, T>>): Record<string, T> => {
  const pairs: [string, T][] = entries instanceof Map ? [...entries] : Object.entries(entries as Record<string, T>);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, T> = {};
  for (const [k, v] of pairs) out[k] = v;
  return out;
};
