/**
 * `.pg-flux.yml`: project settings. Flags win over the file; the file wins over built-in
 * defaults. For the database: --db, then DATABASE_URL, then `db:` here, then the embedded default.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileConfig {
  readonly db?: string;
  readonly schemaDir?: string;
  readonly migrationsDir?: string;
  readonly schemas?: readonly string[];
  readonly trackingSchema?: string;
  /** MASS_DROP: percentage of live managed objects a run may drop without that hazard (default 25). */
  readonly massDropThreshold?: number;
  /** TABLE_LOCK: estimated rows from which a table counts as large (default 100000). */
  readonly largeTableRows?: number;
  /** Default `--lock-timeout` of migrate apply, as a duration (500ms, 5s, 1min). */
  readonly lockTimeout?: string;
}

export const CONFIG_FILE = '.pg-flux.yml';

const KEYS: Readonly<Record<string, keyof FileConfig>> = {
  db: 'db', schema_dir: 'schemaDir', migrations_dir: 'migrationsDir', schemas: 'schemas', tracking_schema: 'trackingSchema',
  mass_drop_threshold: 'massDropThreshold', large_table_rows: 'largeTableRows', lock_timeout: 'lockTimeout',
};
const NUMBERS: ReadonlySet<keyof FileConfig> = new Set(['massDropThreshold', 'largeTableRows']);

export class ConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'ConfigError'; }
}

const asList = (v: unknown, key: string): string[] => {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new ConfigError(`${CONFIG_FILE}: "${key}" must be a list of schema names`);
};

/** Read the config file of `dir` (absent file: empty config). Unknown keys are errors, not silence. */
export const loadConfig = async (dir: string): Promise<FileConfig> => {
  let text: string;
  try {
    text = await readFile(join(dir, CONFIG_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  const { parse } = await import('yaml');
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new ConfigError(`${CONFIG_FILE}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${CONFIG_FILE}: expected key: value pairs`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'version') continue;
    const key = KEYS[k];
    if (!key) throw new ConfigError(`${CONFIG_FILE}: unknown key "${k}" (known: version, ${Object.keys(KEYS).join(', ')})`);
    if (v === null || v === undefined) continue;
    if (key === 'schemas') out[key] = asList(v, k);
    else if (NUMBERS.has(key)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ConfigError(`${CONFIG_FILE}: "${k}" must be a non-negative number`);
      out[key] = v;
    }
    else if (typeof v === 'string') out[key] = v;
    else throw new ConfigError(`${CONFIG_FILE}: "${k}" must be a string`);
  }
  return out as FileConfig;
};
