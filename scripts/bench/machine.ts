/**
 * What the numbers were measured on. Load average is part of it: on a shared machine other
 * processes compete for the same cores, so the report records it at start and end of the run.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly os: string;
  readonly loadStart: string;
}

const cpuModel = (): string => {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch { /* not Linux */ }
  return cpus()[0]?.model ?? 'unknown';
};

export const loadAverage = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

export const describeMachine = (): Machine => ({
  cpu: cpuModel(),
  cores: availableParallelism(),
  ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  os: `${process.platform} ${release()}`,
  loadStart: loadAverage(),
});
