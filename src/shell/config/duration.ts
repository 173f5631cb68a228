/** Durations as users write them on the command line and in config: `500ms`, `30s`, `20min`, `1h`; a bare number is seconds. */

const UNITS: Readonly<Record<string, number>> = {
  ms: 1, s: 1000, sec: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};

/** Milliseconds, or null when the text is not a duration. */
export const parseDuration = (text: string): number | null => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  const scale = unit === '' ? 1000 : UNITS[unit];
  if (scale === undefined) return null;
  return Math.round(Number(m[1]) * scale);
};

export const DURATION_HELP = 'a duration such as 500ms, 30s, 20min or 1h (a bare number is seconds)';

/** `30 s`, `1.5 s`, `250 ms`: for messages. */
export const formatDuration = (ms: number): string =>
  ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 6000) / 10} min`;
