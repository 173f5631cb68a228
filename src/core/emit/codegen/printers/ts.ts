/**
 * TypeScript for node-postgres 8: `tables.ts` (enums as a union plus a values list, composite
 * types as the interface of a parsed value (their columns are text: node-postgres has no parser
 * for them), branded keys, Row / Insert / Update interfaces of tables, Row interfaces of views), `functions.ts`
 * (Args / Result of each function and procedure), `validators.ts` with --validators=zod, and
 * `pg-parsers.ts` when the options need type parsers registered.
 */
import type { GenOptions } from '../options.js';
import type { GenField, GenFunction, GenModel, GenRelation } from '../ir.js';
import { header, type GeneratedFile } from '../header.js';
import { commentLines } from '../comments.js';
import { camel, pascal } from '../naming.js';
import { tsSpelling, type TsNames } from './ts-types.js';
import { printZod } from './zod.js';
import { printPgParsers } from './ts-parsers.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;

export const tsPropName = (column: string, o: GenOptions): string => {
  const n = o.case === 'snake' ? column : o.case === 'camel' ? camel(column) : pascal(column);
  return IDENT.test(n) ? n : JSON.stringify(n);
};

export const doc = (lines: readonly string[], indent = ''): string[] => {
  if (lines.length === 0) return [];
  const safe = lines.map((l) => l.replace(/\*\//g, '*\\/'));
  if (safe.length === 1) return [`${indent}/** ${safe[0]} */`];
  return [`${indent}/**`, ...safe.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
};

export const tsNames = (m: GenModel): TsNames => {
  const enums = new Map(m.enums.map((e) => [e.key, e.typeName]));
  const composites = new Map(m.composites.map((c) => [c.key, c.typeName]));
  return { enumName: (k) => enums.get(k)!, compositeName: (k) => composites.get(k)! };
};

/** Type of a field in a shape, with `| null` when nullable and the brand when it has one. */
export const fieldType = (f: GenField, o: GenOptions, names: TsNames): { ts: string; note: string | null; parsers: readonly string[] } => {
  const sp = tsSpelling(f.type, f.checks, o, names);
  const base = f.brand ?? sp.ts;
  return { ts: f.nullable ? `${base} | null` : base, note: sp.note, parsers: sp.parsers };
};

const HELPERS: Readonly<Record<string, string>> = {
  JsonValue: 'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
  PgInterval: [
    '/** An interval as node-postgres returns it (postgres-interval): only the non-zero parts are set. */',
    'export interface PgInterval {',
    '  years?: number; months?: number; days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number;',
    '  toPostgres(): string;',
    '  toISO(): string;',
    '}',
  ].join('\n'),
  PgPoint: 'export interface PgPoint { x: number; y: number }',
  PgCircle: 'export interface PgCircle { x: number; y: number; radius: number }',
};

const usedHelpers = (text: string): string[] => Object.keys(HELPERS).filter((h) => new RegExp(`\\b${h}\\b`).test(text));

const relationDoc = (r: GenRelation): string[] => {
  const what = r.kind === 'table' ? 'table' : r.kind === 'view' ? 'view' : 'materialized view';
  return [...commentLines(r.comment), ...(r.comment ? [''] : []), `Row of ${what} ${r.schema}.${r.name}.`];
};

const shape = (name: string, fields: readonly GenField[], o: GenOptions, names: TsNames, mode: 'row' | 'insert' | 'update', parsers: Set<string>): string[] => {
  // An interface without members has no index signature, so zod's inferred {} would not match it.
  if (!fields.some((f) => mode === 'row' || (mode === 'insert' ? f.insert : f.update) !== 'omit')) return [`export type ${name} = Record<string, never>;`];
  const out: string[] = [`export interface ${name} {`];
  for (const f of fields) {
    if (mode !== 'row' && (mode === 'insert' ? f.insert : f.update) === 'omit') continue;
    const t = fieldType(f, o, names);
    for (const p of t.parsers) parsers.add(p);
    if (mode === 'row') out.push(...doc([...commentLines(f.comment), ...(t.note ? [t.note] : [])], '  '));
    const optional = mode === 'update' || (mode === 'insert' && f.insert === 'optional');
    out.push(`  ${tsPropName(f.column, o)}${optional ? '?' : ''}: ${t.ts};`);
  }
  out.push('}');
  return out;
};

const printTables = (m: GenModel, o: GenOptions, parsers: Set<string>, alsoUsedBy: string): string => {
  const names = tsNames(m);
  const body: string[] = [];
  for (const e of m.enums) {
    body.push(...doc([...commentLines(e.comment), ...(e.comment ? [''] : []), `Enum ${e.schema}.${e.name}.`]));
    body.push(`export type ${e.typeName} = ${e.values.length ? e.values.map((v) => JSON.stringify(v)).join(' | ') : 'never'};`);
    body.push(`/** Every value of ${e.typeName}, in the enum's order. */`);
    body.push(`export const ${e.typeName}Values = [${e.values.map((v) => JSON.stringify(v)).join(', ')}] as const;`, '');
  }
  for (const c of m.composites) {
    body.push(...doc([
      ...commentLines(c.comment), ...(c.comment ? [''] : []),
      `Composite type ${c.schema}.${c.name}. node-postgres returns its values as their text literal ('(1,abc)'),`,
      'so columns, arguments and results of this type are typed `string`. This is the shape a parser gives that',
      "reads each attribute with node-postgres' parser for the attribute's type (pg.types.getTypeParser); every",
      'attribute may be NULL.',
    ]));
    body.push(...shape(c.typeName, c.fields, o, names, 'row', parsers), '');
  }
  for (const b of m.brands) {
    const base = tsSpelling(b.type, { literals: null, min: null, max: null, minLength: null, maxLength: null, pattern: null }, o, names).ts;
    body.push(`/** Key of ${b.table} (${b.column}); foreign keys to it share this type. */`);
    body.push(`export type ${b.name} = ${base} & { readonly __brand: ${JSON.stringify(b.tag)} };`, '');
  }
  for (const r of m.relations) {
    body.push(...doc(relationDoc(r)));
    body.push(...shape(r.typeName, r.fields, o, names, 'row', parsers), '');
    if (r.writable && o.writeTypes) {
      body.push(`/** Insert into ${r.schema}.${r.name}: defaulted, identity and${o.nullStyle === 'optional' ? ' nullable' : ''} columns may be left out; generated columns cannot be written. */`);
      body.push(...shape(`${r.typeName}Insert`, r.fields, o, names, 'insert', parsers), '');
      body.push(`/** Update of ${r.schema}.${r.name}: every writable column is optional. */`);
      body.push(...shape(`${r.typeName}Update`, r.fields, o, names, 'update', parsers), '');
    }
  }
  const text = body.join('\n');
  // Helpers are declared here for functions.ts too.
  const helpers = usedHelpers(`${text}\n${alsoUsedBy}`).map((h) => HELPERS[h]!);
  const temporal = /\bTemporal\./.test(text) ? ["import type { Temporal } from 'temporal-polyfill';", ''] : [];
  return [header('//', m), '', ...temporal, ...helpers.flatMap((h) => [h, '']), text.trimEnd(), ''].join('\n');
};

const argsShape = (f: GenFunction, o: GenOptions, names: TsNames, parsers: Set<string>): string[] => {
  if (f.params.length === 0) return [`export type ${f.typeName}Args = Record<string, never>;`];
  const out = [`export interface ${f.typeName}Args {`];
  for (const p of f.params) {
    const sp = tsSpelling(p.type, { literals: null, min: null, max: null, minLength: null, maxLength: null, pattern: null }, o, names);
    for (const x of sp.parsers) parsers.add(x);
    // A VARIADIC parameter is declared with its array type already.
    const t = sp.ts;
    out.push(`  ${IDENT.test(p.name) ? p.name : JSON.stringify(p.name)}${p.optional ? '?' : ''}: ${p.nullable ? `${t} | null` : t};`);
  }
  out.push('}');
  return out;
};

const resultType = (f: GenFunction, o: GenOptions, names: TsNames, parsers: Set<string>): string[] => {
  const r = f.result;
  const n = `${f.typeName}Result`;
  if (r.kind === 'void') return [`export type ${n} = void;`];
  if (r.kind === 'relation') return [`export type ${n} = ${r.typeName}${r.set ? '[]' : ' | null'};`];
  if (r.kind === 'scalar') {
    const sp = tsSpelling(r.type, { literals: null, min: null, max: null, minLength: null, maxLength: null, pattern: null }, o, names);
    for (const x of sp.parsers) parsers.add(x);
    const one = r.nullable ? `${sp.ts} | null` : sp.ts;
    return [`export type ${n} = ${r.set ? `(${one})[]` : one};`];
  }
  const row = shape(`${f.typeName}Row`, r.fields, o, names, 'row', parsers);
  return [...row, `export type ${n} = ${f.typeName}Row${r.set ? '[]' : ''};`];
};

const printFunctions = (m: GenModel, o: GenOptions, parsers: Set<string>): string | null => {
  if (m.functions.length === 0) return null;
  const names = tsNames(m);
  const body: string[] = [];
  for (const f of m.functions) {
    body.push(...doc([...commentLines(f.comment), ...(f.comment ? [''] : []), `${f.kind === 'procedure' ? 'Procedure' : 'Function'} ${f.schema}.${f.name}: arguments.`]));
    body.push(...argsShape(f, o, names, parsers));
    body.push(`/** Result of ${f.schema}.${f.name}${f.result.kind !== 'void' && 'set' in f.result && f.result.set ? ' (one element per row)' : ''}. */`);
    body.push(...resultType(f, o, names, parsers), '');
  }
  const text = body.join('\n');
  // Every identifier of the text once, so each candidate import is a set lookup, not a scan.
  const used = new Set(text.match(/\b[A-Za-z_$][\w$]*\b/g) ?? []);
  const fromTables = [...new Set([...m.enums.map((e) => e.typeName), ...m.composites.map((c) => c.typeName), ...m.relations.map((r) => r.typeName), ...m.brands.map((b) => b.name), 'JsonValue', 'PgInterval', 'PgPoint', 'PgCircle'])]
    .filter((n) => used.has(n)).sort();
  const imports = fromTables.length ? [`import type { ${fromTables.join(', ')} } from './tables.js';`, ''] : [];
  const temporal = /\bTemporal\./.test(text) ? ["import type { Temporal } from 'temporal-polyfill';"] : [];
  return [header('//', m), '', ...temporal, ...imports, text.trimEnd(), ''].join('\n');
};

export const printTypeScript = (m: GenModel, o: GenOptions): GeneratedFile[] => {
  const parsers = new Set<string>();
  const fns = printFunctions(m, o, parsers);
  const files: GeneratedFile[] = [{ path: 'tables.ts', text: printTables(m, o, parsers, fns ?? '') }];
  if (fns) files.push({ path: 'functions.ts', text: fns });
  if (o.validators === 'zod') files.push({ path: 'validators.ts', text: printZod(m, o) });
  if (parsers.size) files.push({ path: 'pg-parsers.ts', text: printPgParsers(m, [...parsers].sort()) });
  return files;
};
