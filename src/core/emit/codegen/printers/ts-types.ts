/**
 * TypeScript (node-postgres 8) spelling of one value: the TS type and the zod schema that
 * accepts exactly what the driver returns, from the type table and the options.
 */
import type { GenOptions } from '../options.js';
import type { FieldChecks } from '../ir.js';
import type { ResolvedType } from '../types/resolve.js';
import type { TsType, TypeEntry } from '../types/table.js';

export interface TsNames {
  /** Enum key → TS type name. */
  readonly enumName: (key: string) => string;
  /** Composite key → TS interface name (the shape of a parsed value). */
  readonly compositeName: (key: string) => string;
}

export interface TsSpelling {
  readonly ts: string;
  readonly zod: string;
  /** Parsers the spelling needs registered (keys of pg-parsers.ts). */
  readonly parsers: readonly string[];
  /** Why the value is not what one might expect (arrays node-postgres leaves as text). */
  readonly note: string | null;
}

const variant = (e: TypeEntry, o: Pick<GenOptions, 'bigintAs' | 'datesAs'>): TsType =>
  'by' in e.ts ? e.ts.variants[o[e.ts.by]]! : e.ts;

const str = (v: string): string => JSON.stringify(v);

/** zod refinements from CHECK facts and type modifiers (only what the database guarantees). */
const refine = (zod: string, t: ResolvedType, e: TypeEntry | null, checks: FieldChecks, tsType: string): string => {
  let z = zod;
  if (tsType === 'number') {
    if (checks.min) z += checks.min.inclusive ? `.gte(${checks.min.value})` : `.gt(${checks.min.value})`;
    if (checks.max) z += checks.max.inclusive ? `.lte(${checks.max.value})` : `.lt(${checks.max.value})`;
  }
  if (tsType === 'string' && e?.family === 'text') {
    const declared = t.base.kind === 'builtin' && (t.base.name === 'varchar' || t.base.name === 'bpchar') ? t.modifiers[0] ?? null : null;
    const max = [declared, checks.maxLength].filter((x): x is number => x !== null);
    if (checks.minLength !== null) z += `.min(${checks.minLength})`;
    if (max.length) z += `.max(${Math.min(...max)})`;
    if (checks.pattern !== null) z += `.regex(new RegExp(${str(checks.pattern)}))`;
  }
  return z;
};

/** A scalar (array dimensions 0) spelling. */
const scalar = (t: ResolvedType, checks: FieldChecks, o: GenOptions, names: TsNames): TsSpelling => {
  if (t.base.kind === 'enum') {
    const n = names.enumName(t.base.key);
    return { ts: n, zod: `z.enum(${n}Values)`, parsers: [], note: null };
  }
  if (t.base.kind === 'composite') {
    // node-postgres has no parser for a composite's OID (it differs per database): the value is its text literal.
    const n = names.compositeName(t.base.key);
    return { ts: 'string', zod: 'z.string()', parsers: [], note: `node-postgres returns composite ${t.base.key} as its text literal ('(1,abc)'); ${n} is the shape of a parsed value` };
  }
  if (t.base.kind === 'range') {
    const what = t.base.multirange ? "multiranges as their text ('{[1,3),[5,7)}')" : "ranges as their text ('[1,10)')";
    return { ts: 'string', zod: 'z.string()', parsers: [], note: `node-postgres returns ${what}` };
  }
  const e = t.base.entry;
  const v = variant(e, o);
  if (checks.literals && v.ts === 'string' && (e.family === 'text' || e.family === 'other')) {
    const lits = checks.literals.map(str);
    return { ts: lits.join(' | '), zod: `z.enum([${lits.join(', ')}])`, parsers: [], note: null };
  }
  return { ts: v.ts, zod: refine(v.zod, t, e, checks, v.ts), parsers: v.parser ? [v.parser] : [], note: e.tsNote ?? null };
};

export const tsSpelling = (t: ResolvedType, checks: FieldChecks, o: GenOptions, names: TsNames): TsSpelling => {
  if (t.arrayDims === 0) return scalar(t, checks, o, names);
  const e = t.base.kind === 'enum' ? null : t.base.entry;
  if (!e || !e.tsArrayParsed) {
    const what = t.base.kind === 'enum' ? 'arrays of enums' : t.base.kind === 'composite' ? `arrays of composite ${t.base.key}` : `arrays of ${t.base.name}`;
    return { ts: 'string', zod: 'z.string()', parsers: [], note: `node-postgres returns ${what} as PostgreSQL array text ('{a,b}')` };
  }
  const el = e.tsArrayElement ?? scalar({ ...t, arrayDims: 0 }, { literals: null, min: null, max: null, minLength: null, maxLength: null, pattern: null }, o, names);
  const elParsers = 'parsers' in el ? el.parsers : [];
  let ts = o.arrayElements === 'nullable' ? `(${el.ts} | null)` : el.ts;
  let zod = o.arrayElements === 'nullable' ? `${el.zod}.nullable()` : el.zod;
  for (let i = 0; i < t.arrayDims; i++) { ts = `${ts}[]`; zod = `z.array(${zod})`; }
  const lossy = e.tsArrayElement ? `node-postgres parses the elements of this array as ${e.tsArrayElement.ts} (precision may be lost)` : null;
  return { ts, zod, parsers: elParsers, note: lossy };
};
