/**
 * The `gen:` section of .pg-flux.yml: one output, or a list of outputs, each a mapping of the
 * option keys of option-spec.ts. `lang` may list several languages when `out` is left to the
 * defaults:
 *
 *   gen:
 *     - lang: ts
 *       validators: zod
 *       branded_ids: true
 *     - lang: [go, python]
 *       branded_ids: true
 */
import { CONFIG_FILE, ConfigError } from './load-config.js';
import { defaultOptions, GenOptionError, type GenOptions } from '../../core/emit/codegen/options.js';
import { languagesOf, OPTION_SPECS, withSetting } from '../../core/emit/codegen/option-spec.js';

const KNOWN = ['lang', ...OPTION_SPECS.map((s) => s.yaml)];

const outputsOf = (entry: unknown, where: string): GenOptions[] => {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${where}: expected a mapping (lang: ..., out: ...)`);
  const e = entry as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!KNOWN.includes(k)) throw new ConfigError(`${where}: unknown key "${k}" (known: ${KNOWN.join(', ')})`);
  const lang = e['lang'];
  const langText = Array.isArray(lang) && lang.every((x) => typeof x === 'string') ? lang.join(',') : lang;
  if (typeof langText !== 'string' || langText === '') throw new ConfigError(`${where}: "lang" is required (ts, go, python or rust)`);
  try {
    const langs = languagesOf(langText, `${where} lang`);
    if (langs.length > 1 && e['out'] !== undefined) throw new ConfigError(`${where}: "out" names one directory; give each language its own output`);
    return langs.map((l) => {
      let o = defaultOptions(l);
      for (const s of OPTION_SPECS) if (e[s.yaml] !== undefined && e[s.yaml] !== null) o = withSetting(o, s, e[s.yaml], `${where} ${s.yaml}`);
      return o;
    });
  } catch (err) {
    if (err instanceof GenOptionError) throw new ConfigError(err.message);
    throw err;
  }
};

/** The configured outputs (empty when there is no gen: section). */
export const genOutputs = (gen: unknown): GenOptions[] => {
  if (gen === undefined || gen === null) return [];
  const list = Array.isArray(gen) ? gen : [gen];
  return list.flatMap((entry, i) => outputsOf(entry, `${CONFIG_FILE} gen${Array.isArray(gen) ? `[${i}]` : ''}`));
};
