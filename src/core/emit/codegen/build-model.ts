/**
 * Schema → GenModel: the language-neutral decisions of codegen (codegen.md §2.3, §2.4).
 * - Table columns are nullable unless NOT NULL (or of a NOT NULL domain); primary keys are NOT NULL.
 * - Insert: GENERATED ALWAYS identity and generated columns are left out; defaulted, identity BY
 *   DEFAULT and (with null style `optional`) nullable columns are optional. Update: everything
 *   writable is optional.
 * - Views and materialized views have a Row shape only, with inferred nullability.
 * - Branded ids: every primary-key column gets a brand; a foreign-key column reuses the brand of
 *   the column it references (composite keys column by column).
 */
import { allColumns } from '../../model/inheritance.js';
import type { Schema } from '../../model/schema.js';
import type { ColumnDef, ConstraintDef, FunctionDef, TableDef, ViewDef } from '../../model/objects.js';
import { constraintsOf } from '../../model/by-table.js';
import type { GenOptions } from './options.js';
import type { FieldChecks, GenBrand, GenComposite, GenEnum, GenField, GenFunction, GenModel, GenParam, GenRange, GenRelation, InsertMode } from './ir.js';
import { NO_CHECKS } from './ir.js';
import { resolveType, type ResolvedType } from './types/resolve.js';
import { checkFactsByTable } from './checks.js';
import { relationNullability } from './infer/view-nullability.js';
import { commentOf } from './comments.js';
import { typeLoads } from './type-loads.js';
import { NameRegistry, StemRegistry, schemaPrefix } from './names.js';
import { pascal, singular, snake } from './naming.js';

const byKey = <T>(rec: Readonly<Record<string, T>>): [string, T][] => Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const REL_SUFFIXES = ['Insert', 'Update'];
const FN_SUFFIXES = ['Args', 'Result', 'Row'];

/** Return types of functions that cannot be called from an application. */
const NOT_CALLABLE = new Set(['trigger', 'event_trigger', 'internal', 'language_handler', 'fdw_handler', 'index_am_handler', 'table_am_handler', 'tsm_handler']);

const brandable = (t: ResolvedType): boolean =>
  t.arrayDims === 0 && t.base.kind === 'builtin' && ['int', 'int8', 'text', 'uuid'].includes(t.base.entry.family);

const sameType = (a: ResolvedType, b: ResolvedType): boolean =>
  a.arrayDims === b.arrayDims && a.base.kind === b.base.kind && (a.base.kind === 'enum' ? a.base.key : a.base.name) === (b.base.kind === 'enum' ? (b.base as { key: string }).key : (b.base as { name: string }).name);

