/**
 * A generic DAG sorted by Kahn's algorithm. Ties are broken by (priority, insertion index) so
 * the same input always gives the same order; a cycle is reported with the nodes on it.
 */
export interface SortResult {
  readonly order: readonly number[];
  /** Node indexes on a cycle (empty when the graph is acyclic). */
  readonly cycle: readonly number[];
}

class MinHeap {
  private readonly items: [number, number][] = [];
  push(item: [number, number]): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): [number, number] | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
  get size(): number { return this.items.length; }
}
const less = (x: [number, number], y: [number, number]): boolean => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

/** Sort nodes 0..n-1; `edges` are [before, after] pairs. */
export const topoSort = (priorities: readonly number[], edges: readonly (readonly [number, number])[]): SortResult => {
  const n = priorities.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Array<number>(n).fill(0);
  const seen = new Set<string>();
  for (const [a, b] of edges) {
    if (a === b) continue;
    const k = `${a}>${b}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out[a]!.push(b);
    indeg[b]!++;
  }
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) if (indeg[i] === 0) heap.push([priorities[i]!, i]);
  const order: number[] = [];
  while (heap.size) {
    const [, i] = heap.pop()!;
    order.push(i);
    for (const j of out[i]!) if (--indeg[j]! === 0) heap.push([priorities[j]!, j]);
  }
  if (order.length === n) return { order, cycle: [] };
  return { order, cycle: findCycle(out, indeg) };
};

/** Walk remaining nodes (indegree > 0) until one repeats: that loop is a cycle. */
const findCycle = (out: readonly number[][], indeg: readonly number[]): number[] => {
  const remaining = new Set<number>();
  indeg.forEach((d, i) => { if (d > 0) remaining.add(i); });
  const start = [...remaining][0]!;
  const path: number[] = [];
  const pos = new Map<number, number>();
  let cur = start;
  while (!pos.has(cur)) {
    pos.set(cur, path.length);
    path.push(cur);
    const next = out[cur]!.find((j) => remaining.has(j));
    if (next === undefined) return path;
    cur = next;
  }
  return path.slice(pos.get(cur));
};
