/**
 * `.pg-flux.yml`: project settings (the keys are in keys.ts). A missing file is an empty config;
 * anything else that is wrong with it is an error with file:line:column — an unknown key above
 * all, so that a mistyped `db:` can never make pg-flux fall back to another database.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CONFIG_KEYS, type ConfigKey } from './keys.js';
import { nearest } from './nearest.js';
import { parseDuration, DURATION_HELP } from './duration.js';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';

export const CONFIG_FILE = '.pg-flux.yml';

export class ConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'ConfigError'; }
}

export type ConfigValue = string | boolean | number | readonly string[];

export interface LoadedConfig {
  /** The file as given or found (null when there is none). */
  readonly file: string | null;
  /** Directory that relative paths in the file are resolved against (the file's, else the working directory). */
  readonly dir: string;
  /** Values by dotted key path, already checked against their type. */
  readonly values: ReadonlyMap<string, ConfigValue>;
  /** Sections whose shape their own command checks (`gen:`, see shell/operations/gen-config.ts), as plain data. */
  readonly sections: ReadonlyMap<string, unknown>;
}

/** Top-level sections kept as plain data for the command that owns them. */
const OWNED_SECTIONS = new Set(['gen']);

const KNOWN = new Map(CONFIG_KEYS.map((k) => [k.path, k]));
/** Top-level names that hold nested keys (`migrate:`). */
const SECTIONS = new Set(CONFIG_KEYS.filter((k) => k.path.includes('.')).map((k) => k.path.split('.')[0]!));

/** Check one value against its key's type; returns the value to store or a reason it is wrong. */
export const checkValue = (k: ConfigKey, v: unknown): { ok: ConfigValue } | { error: string } => {
  const t = k.type;
  switch (t.kind) {
    case 'string':
      if (typeof v !== 'string') return { error: `must be a string${typeof v === 'number' ? ' (put it in quotes)' : ''}` };
      if (v.trim() === '') return { error: 'is empty; give a value or remove the line' };
      return { ok: v };
    case 'boolean':
      if (typeof v === 'boolean') return { ok: v };
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return { ok: v.toLowerCase() === 'true' };
      return { error: `must be true or false, got ${JSON.stringify(v)}` };
    case 'list': {
      const items = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
      if (!Array.isArray(items) || !items.every((x) => typeof x === 'string' && x !== ''))
        return { error: 'must be a list of names, e.g. [public, audit]' };
      if (items.length === 0) return { error: 'must name at least one schema (remove the line to manage every schema)' };
      return { ok: items as string[] };
    }
    case 'enum':
      if (typeof v === 'string' && t.values.includes(v)) return { ok: v };
      return { error: `must be one of ${t.values.join(', ')}, got ${JSON.stringify(v)}` };
    case 'duration': {
      const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? parseDuration(v) : null;
      if (ms === null || !Number.isFinite(ms) || ms < 0) return { error: `must be ${DURATION_HELP}, got ${JSON.stringify(v)}` };
      return { ok: ms };
    }
    case 'integer': {
      // Flags and environment variables arrive as text; YAML as a number.
      const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
      if (typeof n === 'number' && Number.isInteger(n) && n >= t.min) return { ok: n };
      return { error: `must be a whole number of at least ${t.min}, got ${JSON.stringify(v)}` };
    }
  }
};

const exists = async (p: string): Promise<boolean> => stat(p).then((s) => s.isFile(), () => false);

/**
 * Read the config: `file` (from --config or PGFLUX_CONFIG; must exist) or `.pg-flux.yml` in `cwd`
 * (may be absent).
 */
export const loadConfig = async (opts: { cwd: string; file?: string | undefined }): Promise<LoadedConfig> => {
  const shown = opts.file ?? CONFIG_FILE;
  const abs = isAbsolute(shown) ? shown : resolve(opts.cwd, shown);
  if (opts.file === undefined && !(await exists(abs))) return { file: null, dir: opts.cwd, values: new Map(), sections: new Map() };
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`config file ${shown} does not exist`);
    if (code === 'EISDIR') throw new ConfigError(`config file ${shown} is a directory`);
    throw new ConfigError(`cannot read config file ${shown}: ${(e as Error).message}`);
  }
  const sections = new Map<string, unknown>();
  return { file: shown, dir: dirname(abs), values: parseConfigText(shown, text, sections), sections };
};

/** Parse the text of a config file (exported for tests). */
export const parseConfigText = (file: string, text: string, sections: Map<string, unknown> = new Map()): Map<string, ConfigValue> => {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const where = (offset: number | undefined): string => {
    const p = lines.linePos(offset ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  const first = doc.errors[0];
  if (first) {
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${where(first.pos[0])}: ${message[0]!.toLowerCase()}${message.slice(1)} (the file is not valid YAML)`);
  }
  const out = new Map<string, ConfigValue>();
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return out;
  if (!isMap(root)) throw new ConfigError(`${where(root.range?.[0])}: expected "key: value" lines, e.g. schema_dir: schema`);

  const walk = (items: readonly Pair[], prefix: string): void => {
    for (const pair of items) {
      const keyNode = pair.key as YamlNode | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : '';
      const at = where(keyNode?.range?.[0]);
      const path = prefix ? `${prefix}.${name}` : name;
      const value = pair.value as YamlNode | null;
      if (!prefix && OWNED_SECTIONS.has(name)) {
        sections.set(name, value === null ? null : value.toJSON());
        continue;
      }
      if (!prefix && SECTIONS.has(name)) {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        if (!isMap(value)) throw new ConfigError(`${at}: "${name}" holds keys (e.g. ${CONFIG_KEYS.find((k) => k.path.startsWith(`${name}.`))!.path.split('.')[1]}: ...), not a value`);
        walk(value.items, name);
        continue;
      }
      const k = KNOWN.get(path);
      if (!k) {
        const siblings = [...KNOWN.keys(), ...SECTIONS, ...(prefix ? [] : OWNED_SECTIONS)].filter((p) => (prefix ? p.startsWith(`${prefix}.`) : !p.includes('.'))).map((p) => (prefix ? p.slice(prefix.length + 1) : p));
        const guess = nearest(name, siblings) ?? nearest(path, [...KNOWN.keys()]);
        throw new ConfigError(`${at}: unknown key "${path}"${guess ? `: did you mean "${guess}"?` : ''} (known keys: ${[...KNOWN.keys()].join(', ')})`);
      }
      if (value === null || (isScalar(value) && value.value === null))
        throw new ConfigError(`${at}: "${path}" has no value; give one or remove the line`);
      const raw: unknown = isSeq(value) || isMap(value) ? value.toJSON() : (value as { value?: unknown }).value;
      const checked = checkValue(k, raw);
      if ('error' in checked) throw new ConfigError(`${where(value.range?.[0])}: "${path}" ${checked.error}`);
      if (path === 'version' && checked.ok !== 1) throw new ConfigError(`${where(value.range?.[0])}: version ${String(checked.ok)} is not supported by this pg-flux (only 1)`);
      out.set(path, checked.ok);
    }
  };
  walk(root.items, '');
  return out;
};