export const buildGenModel = (s: Schema, hash: string, command: string, opts: Pick<GenOptions, 'brandedIds' | 'nullStyle'>): GenModel => {
  const names = new NameRegistry();
  const stems = new StemRegistry();
  const warnings: string[] = [];
  const warnUnknown = (where: string, t: ResolvedType): void => {
    if (t.base.kind === 'unknown') warnings.push(`${where}: type ${t.base.name} is not known to codegen; typed as its text form`);
  };

  const enums: GenEnum[] = byKey(s.enums).map(([key, e]) => ({
    key, schema: e.name.schema, name: e.name.name, values: e.values, comment: commentOf(s, 'type', key),
    typeName: names.claim([schemaPrefix(e.name.schema) + pascal(e.name.name), `${schemaPrefix(e.name.schema) + pascal(e.name.name)}Enum`]),
  }));

  const relName = (schema: string, name: string): string => {
    const p = schemaPrefix(schema);
    return names.claim([p + pascal(singular(name)), p + pascal(name), `${pascal(schema)}${pascal(name)}`, `${pascal(schema)}${pascal(name)}Row`], REL_SUFFIXES);
  };
  const stemOf = (schema: string, name: string): string => stems.claim(snake(schema === 'public' ? name : `${schema}_${name}`));

  const tables = byKey(s.tables);
  const views = byKey(s.views);
  const typeNames = new Map<string, string>();
  for (const [key, t] of tables) typeNames.set(key, relName(t.name.schema, t.name.name));
  for (const [key, v] of views) typeNames.set(key, relName(v.name.schema, v.name.name));

  // Brands: resolved lazily, FK first so that a key that is also a reference shares the brand.
  const keyMemo = new Map<string, { fks: readonly ConstraintDef[]; pk: ReadonlySet<string> }>();
  const keysOf = (tableKey: string): { fks: readonly ConstraintDef[]; pk: ReadonlySet<string> } => {
    let k = keyMemo.get(tableKey);
    if (!k) {
      const cons = [...constraintsOf(s, tableKey)].sort((a, b) => (a.name < b.name ? -1 : 1));
      k = { fks: cons.filter((c) => c.type === 'foreign_key' && c.references), pk: new Set(cons.filter((c) => c.type === 'primary_key').flatMap((c) => c.columns)) };
      keyMemo.set(tableKey, k);
    }
    return k;
  };
  // Every column of a table by name, once per table: brandOf asks for each column of each table.
  const columnMemo = new Map<string, ReadonlyMap<string, ColumnDef>>();
  const columnsOf = (tableKey: string, table: TableDef): ReadonlyMap<string, ColumnDef> => {
    let m = columnMemo.get(tableKey);
    if (!m) {
      const byName = new Map<string, ColumnDef>();
      for (const c of allColumns(s.tables, table)) if (!byName.has(c.name)) byName.set(c.name, c);
      m = byName;
      columnMemo.set(tableKey, m);
    }
    return m;
  };
  const brands = new Map<string, GenBrand>();
  const brandMemo = new Map<string, string | null>();
  const brandOf = (tableKey: string, column: string, seen: Set<string> = new Set()): string | null => {
    if (!opts.brandedIds) return null;
    const id = `${tableKey}.${column}`;
    if (brandMemo.has(id)) return brandMemo.get(id)!;
    if (seen.has(id)) return null;
    seen.add(id);
    const table = s.tables[tableKey];
    const col = table && columnsOf(tableKey, table).get(column);
    if (!table || !col) return null;
    const type = resolveType(s, col.type);
    let result: string | null = null;
    const keys = keysOf(tableKey);
    for (const fk of keys.fks) {
      const i = fk.columns.indexOf(column);
      if (i < 0) continue;
      const refKey = `${fk.references!.table.schema}.${fk.references!.table.name}`;
      const refCol = fk.references!.columns[i];
      const refType = s.tables[refKey]?.columns.find((c) => c.name === refCol);
      if (!refCol || !refType || !sameType(type, resolveType(s, refType.type))) continue;
      result = brandOf(refKey, refCol, seen);
      if (result) break;
    }
    if (!result && brandable(type) && keys.pk.has(column)) {
      const name = names.claim([`${typeNames.get(tableKey)}${pascal(column)}`]);
      brands.set(name, { name, type, tag: `${tableKey}.${column}`, table: tableKey, column });
      result = name;
    }
    brandMemo.set(id, result);
    return result;
  };

  const nullabilityOf = relationNullability(s);
  const facts = checkFactsByTable(Object.values(s.constraints));
  const relations: GenRelation[] = [];
  for (const [key, t] of tables) relations.push(tableRelation(s, key, t, typeNames.get(key)!, stemOf(t.name.schema, t.name.name), opts, brandOf, warnUnknown, facts.get(key)));
  for (const [key, v] of views) relations.push(viewRelation(s, key, v, typeNames.get(key)!, stemOf(v.name.schema, v.name.name), nullabilityOf, warnUnknown));

  const functions = buildFunctions(s, names, typeNames, warnUnknown);
  // Composite and range names are claimed last: relations and functions keep the names they had before these kinds were typed.
  const composites = buildComposites(s, names, warnUnknown);
  const ranges: GenRange[] = byKey(s.rangeTypes).map(([key, r]) => ({
    key, schema: r.name.schema, name: r.name.name, subtype: resolveType(s, r.subtype), multirange: r.multirangeName,
    typeName: names.claim([schemaPrefix(r.name.schema) + pascal(r.name.name), `${schemaPrefix(r.name.schema) + pascal(r.name.name)}Range`]),
  }));
  const brandList = [...brands.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { hash, command, enums, composites, ranges, typeLoads: typeLoads(s), brands: brandList, relations, functions, warnings };
};

/** Composite types, each after the composites its attributes use (arrays and domains of them included). */
const buildComposites = (s: Schema, names: NameRegistry, warnUnknown: (where: string, t: ResolvedType) => void): GenComposite[] => {
  const out: GenComposite[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): void => {
    const c = s.compositeTypes[key];
    if (!c || state.has(key)) return;
    state.set(key, 'visiting');
    const fields: GenField[] = c.attributes.map((a) => {
      const type = resolveType(s, a.type);
      warnUnknown(`${key}.${a.name}`, type);
      if (type.base.kind === 'composite') visit(type.base.key);
      return { column: a.name, type, nullable: true, insert: 'omit', update: 'omit', brand: null, checks: NO_CHECKS, comment: commentOf(s, 'column', `${key}.${a.name}`) };
    });
    const p = schemaPrefix(c.name.schema) + pascal(c.name.name);
    out.push({ key, schema: c.name.schema, name: c.name.name, fields, comment: commentOf(s, 'type', key), typeName: names.claim([p, `${p}Type`]) });
    state.set(key, 'done');
  };
  for (const [key] of byKey(s.compositeTypes)) visit(key);
  return out;
};

const insertMode = (c: ColumnDef, nullable: boolean, nullStyle: GenOptions['nullStyle']): InsertMode => {
  if (c.generated || c.identity?.generation === 'always') return 'omit';
  if (c.default || c.identity) return 'optional';
  if (nullable) return nullStyle === 'optional' ? 'optional' : 'required';
  return 'required';
};

const tableRelation = (
  s: Schema, key: string, t: TableDef, typeName: string, fileStem: string, opts: Pick<GenOptions, 'nullStyle'>,
  brandOf: (tableKey: string, column: string) => string | null, warnUnknown: (where: string, t: ResolvedType) => void,
  facts: ReadonlyMap<string, FieldChecks> = new Map(),
): GenRelation => {
  const cons: readonly ConstraintDef[] = constraintsOf(s, key);
  const pk = new Set(cons.filter((c) => c.type === 'primary_key').flatMap((c) => c.columns));
  // A partition or inheritance child has its parents' columns too.
  const fields: GenField[] = allColumns(s.tables, t).map((c) => {
    const type = resolveType(s, c.type);
    warnUnknown(`${key}.${c.name}`, type);
    const nullable = !(c.notNull || pk.has(c.name) || type.domainNotNull);
    const insert = insertMode(c, nullable, opts.nullStyle);
    return {
      column: c.name, type, nullable, insert, update: insert === 'omit' ? 'omit' : 'optional',
      brand: brandOf(key, c.name), checks: facts.get(c.name) ?? NO_CHECKS, comment: commentOf(s, 'column', `${key}.${c.name}`),
    };
  });
  return { key, schema: t.name.schema, name: t.name.name, kind: 'table', typeName, fileStem, fields, writable: true, comment: commentOf(s, 'table', key) };
};

const viewRelation = (
  s: Schema, key: string, v: ViewDef, typeName: string, fileStem: string,
  nullabilityOf: (key: string) => ReadonlyMap<string, boolean> | null, warnUnknown: (where: string, t: ResolvedType) => void,
): GenRelation => {
  const inferred = nullabilityOf(key);
  const fields: GenField[] = v.columns.map((c) => {
    const type = resolveType(s, c.type);
    warnUnknown(`${key}.${c.name}`, type);
    return {
      column: c.name, type, nullable: inferred?.get(c.name) ?? true, insert: 'omit', update: 'omit',
      brand: null, checks: NO_CHECKS, comment: commentOf(s, 'column', `${key}.${c.name}`),
    };
  });
  return {
    key, schema: v.name.schema, name: v.name.name, kind: v.materialized ? 'materialized_view' : 'view', typeName, fileStem,
    fields, writable: false, comment: commentOf(s, v.materialized ? 'materialized view' : 'view', key),
  };
};

const buildFunctions = (
  s: Schema, names: NameRegistry, typeNames: ReadonlyMap<string, string>, warnUnknown: (where: string, t: ResolvedType) => void,
): GenFunction[] => {
  const all = byKey(s.functions).filter(([, f]) => callable(f));
  const overloads = new Map<string, number>();
  for (const [, f] of all) overloads.set(`${f.name.schema}.${f.name.name}`, (overloads.get(`${f.name.schema}.${f.name.name}`) ?? 0) + 1);
  return all.map(([key, f]) => {
    const base = schemaPrefix(f.name.schema) + pascal(f.name.name);
    const sig = f.signature.split(',').filter(Boolean).map((t) => pascal(t.replace(/\[\]/g, ' array'))).join('');
    const typeName = overloads.get(`${f.name.schema}.${f.name.name}`)! > 1
      ? names.claim([`${base}${sig || 'NoArgs'}`], FN_SUFFIXES)
      : names.claim([base, `${base}Fn`], FN_SUFFIXES);
    const params: GenParam[] = [];
    const outs: GenField[] = [];
    f.args.forEach((a, i) => {
      const type = resolveType(s, a.type);
      warnUnknown(`${key} argument ${a.name ?? i + 1}`, type);
      const name = a.name ?? `arg${i + 1}`;
      if (a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic') {
        params.push({
          name, type: a.mode === 'variadic' ? type : type, nullable: !f.strict && !type.domainNotNull,
          optional: a.default !== null, variadic: a.mode === 'variadic',
        });
      }
      if (a.mode === 'out' || a.mode === 'inout' || a.mode === 'table') {
        outs.push({ column: name, type, nullable: !type.domainNotNull, insert: 'omit', update: 'omit', brand: null, checks: NO_CHECKS, comment: null });
      }
    });
    return { key, schema: f.name.schema, name: f.name.name, kind: f.routineKind, typeName, params, result: resultOf(s, f, outs, typeNames), comment: commentOf(s, f.routineKind, key) };
  });
};

const callable = (f: FunctionDef): boolean =>
  !(f.returns && f.returns.type.schema === null && NOT_CALLABLE.has(f.returns.type.name))
  && !f.args.some((a) => a.type.schema === null && NOT_CALLABLE.has(a.type.name));

const resultOf = (s: Schema, f: FunctionDef, outs: GenField[], typeNames: ReadonlyMap<string, string>): GenFunction['result'] => {
  const set = f.returns?.setof ?? false;
  if (outs.length > 0) return { kind: 'row', fields: outs, set };
  if (!f.returns) return { kind: 'void' };
  const t = f.returns.type;
  if (t.schema === null && t.name === 'void' && t.arrayDims === 0) return { kind: 'void' };
  const relKey = t.schema !== null && t.arrayDims === 0 ? `${t.schema}.${t.name}` : null;
  if (relKey && typeNames.has(relKey)) return { kind: 'relation', typeName: typeNames.get(relKey)!, set };
  // A composite result is called as a row source (SELECT * FROM f()), like OUT parameters: its attributes are the columns, each nullable.
  const composite = relKey ? s.compositeTypes[relKey] : undefined;
  if (composite) {
    return {
      kind: 'row', set,
      fields: composite.attributes.map((a) => ({ column: a.name, type: resolveType(s, a.type), nullable: true, insert: 'omit', update: 'omit', brand: null, checks: NO_CHECKS, comment: null })),
    };
  }
  const type = resolveType(s, t);
  return { kind: 'scalar', type, nullable: !type.domainNotNull, set };
};
