/**
 * One setting's value from its sources, in the documented order: command-line flag, then
 * environment variable, then config file, then (null here) the consumer's default. Values from
 * flags and the environment are checked against the key's type just like the file's, and an
 * error names where the bad value came from.
 */
import { CONFIG_KEYS, configKey } from './keys.js';
import { ConfigError, checkValue, type ConfigValue, type LoadedConfig } from './load-config.js';

export type Source = 'flag' | 'env' | 'config';

export interface SettingSources {
  /** Flag values by flag name (without `--`); booleans only when given. */
  readonly flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: LoadedConfig;
}

export interface Resolved {
  readonly value: ConfigValue;
  readonly from: Source;
}

export const resolveSetting = (path: string, s: SettingSources): Resolved | null => {
  const k = configKey(path);
  const check = (v: unknown, label: string): ConfigValue => {
    const r = checkValue(k, v);
    if ('error' in r) throw new ConfigError(`${label} ${r.error}`);
    return r.ok;
  };
  const f = k.flag === null ? undefined : s.flags[k.flag];
  if (f !== undefined) return { value: check(f, `--${k.flag}`), from: 'flag' };
  const e = k.env === null ? undefined : s.env[k.env];
  if (e !== undefined && e !== '') return { value: check(e, `environment variable ${k.env}`), from: 'env' };
  const c = s.config.values.get(path);
  if (c !== undefined) return { value: c, from: 'config' };
  return null;
};

/** Every key's resolved value (for `--verbose` and tests). */
export const resolveAll = (s: SettingSources): Map<string, Resolved> => {
  const out = new Map<string, Resolved>();
  for (const k of CONFIG_KEYS) {
    const r = resolveSetting(k.path, s);
    if (r) out.set(k.path, r);
  }
  return out;
};
