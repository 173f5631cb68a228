/** Generic keyed matching: what is only in `from`, only in `to`, and in both. */
export interface Matched<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly kept: readonly (readonly [from: T, to: T])[];
}

export const matchByKey = <T>(from: Readonly<Record<string, T>>, to: Readonly<Record<string, T>>): Matched<T> => {
  const added: T[] = [];
  const removed: T[] = [];
  const kept: [T, T][] = [];
  for (const [k, v] of Object.entries(to)) {
    const old = from[k];
    if (old === undefined) added.push(v); else kept.push([old, v]);
  }
  for (const [k, v] of Object.entries(from)) if (!(k in to)) removed.push(v);
  return { added, removed, kept };
};
