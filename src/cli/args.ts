/** Argument parsing with node:util (no dependency); every command declares its own flags. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  'schema-dir': { type: 'string' },
  'migrations-dir': { type: 'string' },
  schemas: { type: 'string' },
  'tracking-schema': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export type Options = ParseArgsConfig['options'];

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

export const parseCommandArgs = (argv: readonly string[], own: Options): Parsed => {
  try {
    const r = parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...own }, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
};

export const str = (p: Parsed, k: string): string | undefined => {
  const v = p.values[k];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (p: Parsed, k: string): boolean => p.values[k] === true;

export const schemasOption = (p: Parsed): string[] | undefined =>
  str(p, 'schemas')?.split(',').map((s) => s.trim()).filter(Boolean);

/** Online rewrites flags shared by plan and generate: --auto-not-valid (default) / --no-auto-not-valid. */
export const AUTO_NOT_VALID_OPTIONS = {
  'auto-not-valid': { type: 'boolean' }, 'no-auto-not-valid': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const autoNotValid = (p: Parsed): boolean => {
  if (flag(p, 'auto-not-valid') && flag(p, 'no-auto-not-valid')) throw new UsageError('--auto-not-valid and --no-auto-not-valid contradict each other');
  return !flag(p, 'no-auto-not-valid');
};
