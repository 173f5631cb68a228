/**
 * Argument parsing. Every command declares its own options; the global ones are shared. Written
 * here rather than with node:util's parseArgs because users (and the seeds' CI recipes) write
 * `--dry-run=false`, which parseArgs rejects, and because an unknown option should name the
 * nearest known one.
 */
import { nearest } from '../shell/config/nearest.js';

/** A mistake on the command line; main.ts adds `(see pg-flux <command> --help)`. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}
export type Options = Readonly<Record<string, OptionSpec>>;

export const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  'schema-dir': { type: 'string' },
  'migrations-dir': { type: 'string' },
  schemas: { type: 'string' },
  'tracking-schema': { type: 'string' },
  'shadow-dsn': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface Parsed {
  /** Booleans are true/false only when given (`--x`, `--x=true`, `--x=false`): unset stays undefined. */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

export interface PositionalSpec {
  /** How many positional arguments the command takes at most (default 0). */
  readonly max?: number;
}

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/** Parse a command's arguments against its options plus the global ones. */
export const parseCommandArgs = (argv: readonly string[], own: Options, positional: PositionalSpec = {}): Parsed => {
  const options: Options = { ...GLOBAL_OPTIONS, ...own };
  const byShort = new Map(Object.entries(options).flatMap(([k, s]) => (s.short ? [[s.short, k] as const] : [])));
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = byShort.get(arg.slice(1));
      if (long === undefined) throw new UsageError(`unknown option ${arg}`);
      name = long;
    }
    const spec = options[name];
    if (!spec) {
      const guess = nearest(name, Object.keys(options));
      throw new UsageError(`unknown option --${name}${guess ? `: did you mean --${guess}?` : ''}`);
    }
    if (spec.type === 'boolean') {
      if (inline === undefined) values[name] = true;
      else if (TRUE.has(inline.toLowerCase())) values[name] = true;
      else if (FALSE.has(inline.toLowerCase())) values[name] = false;
      else throw new UsageError(`--${name} takes true or false, got "${inline}"`);
      continue;
    }
    if (inline !== undefined) { values[name] = inline; continue; }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    values[name] = next;
    i++;
  }
  const max = positional.max ?? 0;
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`unexpected argument${positionals.length - max > 1 ? 's' : ''} ${extra}`);
  }
  return { values, positionals };
};

export const str = (p: Parsed, k: string): string | undefined => {
  const v = p.values[k];
  return typeof v === 'string' ? v : undefined;
};

/** True only when given as true; see `maybeFlag` for "unset" versus "false". */
export const flag = (p: Parsed, k: string): boolean => p.values[k] === true;

/** true / false when given, undefined when not (so config can supply the default). */
export const maybeFlag = (p: Parsed, k: string): boolean | undefined => {
  const v = p.values[k];
  return typeof v === 'boolean' ? v : undefined;
};

export const schemasOption = (p: Parsed): string[] | undefined =>
  str(p, 'schemas')?.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Every command that reads the database takes it: an unmanaged live object is then an error
 * (the strict_coverage setting; shell/operations/coverage.ts).
 */
export const STRICT_COVERAGE_OPTIONS = { 'strict-coverage': { type: 'boolean' } } as const satisfies Options;

/** Online rewrites flags shared by plan and generate: --auto-not-valid[=false] / --no-auto-not-valid. */
export const AUTO_NOT_VALID_OPTIONS = {
  'auto-not-valid': { type: 'boolean' }, 'no-auto-not-valid': { type: 'boolean' },
} as const satisfies Options;

/** The flags' answer, or undefined (the auto_not_valid setting, default true, decides). */
export const autoNotValid = (p: Parsed): boolean | undefined => {
  const on = maybeFlag(p, 'auto-not-valid');
  if (on === true && flag(p, 'no-auto-not-valid')) throw new UsageError('--auto-not-valid and --no-auto-not-valid contradict each other');
  return flag(p, 'no-auto-not-valid') ? false : on;
};
