/**
 * Runs a command several times and records wall time, CPU time and peak memory.
 *
 * Wall time is taken here (spawn → exit) with a monotonic clock. Peak memory (max RSS of the
 * child) and CPU time (user + system, %U + %S, 10 ms resolution) come from GNU time
 * (`/usr/bin/time -f '%M %U %S' -o file`), because Node cannot see a child's resource usage; the
 * wrapper costs about a millisecond of wall time, the same for every tool, so ratios stay fair, and
 * its own CPU is not in the child's numbers. Without GNU time only wall time is recorded (and the
 * report says so).
 *
 * Output goes to files, not pipes: pg_dump of GitLab is several MB and migra writes tens of
 * thousands of lines; a full pipe would block the child and distort its time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = (): boolean => existsSync(GNU_TIME);

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

export const stats = (values: readonly number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, values };
};

export interface RunSpec {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Exit codes that count as success (drift exits 1 when it finds differences). */
  readonly okExit?: readonly number[];
  /** Untimed preparation before each run (fresh database, empty migrations directory). */
  readonly before?: () => Promise<void>;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill a run that takes longer (its process group) and report the operation as timed out. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly wallMs: Stats;
  /** Peak RSS in KiB, or null without GNU time. */
  readonly rssKb: Stats | null;
  /** CPU time (user + system) in ms, or null without GNU time. */
  readonly cpuMs: Stats | null;
  /** stdout and stderr of the last run (for checks such as "No drift"), first 64 KiB each. */
  readonly stdout: string;
  readonly stderr: string;
}

export class RunError extends Error {}

/** The lines that say what went wrong (error messages, not the stack frames below them). */
const errorSummary = (output: string): string => {
  const lines = output.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const said = lines.filter((l) => /error|fatal|heap|killed|memory/i.test(l) && !l.startsWith('at '));
  return (said.length ? said.slice(0, 3) : lines.slice(-3)).join(' | ').slice(0, 500);
};

/** A run killed after `RunSpec.timeoutMs`: the time is a lower bound, not a measurement. */
export class RunTimeout extends RunError {
  constructor(readonly afterMs: number, command: string) {
    super(`timed out after ${Math.round(afterMs / 1000)} s: ${command}`);
  }
}

/** The process group running now, so an interrupted benchmark can stop it (see bench.ts). */
let current: number | null = null;
export const killCurrentRun = (): void => {
  if (current !== null) try { process.kill(-current, 'SIGKILL'); } catch { /* already gone */ }
};

const scratch = mkdtempSync(join(tmpdir(), 'pgflux-bench-out-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const once = (spec: RunSpec, useTime: boolean): Promise<{ ms: number; rssKb: number | null; cpuMs: number | null; code: number; stdout: string; stderr: string; timedOut: boolean }> =>
  new Promise((resolve, reject) => {
    const out = join(scratch, 'stdout');
    const err = join(scratch, 'stderr');
    const rss = join(scratch, 'rss');
    const outFd = openSync(out, 'w');
    const errFd = openSync(err, 'w');
    const [file, args] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rss, spec.cmd, ...spec.args]] : [spec.cmd, [...spec.args]];
    const start = process.hrtime.bigint();
    // Own process group: a timeout kills GNU time and the measured command together.
    const child = spawn(file, args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', outFd, errFd], detached: true });
    current = child.pid ?? null;
    let timedOut = false;
    const timer = spec.timeoutMs === undefined ? null : setTimeout(() => { timedOut = true; killCurrentRun(); }, spec.timeoutMs);
    child.once('error', (e) => { closeSync(outFd); closeSync(errFd); reject(e); });
    child.once('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      current = null;
      if (timer) clearTimeout(timer);
      closeSync(outFd);
      closeSync(errFd);
      const head = (path: string): string => readFileSync(path).subarray(0, 64 * 1024).toString('utf8');
      let rssKb: number | null = null;
      let cpuMs: number | null = null;
      if (useTime && !timedOut) {
        // GNU time writes "Command exited with non-zero status N" before the format line.
        const lines = readFileSync(rss, 'utf8').trim().split('\n');
        const [kb, user, sys] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
        rssKb = kb !== undefined && Number.isFinite(kb) ? kb : null;
        cpuMs = user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? Math.round((user + sys) * 1000) : null;
      }
      resolve({ ms, rssKb, cpuMs, code: code ?? (signal ? 128 : 1), stdout: head(out), stderr: head(err), timedOut });
    });
  });

/**
 * `runs` runs, fewer when they already took `maxTotalMs` (a 10,000-table migra run can take
 * minutes; at least one run always happens). The number actually made is `wallMs.values.length`.
 */
export const measure = async (spec: RunSpec, runs: number, maxTotalMs = Infinity): Promise<RunResult> => {
  const useTime = hasGnuTime();
  const ok = spec.okExit ?? [0];
  const ms: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  let last = { stdout: '', stderr: '' };
  for (let i = 0; i < runs && (i === 0 || ms.reduce((a, b) => a + b, 0) < maxTotalMs); i++) {
    await spec.before?.();
    const r = await once(spec, useTime);
    if (r.timedOut) throw new RunTimeout(r.ms, [spec.cmd, ...spec.args].join(' '));
    if (!ok.includes(r.code)) {
      throw new RunError(`${[spec.cmd, ...spec.args].join(' ')} exited with ${r.code} after ${Math.round(r.ms / 1000)} s: ${errorSummary(r.stderr || r.stdout)}`);
    }
    ms.push(r.ms);
    if (r.rssKb !== null) rss.push(r.rssKb);
    if (r.cpuMs !== null) cpu.push(r.cpuMs);
    last = { stdout: r.stdout, stderr: r.stderr };
  }
  return { wallMs: stats(ms), rssKb: rss.length === ms.length ? stats(rss) : null, cpuMs: cpu.length === ms.length ? stats(cpu) : null, ...last };
};

/** Like measure, for the in-process stage script: its own clock and resourceUsage replace ours. */
export const measureStages = async (spec: RunSpec, runs: number, stage: readonly string[], maxTotalMs = Infinity): Promise<{
  wallMs: Stats; rssKb: Stats; stages: Record<string, Stats>; counts: Record<string, number>;
}> => {
  const ms: number[] = [];
  const rss: number[] = [];
  const perStage: Record<string, number[]> = {};
  let counts: Record<string, number> = {};
  for (let i = 0; i < runs && (i === 0 || ms.reduce((a, b) => a + b, 0) < maxTotalMs); i++) {
    await spec.before?.();
    const r = await once(spec, false);
    if (r.timedOut) throw new RunTimeout(r.ms, [spec.cmd, ...spec.args].join(' '));
    if (r.code !== 0) throw new RunError(`${[spec.cmd, ...spec.args].join(' ')} exited with ${r.code}:\n${r.stderr.trim().split('\n').slice(-15).join('\n')}`);
    const line = r.stdout.trim().split('\n').pop() ?? '';
    const parsed = JSON.parse(line) as { ms: Record<string, number>; counts: Record<string, number>; maxRssKb: number };
    ms.push(stage.reduce((sum, s) => sum + (parsed.ms[s] ?? 0), 0));
    rss.push(parsed.maxRssKb);
    for (const [k, v] of Object.entries(parsed.ms)) (perStage[k] ??= []).push(v);
    counts = parsed.counts;
  }
  const stages: Record<string, Stats> = {};
  for (const [k, v] of Object.entries(perStage)) stages[k] = stats(v);
  return { wallMs: stats(ms), rssKb: stats(rss), stages, counts };
};
