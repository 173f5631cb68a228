/**
 * Every codegen option once: its CLI flag, its `.pg-flux.yml` key and how its value is read.
 * Flags, the config section and the `regenerate:` line of generated headers all go through
 * this table, so they cannot disagree.
 */
import { checkChoice, CHOICES, defaultOptions, GenOptionError, type GenOptions, type Language } from './options.js';

type Key = Exclude<keyof GenOptions, 'lang'>;

interface Spec {
  readonly key: Key;
  readonly flag: string;
  readonly yaml: string;
  readonly kind: 'choice' | 'bool' | 'string';
  /** The flag sets the option to false (e.g. --row-only turns Insert/Update shapes off). */
  readonly negated?: boolean;
  /** Languages the option means something for (all when absent); others ignore it. */
  readonly langs?: readonly Language[];
}

export const OPTION_SPECS: readonly Spec[] = [
  { key: 'out', flag: 'out', yaml: 'out', kind: 'string' },
  { key: 'validators', flag: 'validators', yaml: 'validators', kind: 'choice', langs: ['ts'] },
  { key: 'brandedIds', flag: 'branded-ids', yaml: 'branded_ids', kind: 'bool' },
  { key: 'writeTypes', flag: 'row-only', yaml: 'write_types', kind: 'bool', negated: true },
  { key: 'case', flag: 'case', yaml: 'case', kind: 'choice', langs: ['ts', 'python', 'go'] },
  { key: 'nullStyle', flag: 'null-style', yaml: 'null_style', kind: 'choice' },
  { key: 'arrayElements', flag: 'array-elements', yaml: 'array_elements', kind: 'choice' },
  { key: 'bigintAs', flag: 'bigint-as', yaml: 'bigint_as', kind: 'choice', langs: ['ts'] },
  { key: 'datesAs', flag: 'dates-as', yaml: 'dates_as', kind: 'choice', langs: ['ts'] },
  { key: 'goTags', flag: 'go-tags', yaml: 'go_tags', kind: 'choice', langs: ['go'] },
  { key: 'goDriver', flag: 'go-driver', yaml: 'go_driver', kind: 'choice', langs: ['go'] },
  { key: 'goPackage', flag: 'go-package', yaml: 'go_package', kind: 'string', langs: ['go'] },
];

/**
 * Set one option from a flag value or a YAML scalar; `where` names the source in errors. A
 * negated flag (--row-only) given on the command line sets its option to false.
 */
export const withSetting = (o: GenOptions, spec: Spec, value: unknown, where: string, fromFlag = false): GenOptions => {
  if (spec.kind === 'bool') {
    const b = value === true || value === 'true' ? true : value === false || value === 'false' ? false : null;
    if (b === null) throw new GenOptionError(`${where}: expected true or false, got ${JSON.stringify(value)}`);
    return { ...o, [spec.key]: fromFlag && spec.negated ? !b : b };
  }
  if (typeof value !== 'string' || value === '') throw new GenOptionError(`${where}: expected a string`);
  if (spec.kind === 'string') return { ...o, [spec.key]: value };
  const v = checkChoice(spec.key as keyof typeof CHOICES, value, where);
  return { ...o, [spec.key]: spec.key === 'validators' && v === 'none' ? null : v };
};

/** The flags that reproduce `o` (only the ones that differ from the language's defaults). */
export const regenerateArgs = (o: GenOptions): string[] => {
  const d = defaultOptions(o.lang);
  const args = ['--lang', o.lang];
  for (const s of OPTION_SPECS) {
    const v = o[s.key];
    if (v === d[s.key] || (s.langs && !s.langs.includes(o.lang))) continue;
    if (s.kind === 'bool') { if (s.negated ? v === false : v === true) args.push(`--${s.flag}`); continue; }
    args.push(`--${s.flag}`, v === null ? 'none' : String(v));
  }
  return args;
};

const quoteArg = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

export const regenerateCommand = (o: GenOptions): string => `pg-flux gen ${regenerateArgs(o).map(quoteArg).join(' ')}`;

/** Split a command line written by regenerateCommand back into arguments (single quotes only). */
export const splitCommand = (line: string): string[] => {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return out;
};

export const languageOf = (value: string, where: string): Language => checkChoice('lang', value, where);

/** Flag values as node:util parseArgs gives them (`--branded-ids` → true, `--case camel` → 'camel'). */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * The outputs a command line asks for: one per language of `--lang`, each starting from the
 * configured output of that language (if any) or the defaults, with the flags on top.
 */
export const outputsFromFlags = (langs: readonly Language[], flags: FlagValues, configured: readonly GenOptions[]): GenOptions[] => {
  if (flags['out'] !== undefined && langs.length > 1) {
    throw new GenOptionError('--out names one directory: give it with a single --lang (or set out: per output in the gen: section of .pg-flux.yml)');
  }
  return langs.map((lang) => {
    let o = configured.find((c) => c.lang === lang) ?? defaultOptions(lang);
    for (const s of OPTION_SPECS) {
      const v = flags[s.flag];
      if (v !== undefined && (!s.langs || s.langs.includes(lang))) o = withSetting(o, s, v, `--${s.flag}`, true);
    }
    return o;
  });
};

/** `--lang go,ts` → languages, in the order given, without repeats. */
export const languagesOf = (value: string, where: string): Language[] =>
  [...new Set(value.split(',').map((x) => x.trim()).filter(Boolean).map((x) => languageOf(x, where)))];
