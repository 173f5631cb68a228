/**
 * TypeRef → what codegen prints: a built-in from the type table, an enum, a composite type or a
 * range type (or its multirange) of the model, or text for types nobody maps (with a warning).
 * Domains resolve to their base type, recursively, and a NOT NULL domain anywhere on the chain
 * makes the value non-null. Array dimensions are the declared ones (`int[][]` is two), where the
 * model has them (type-ref.ts).
 */
import { declaredDimsOf, type TypeRef } from '../../../model/type-ref.js';
import type { Schema } from '../../../model/schema.js';
import { EXTENSION_TEXT_TYPES, TYPE_TABLE, UNKNOWN_TYPE, type TypeEntry } from './table.js';

/** A domain as codegen needs it (the model's DomainDef will carry at least this). */
export interface DomainLike {
  readonly name: { readonly schema: string; readonly name: string };
  readonly baseType: TypeRef;
  readonly notNull: boolean;
}

export type Resolved =
  | { readonly kind: 'builtin'; readonly name: string; readonly entry: TypeEntry }
  | { readonly kind: 'enum'; readonly key: string }
  /** A composite type of the model (`key` = `schema.name`); `entry` is its text form, for drivers that return that. */
  | { readonly kind: 'composite'; readonly key: string; readonly name: string; readonly entry: TypeEntry }
  /**
   * A range type of the model (`key` = the range's `schema.name`), or its multirange; `subtype` is
   * the element type; `entry` is the text form.
   */
  | { readonly kind: 'range'; readonly key: string; readonly name: string; readonly entry: TypeEntry; readonly subtype: ResolvedType; readonly multirange: boolean }
  | { readonly kind: 'unknown'; readonly name: string; readonly entry: TypeEntry };

export interface ResolvedType {
  readonly base: Resolved;
  /** Array dimensions after resolving domains (an array of a domain over an array adds up). */
  readonly arrayDims: number;
  /** Type modifiers of the base (varchar length, numeric precision). */
  readonly modifiers: readonly number[];
  /** A NOT NULL domain on the way: the value is never NULL. */
  readonly domainNotNull: boolean;
  /** Domains passed through, outermost first (`schema.name`). */
  readonly domains: readonly string[];
}

const keyOfRef = (r: TypeRef): string => `${r.schema}.${r.name}`;

export const domainsOf = (s: Schema): Readonly<Record<string, DomainLike>> => s.domains;

export const resolveType = (s: Schema, ref: TypeRef): ResolvedType => {
  const domains = domainsOf(s);
  let cur = ref;
  let dims = declaredDimsOf(ref);
  let notNull = false;
  const chain: string[] = [];
  // Domains over domains: follow the chain (bounded, in case of a malformed model).
  for (let i = 0; i < 32 && cur.schema !== null; i++) {
    const d = domains[keyOfRef(cur)];
    if (!d) break;
    chain.push(keyOfRef(cur));
    // NOT NULL of a domain applies to the value, not to array elements of it.
    if (dims === 0 && d.notNull) notNull = true;
    dims += declaredDimsOf(d.baseType);
    cur = d.baseType;
  }
  const base = resolveBase(s, cur);
  return { base, arrayDims: dims, modifiers: cur.modifiers.filter((m): m is number => typeof m === 'number'), domainNotNull: notNull, domains: chain };
};

const resolveBase = (s: Schema, ref: TypeRef): Resolved => {
  if (ref.schema === null) {
    const entry = TYPE_TABLE[ref.name];
    return entry ? { kind: 'builtin', name: ref.name, entry } : { kind: 'unknown', name: ref.name, entry: UNKNOWN_TYPE };
  }
  const key = keyOfRef(ref);
  if (s.enums[key]) return { kind: 'enum', key };
  if (s.compositeTypes[key]) return { kind: 'composite', key, name: key, entry: UNKNOWN_TYPE };
  const range = rangeOf(s, key);
  if (range) {
    return { kind: 'range', key: range.key, name: key, entry: UNKNOWN_TYPE, subtype: resolveType(s, s.rangeTypes[range.key]!.subtype), multirange: range.multirange };
  }
  if (EXTENSION_TEXT_TYPES.has(ref.name)) return { kind: 'builtin', name: ref.name, entry: TYPE_TABLE[ref.name]! };
  return { kind: 'unknown', name: key, entry: UNKNOWN_TYPE };
};

/** Range types by their own key and by their multirange's key (built once per schema). */
const rangeIndex = new WeakMap<Schema, ReadonlyMap<string, { readonly key: string; readonly multirange: boolean }>>();

const rangeOf = (s: Schema, key: string): { readonly key: string; readonly multirange: boolean } | undefined => {
  let index = rangeIndex.get(s);
  if (!index) {
    const m = new Map<string, { key: string; multirange: boolean }>();
    for (const [k, r] of Object.entries(s.rangeTypes)) {
      m.set(k, { key: k, multirange: false });
      m.set(`${r.multirangeName.schema}.${r.multirangeName.name}`, { key: k, multirange: true });
    }
    index = m;
    rangeIndex.set(s, index);
  }
  return index.get(key);
};

/** The type table entry for a resolved base (enums are text-like for validator families). */
export const entryOf = (r: Resolved): TypeEntry | null => (r.kind === 'enum' ? null : r.entry);
