/**
 * The schema's own types a driver must be told about before it decodes composites and ranges
 * into the generated types (pgx `LoadType`, psycopg `register_composite` / `register_range`),
 * each after the types it is made of: an enum or domain attribute before its composite, a
 * range's subtype before the range, the range before its multirange. Language-neutral: the Go and
 * Python printers spell the calls.
 */
import type { Schema } from '../../model/schema.js';
import type { TypeRef } from '../../model/type-ref.js';
import { quoteQualified } from '../sql/quote.js';
import type { GenTypeLoad } from './ir.js';

const byKey = (keys: Iterable<string>): string[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const typeLoads = (s: Schema): GenTypeLoad[] => {
  const out: GenTypeLoad[] = [];
  const seen = new Set<string>();
  const multiranges = new Map(Object.entries(s.rangeTypes).map(([k, r]) => [`${r.multirangeName.schema}.${r.multirangeName.name}`, k]));
  const add = (kind: GenTypeLoad['kind'], key: string, name: { schema: string; name: string }): void => {
    out.push({ kind, key, sqlName: quoteQualified(name) });
  };
  const once = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const visitRef = (ref: TypeRef): void => {
    if (ref.schema === null) return;
    const key = `${ref.schema}.${ref.name}`;
    const e = s.enums[key];
    const d = s.domains[key];
    if (e && once(`enum:${key}`)) add('enum', key, e.name);
    if (d && once(`domain:${key}`)) { visitRef(d.baseType); add('domain', key, d.name); }
    if (s.compositeTypes[key]) visitComposite(key);
    if (s.rangeTypes[key]) visitRange(key);
    const ofMulti = multiranges.get(key);
    if (ofMulti) visitRange(ofMulti);
  };
  const visitComposite = (key: string): void => {
    const c = s.compositeTypes[key]!;
    if (!once(`composite:${key}`)) return;
    for (const a of c.attributes) visitRef(a.type);
    add('composite', key, c.name);
  };
  const visitRange = (key: string): void => {
    const r = s.rangeTypes[key]!;
    if (!once(`range:${key}`)) return;
    visitRef(r.subtype);
    add('range', key, r.name);
    add('multirange', key, r.multirangeName);
  };
  for (const k of byKey(Object.keys(s.compositeTypes))) visitComposite(k);
  for (const k of byKey(Object.keys(s.rangeTypes))) visitRange(k);
  return out;
};
