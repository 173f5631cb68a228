/**
 * Rust for sqlx (postgres) in `mod.rs`: enums as `#[derive(sqlx::Type)]` enums with explicit
 * renames, branded keys as `#[sqlx(transparent)]` newtypes, one `#[derive(sqlx::FromRow)]`
 * struct per table / view row, Insert / Update structs (Option = "left out"; Option<Option<T>>
 * for nullable columns, so NULL can be written), function Args / Result, composite types as
 * `#[derive(sqlx::Type)]` structs and range types of the schema as `PgRange<T>` newtypes carrying
 * the type's name. Types sqlx cannot decode (tsvector, xml, multiranges, multi-dimensional
 * arrays, unknown extension types, composites holding one of them) are left out of the struct
 * with a comment saying so: a `String` field there would fail at run time.
 */
import type { GenOptions } from '../options.js';
import type { GenField, GenFunction, GenModel, GenRelation } from '../ir.js';
import type { ResolvedType } from '../types/resolve.js';
import { header, type GeneratedFile } from '../header.js';
import { commentLines } from '../comments.js';
import { pascal, snake } from '../naming.js';

const KEYWORDS = new Set([
  'as', 'break', 'const', 'continue', 'crate', 'else', 'enum', 'extern', 'false', 'fn', 'for', 'if', 'impl', 'in', 'let', 'loop',
  'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self', 'Self', 'static', 'struct', 'super', 'trait', 'true', 'type',
  'unsafe', 'use', 'where', 'while', 'async', 'await', 'dyn', 'abstract', 'become', 'box', 'do', 'final', 'macro', 'override',
  'priv', 'typeof', 'unsized', 'virtual', 'yield', 'try', 'gen',
]);
const NOT_RAW = new Set(['crate', 'self', 'Self', 'super']);

const fieldIdent = (column: string): string => {
  const n = snake(column);
  if (NOT_RAW.has(n)) return `${n}_`;
  return KEYWORDS.has(n) ? `r#${n}` : n;
};

const COPY_BASES = new Set(['i16', 'i32', 'i64', 'f32', 'f64', 'bool', 'uuid::Uuid', 'i8']);

interface RsCtx {
  readonly o: GenOptions;
  readonly enumName: (key: string) => string;
  /** The struct of a composite, or null when sqlx cannot decode one of its attributes (so not the composite either). */
  readonly compositeName: (key: string) => string | null;
  /** The newtype of a user range, or null when its subtype has no Rust type. */
  readonly rangeName: (key: string) => string | null;
}

/** Rust type of a value, or null when sqlx cannot decode it. */
const rsType = (t: ResolvedType, nullable: boolean, brand: string | null, ctx: RsCtx): string | null => {
  let base: string | null;
  if (brand && t.arrayDims === 0) base = brand;
  else if (t.base.kind === 'enum') base = ctx.enumName(t.base.key);
  else if (t.base.kind === 'composite') base = ctx.compositeName(t.base.key);
  // sqlx has no multiranges; an array of a range newtype needs a PgHasArrayType impl the derive does not give.
  else if (t.base.kind === 'range') base = t.base.multirange || t.arrayDims > 0 ? null : ctx.rangeName(t.base.key);
  else base = t.base.entry.rust?.type ?? null;
  if (base === null || t.arrayDims > 1) return null;
  if (t.arrayDims === 1) base = ctx.o.arrayElements === 'nullable' ? `Vec<Option<${base}>>` : `Vec<${base}>`;
  return nullable ? `Option<${base}>` : base;
};

const rsDoc = (lines: readonly string[], indent = ''): string[] => lines.map((l) => `${indent}///${l ? ` ${l}` : ''}`);

const why = (t: ResolvedType): string => {
  if (t.arrayDims > 1) return 'sqlx decodes one-dimensional arrays only';
  if (t.base.kind === 'composite') return `sqlx cannot decode an attribute of composite ${t.base.key}`;
  if (t.base.kind === 'range') {
    return t.base.multirange ? `sqlx has no multirange type (${t.base.name})` : t.arrayDims > 0 ? `arrays of range ${t.base.key} need a PgHasArrayType impl` : `range ${t.base.key} has a subtype sqlx cannot decode`;
  }
  return `sqlx cannot decode ${t.base.kind === 'enum' ? 'it' : t.base.name}`;
};

