/** Durations on the command line and in `.pg-flux.yml`: `500ms`, `30s`, `20min`, `1h` (a bare number is seconds). */

export class DurationError extends Error {
  constructor(message: string) { super(message); this.name = 'DurationError'; }
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration text; `what` names the option in the error. */
export const parseDuration = (text: string, what: string): number => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|min|m|h)?\s*$/i.exec(text);
  if (!m) throw new DurationError(`${what} takes a duration such as 500ms, 30s or 20min, got "${text}"`);
  const ms = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!;
  if (!Number.isFinite(ms) || ms > 2_147_483_647) throw new DurationError(`${what} is too long: "${text}"`);
  return Math.round(ms);
};

/** As PostgreSQL reads a timeout setting (`0` = none). */
export const pgDuration = (ms: number): string => `${Math.round(ms)}ms`;

/** `1.2 s`, `350 ms`, `3 min 5 s` for messages. */
export const formatDuration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
};
