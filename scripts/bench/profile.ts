/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per file,
 * and total (inclusive) time of a few pg-flux entry points, so the report can say where the
 * time goes without opening a profiler UI.
 *
 * Self time of a node = its sample count × the sampling interval; inclusive time of a function =
 * samples whose stack contains it (counted once per sample even when recursive).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly ProfileRow[];
  readonly byFile: readonly ProfileRow[];
  readonly inclusive: readonly ProfileRow[];
}

/** Shortens `file:///work/main/dist/core/x.js` to `dist/core/x.js`, node internals to `node:…`. */
const shortUrl = (url: string, root: string): string => {
  if (url === '') return '(native)';
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(root)) return path.slice(root.length + 1);
  if (!path.startsWith('/')) return path.startsWith('node:') ? path : `node:${path}`;
  return path;
};

export const summariseProfile = (file: string, root: string, entryPoints: readonly string[], top = 15): ProfileSummary => {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Each sample's duration is the delta to the next sample.
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fnKey = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url, root)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const add = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v); };
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const wanted = new Set(entryPoints);
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    add(fns, fnKey(n), us);
    add(files, shortUrl(n.callFrame.url, root), us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (wanted.has(name) && !seen.has(name)) { seen.add(name); add(inclusive, name, us); }
    }
  }
  const rows = (m: Map<string, number>, limit: number): ProfileRow[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: totalUs > 0 ? us / totalUs : 0 }));
  return {
    totalMs: Math.round(totalUs / 1000),
    byFunction: rows(fns, top),
    byFile: rows(files, top),
    inclusive: entryPoints.filter((e) => inclusive.has(e)).map((e) => ({ name: e, ms: Math.round(inclusive.get(e)! / 1000), share: inclusive.get(e)! / totalUs })),
  };
};

export const formatProfile = (title: string, s: ProfileSummary): string => {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [`${title}: ${s.totalMs} ms of samples`];
  if (s.inclusive.length) {
    lines.push('  inclusive time of entry points:');
    for (const r of s.inclusive) lines.push(`    ${String(r.ms).padStart(6)} ms ${pct(r.share).padStart(6)}  ${r.name}`);
  }
  lines.push('  self time by file:');
  for (const r of s.byFile) lines.push(`    ${String(r.ms).padStart(6)} ms ${pct(r.share).padStart(6)}  ${r.name}`);
  lines.push('  self time by function:');
  for (const r of s.byFunction) lines.push(`    ${String(r.ms).padStart(6)} ms ${pct(r.share).padStart(6)}  ${r.name}`);
  return lines.join('\n');
};