const structFields = (fields: readonly GenField[], ctx: RsCtx, mode: 'row' | 'insert' | 'update'): string[] => {
  const out: string[] = [];
  const taken = new Set<string>();
  for (const f of fields) {
    const m = mode === 'row' ? 'required' : mode === 'insert' ? f.insert : f.update;
    if (m === 'omit') continue;
    const t = rsType(f.type, f.nullable, f.brand, ctx);
    if (t === null) {
      out.push(`    // column ${JSON.stringify(f.column)} left out: ${why(f.type)} (select it cast to text if needed)`);
      continue;
    }
    let id = fieldIdent(f.column);
    while (taken.has(id)) id = `${id}_`;
    taken.add(id);
    if (mode === 'row') out.push(...rsDoc(commentLines(f.comment), '    '));
    if (mode === 'row' && id.replace(/^r#/, '') !== f.column) out.push(`    #[sqlx(rename = ${JSON.stringify(f.column)})]`);
    out.push(`    pub ${id}: ${m === 'optional' ? `Option<${t}>` : t},`);
  }
  return out;
};

const relation = (r: GenRelation, ctx: RsCtx): string[] => {
  const what = r.kind === 'table' ? 'table' : r.kind === 'view' ? 'view' : 'materialized view';
  const out = [
    ...rsDoc([`Row of ${what} ${r.schema}.${r.name}.`, ...(r.comment ? ['', ...commentLines(r.comment)] : [])]),
    '#[derive(Debug, Clone, sqlx::FromRow)]', `pub struct ${r.typeName} {`, ...structFields(r.fields, ctx, 'row'), '}', '',
  ];
  if (r.writable && ctx.o.writeTypes) {
    out.push(`/// Insert into ${r.schema}.${r.name}: \`None\` leaves a defaulted column out; nullable columns are \`Option<Option<T>>\`.`);
    out.push('#[derive(Debug, Clone)]', `pub struct ${r.typeName}Insert {`, ...structFields(r.fields, ctx, 'insert'), '}', '');
    out.push(`/// Update of ${r.schema}.${r.name}: only \`Some\` fields are written.`);
    out.push('#[derive(Debug, Clone, Default)]', `pub struct ${r.typeName}Update {`, ...structFields(r.fields, ctx, 'update'), '}', '');
  }
  return out;
};

const variantIdent = (v: string, taken: Set<string>): string => {
  let n = pascal(v);
  if (KEYWORDS.has(n)) n = `${n}Value`;
  while (taken.has(n)) n = `${n}2`;
  taken.add(n);
  return n;
};

const fn = (f: GenFunction, ctx: RsCtx): string[] => {
  const out = [...rsDoc([`Arguments of ${f.kind} ${f.schema}.${f.name}.`, ...(f.comment ? ['', ...commentLines(f.comment)] : [])]), '#[derive(Debug, Clone)]', `pub struct ${f.typeName}Args {`];
  const taken = new Set<string>();
  for (const p of f.params) {
    const t = rsType(p.type, p.nullable, null, ctx);
    if (t === null) { out.push(`    // argument ${JSON.stringify(p.name)} left out: ${why(p.type)}`); continue; }
    let id = fieldIdent(p.name);
    while (taken.has(id)) id = `${id}_`;
    taken.add(id);
    out.push(`    pub ${id}: ${p.optional ? `Option<${t}>` : t},`);
  }
  out.push('}', '');
  const r = f.result;
  const n = `${f.typeName}Result`;
  out.push(`/// Result of ${f.schema}.${f.name}${'set' in r && r.set ? ' (one element per row)' : ''}.`);
  if (r.kind === 'void') out.push(`pub type ${n} = ();`);
  else if (r.kind === 'relation') out.push(`pub type ${n} = ${r.set ? `Vec<${r.typeName}>` : `Option<${r.typeName}>`};`);
  else if (r.kind === 'scalar') {
    const one = rsType(r.type, r.nullable, null, ctx) ?? 'String';
    out.push(`pub type ${n} = ${r.set ? `Vec<${one}>` : one};`);
  } else {
    out.pop();
    out.push(`/// One row of ${f.schema}.${f.name}.`, '#[derive(Debug, Clone, sqlx::FromRow)]', `pub struct ${f.typeName}Row {`, ...structFields(r.fields, ctx, 'row'), '}', '');
    out.push(`/// Result of ${f.schema}.${f.name}.`, `pub type ${n} = ${r.set ? `Vec<${f.typeName}Row>` : `${f.typeName}Row`};`);
  }
  out.push('');
  return out;
};

/** sqlx's name of a type of the schema: unqualified in public (the search path), else `schema.name`. */
const sqlxTypeName = (schema: string, name: string): string => (schema === 'public' ? name : `${schema}.${name}`);

/**
 * Composite types as `#[derive(sqlx::Type)]` structs (sqlx decodes a composite by attribute
 * position, every attribute `Option`), or a comment when one attribute cannot be decoded.
 */
const composites = (m: GenModel, ctx: RsCtx): string[] => {
  const out: string[] = [];
  for (const c of m.composites) {
    const name = ctx.compositeName(c.key);
    if (name === null) {
      const bad = c.fields.find((f) => rsType(f.type, true, null, ctx) === null)!;
      out.push(`// composite type ${c.schema}.${c.name} left out: attribute ${JSON.stringify(bad.column)}: ${why(bad.type)}`, '');
      continue;
    }
    out.push(...rsDoc([`Composite type ${c.schema}.${c.name}; every attribute may be NULL. sqlx decodes it by attribute position.`, ...(c.comment ? ['', ...commentLines(c.comment)] : [])]));
    out.push('#[derive(Debug, Clone, sqlx::Type)]', `#[sqlx(type_name = ${JSON.stringify(sqlxTypeName(c.schema, c.name))})]`, `pub struct ${name} {`);
    const taken = new Set<string>();
    for (const f of c.fields) {
      let id = fieldIdent(f.column);
      while (taken.has(id)) id = `${id}_`;
      taken.add(id);
      out.push(...rsDoc(commentLines(f.comment), '    '), `    pub ${id}: ${rsType(f.type, true, null, ctx)!},`);
    }
    out.push('}', '');
  }
  return out;
};

/** User range types as newtypes over `PgRange<T>` carrying the type's name (sqlx's PgRange knows the built-in ranges only). */
const ranges = (m: GenModel, ctx: RsCtx): string[] => m.ranges.flatMap((r) => {
  const name = ctx.rangeName(r.key);
  if (name === null) return [`// range type ${r.schema}.${r.name} left out: its subtype: ${why(r.subtype)}`, ''];
  return [
    `/// Range type ${r.schema}.${r.name} (its multirange ${r.multirange.schema}.${r.multirange.name} has no sqlx type).`,
    '#[derive(Debug, Clone, sqlx::Type)]', `#[sqlx(type_name = ${JSON.stringify(sqlxTypeName(r.schema, r.name))})]`,
    `pub struct ${name}(pub sqlx::postgres::types::PgRange<${rsType(r.subtype, false, null, ctx)!}>);`, '',
  ];
});

export const printRust = (m: GenModel, o: GenOptions): GeneratedFile[] => {
  const enumNames = new Map(m.enums.map((e) => [e.key, e.typeName]));
  const compositeNames = new Map<string, string | null>();
  const rangeNames = new Map<string, string | null>();
  const ctx: RsCtx = { o, enumName: (k) => enumNames.get(k)!, compositeName: (k) => compositeNames.get(k) ?? null, rangeName: (k) => rangeNames.get(k) ?? null };
  // Ranges first (composites may hold them), then composites in dependency order (model order).
  for (const r of m.ranges) rangeNames.set(r.key, rsType(r.subtype, false, null, ctx) === null ? null : r.typeName);
  for (const c of m.composites) compositeNames.set(c.key, c.fields.every((f) => rsType(f.type, true, null, ctx) !== null) ? c.typeName : null);
  const body: string[] = [];
  for (const e of m.enums) {
    const taken = new Set<string>();
    const typeName = e.schema === 'public' ? e.name : `${e.schema}.${e.name}`;
    body.push(...rsDoc([`Enum ${e.schema}.${e.name}.`, ...(e.comment ? ['', ...commentLines(e.comment)] : [])]));
    body.push('#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, sqlx::Type)]');
    body.push(`#[sqlx(type_name = ${JSON.stringify(typeName)})]`, `pub enum ${e.typeName} {`);
    for (const v of e.values) body.push(`    #[sqlx(rename = ${JSON.stringify(v)})]`, `    #[serde(rename = ${JSON.stringify(v)})]`, `    ${variantIdent(v, taken)},`);
    body.push('}', '');
  }
  for (const b of m.brands) {
    const inner = rsType(b.type, false, null, ctx) ?? 'String';
    const copy = COPY_BASES.has(inner) ? 'Copy, ' : '';
    body.push(`/// Key of ${b.tag}; foreign keys to it share this type.`);
    body.push(`#[derive(Debug, Clone, ${copy}PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, sqlx::Type)]`);
    body.push('#[sqlx(transparent)]', `pub struct ${b.name}(pub ${inner});`, '');
  }
  body.push(...ranges(m, ctx), ...composites(m, ctx));
  for (const r of m.relations) body.push(...relation(r, ctx));
  for (const f of m.functions) body.push(...fn(f, ctx));
  const text = [
    header('//', m), '',
    '//! Row types of the database schema for sqlx (postgres; features chrono, uuid, rust_decimal, json).',
    '#![allow(dead_code)]', '',
    body.join('\n').trimEnd(), '',
  ].join('\n');
  return [{ path: 'mod.rs', text }];
};
