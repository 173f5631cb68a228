/**
 * Codegen options: one output per language, with the choices the seeds name. Pure data; the
 * shell fills it from flags and the `gen:` section of .pg-flux.yml (codegen.md §5 defaults).
 */
export const LANGUAGES = ['ts', 'go', 'python', 'rust'] as const;
export type Language = (typeof LANGUAGES)[number];

export type BigintAs = 'string' | 'number' | 'bigint';
export type DatesAs = 'Date' | 'string' | 'temporal';
export type NamingCase = 'snake' | 'camel' | 'pascal';
export type GoTags = 'db' | 'sqlx' | 'gorm' | 'bun' | 'none';
export type GoDriver = 'pgx' | 'database/sql';
/**
 * How a nullable column without a default is written on insert: `optional` (may be left out,
 * the database stores NULL) or `nullable` (must be given, possibly as null).
 */
export type NullStyle = 'optional' | 'nullable';
/** Whether array elements may be NULL in the generated types (PostgreSQL cannot forbid it). */
export type ArrayElements = 'nullable' | 'nonnull';

export interface GenOptions {
  readonly lang: Language;
  /** Output directory, relative to the project. */
  readonly out: string;
  readonly validators: 'zod' | null;
  readonly brandedIds: boolean;
  /** Emit Insert and Update shapes next to each Row. */
  readonly writeTypes: boolean;
  readonly case: NamingCase;
  readonly nullStyle: NullStyle;
  readonly arrayElements: ArrayElements;
  readonly bigintAs: BigintAs;
  readonly datesAs: DatesAs;
  readonly goTags: GoTags;
  readonly goDriver: GoDriver;
  /** Go package name (default: the output directory's base name). */
  readonly goPackage: string | null;
}

export const DEFAULT_OUT: Readonly<Record<Language, string>> = {
  ts: 'src/db', go: 'internal/dbgen', python: 'dbgen', rust: 'src/dbgen',
};

export const defaultOptions = (lang: Language): GenOptions => ({
  lang, out: DEFAULT_OUT[lang], validators: null, brandedIds: false, writeTypes: true,
  case: 'snake', nullStyle: 'optional', arrayElements: 'nullable', bigintAs: 'string', datesAs: 'Date',
  goTags: 'db', goDriver: 'pgx', goPackage: null,
});

/** Allowed spellings of each enumerated option, for messages and validation in one place. */
export const CHOICES = {
  lang: LANGUAGES,
  validators: ['zod', 'none'],
  case: ['snake', 'camel', 'pascal'],
  nullStyle: ['optional', 'nullable'],
  arrayElements: ['nullable', 'nonnull'],
  bigintAs: ['string', 'number', 'bigint'],
  datesAs: ['Date', 'string', 'temporal'],
  goTags: ['db', 'sqlx', 'gorm', 'bun', 'none'],
  goDriver: ['pgx', 'database/sql'],
} as const;

export class GenOptionError extends Error {
  constructor(message: string) { super(message); this.name = 'GenOptionError'; }
}

/** `ent` is schema-as-code: it has no struct tags to emit, so asking for them is an error that says so. */
export const checkChoice = <K extends keyof typeof CHOICES>(key: K, value: string, where: string): (typeof CHOICES)[K][number] => {
  const allowed = CHOICES[key] as readonly string[];
  if (key === 'goTags' && value === 'ent') {
    throw new GenOptionError(`${where}: ent has no struct tags (ent schemas are Go code, not tagged structs); use sqlx, gorm, bun or db`);
  }
  if (!allowed.includes(value)) throw new GenOptionError(`${where}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as (typeof CHOICES)[K][number];
};
