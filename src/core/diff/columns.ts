/** Column-level differences of a table that exists on both sides. */
import type { Change } from '../model/change.js';
import type { ColumnDef, TableDef } from '../model/objects.js';
import type { DiffContext } from './context.js';
import { sameType, typeToSql } from '../canon/type-names.js';
import { fitsSequenceType, retypeSequence, sameSequenceOptions, seqTypeOf } from '../canon/sequences.js';
import { castExists, typeChangeFacts } from './type-change.js';
import { markRebuilds } from './rebuild.js';
import type { TypeRef } from '../model/type-ref.js';
import { EXTENSION_TYPES } from '../canon/extension-types.js';
import { defaultRef } from './dependants.js';
import { keyOf } from '../model/names.js';
import { defaultStorage } from '../canon/storage.js';
import { defaultNotNullName } from '../canon/naming.js';

const sameExpr = (a: { canon: string } | null, b: { canon: string } | null): boolean => (a?.canon ?? null) === (b?.canon ?? null);
const sameCollation = (a: ColumnDef, b: ColumnDef): boolean =>
  (a.collation ? `${a.collation.schema}.${a.collation.name}` : null) === (b.collation ? `${b.collation.schema}.${b.collation.name}` : null);

/** SET EXPRESSION: PostgreSQL 17 and later. */
const SET_EXPRESSION = 170000;

/** The generation expression changes, or the column moves between STORED and VIRTUAL. */
const generationChanges = (live: ColumnDef, want: ColumnDef): boolean =>
  !sameExpr(live.generated, want.generated) || (live.generated !== null && want.generated !== null && live.virtual !== want.virtual);

/**
 * A generated column keeps its place with a new expression (SET EXPRESSION) where the server
 * has it, and when it stays STORED or VIRTUAL and keeps its type.
 */
const setsExpression = (live: ColumnDef, want: ColumnDef, ctx: DiffContext): boolean =>
  live.generated !== null && want.generated !== null && live.virtual === want.virtual && !sameExpr(live.generated, want.generated)
  && ctx.serverVersionNum >= SET_EXPRESSION && !typeChanges(live, want, ctx);

/**
 * Otherwise a generated column whose generation changes is added again. A STORED generated column
 * that becomes a plain one keeps its values (DROP EXPRESSION) instead; a VIRTUAL one has none to keep.
 */
const needsReAdd = (live: ColumnDef, want: ColumnDef, ctx: DiffContext): boolean =>
  generationChanges(live, want) && !becomesPlain(live, want) && !setsExpression(live, want, ctx);
const becomesPlain = (live: ColumnDef, want: ColumnDef): boolean => live.generated !== null && live.virtual !== true && want.generated === null;

const optionKey = (o: string): string => o.slice(0, o.indexOf('='));

/**
 * STORAGE, COMPRESSION, STATISTICS and options that change. A type change gives the column its
 * new type's storage, so a retyped column's storage is compared with that.
 */
const diffAttributes = (t: TableDef, live: ColumnDef, want: ColumnDef, retyped: boolean, ctx: DiffContext): Change[] => {
  const liveStorage = retyped ? undefined : live.storage;
  const setOptions = (want.options ?? []).filter((o) => !(live.options ?? []).includes(o));
  const wantKeys = new Set((want.options ?? []).map(optionKey));
  const resetOptions = (live.options ?? []).map(optionKey).filter((k) => !wantKeys.has(k));
  const change = {
    ...(liveStorage !== want.storage ? { storage: want.storage ?? null } : {}),
    ...(live.compression !== want.compression ? { compression: want.compression ?? null } : {}),
    ...(live.statisticsTarget !== want.statisticsTarget ? { statisticsTarget: want.statisticsTarget ?? null } : {}),
  };
  if (!Object.keys(change).length && !setOptions.length && !resetOptions.length) return [];
  return [{ kind: 'set_column_attributes', table: t.name, column: want.name, ...change, setOptions, resetOptions, typeStorage: defaultStorage(want.type, ctx.to) }];
};

/** NOT NULL on both sides: its constraint's name and validation (PostgreSQL 18; names are defaults before). */
const diffNotNullConstraint = (t: TableDef, live: ColumnDef, want: ColumnDef): Change[] => {
  const from = live.notNullName ?? defaultNotNullName(t.name.name, live.name);
  const to = want.notNullName ?? defaultNotNullName(t.name.name, want.name);
  const out: Change[] = [];
  if (from !== to) out.push({ kind: 'rename_not_null', table: t.name, column: want.name, from, to });
  // As for CHECK: a validated NOT NULL satisfies a source that writes NOT VALID.
  if (live.notNullValidated === false && want.notNullValidated !== false) out.push({ kind: 'validate_not_null', table: t.name, column: want.name, name: to });
  return out;
};

const diffIdentity = (t: TableDef, live: ColumnDef, want: ColumnDef): Change[] => {
  const table = t.name;
  if (!live.identity && want.identity) return [{ kind: 'add_identity', table, column: want.name, identity: want.identity }];
  if (live.identity && !want.identity) return [{ kind: 'drop_identity', table, column: want.name, identity: live.identity }];
  if (live.identity && want.identity) {
    // A type change of the column retypes its identity sequence too (see retypeSequence).
    const seqType = seqTypeOf(want.type.name);
    const out: Change[] = [];
    let current = live.identity;
    if (seqType && !fitsSequenceType(retypeSequence(current.options, seqType), seqType)) {
      // Narrowing (bigint → integer) with explicit bounds beyond the new type: PostgreSQL would
      // refuse the retyped sequence, so its bounds (and start) move to the wanted ones first.
      const o = want.identity.options;
      const bounded = { ...current, options: { ...current.options, minValue: o.minValue, maxValue: o.maxValue, start: o.start } };
      out.push({ kind: 'alter_identity', table, column: want.name, from: current, to: bounded, beforeTypeChange: true });
      current = bounded;
    }
    const from = seqType ? { ...current, options: retypeSequence(current.options, seqType) } : current;
    if (from.generation !== want.identity.generation || !sameSequenceOptions(from.options, want.identity.options)) {
      out.push({ kind: 'alter_identity', table, column: want.name, from, to: want.identity });
    }
    return out;
  }
  return [];
};

/**
 * The live type as it will be once extensions have moved: ALTER EXTENSION ... SET SCHEMA takes
 * the extension's types along, so a column of `public.citext` becomes `ext.citext` by itself.
 */
const afterExtensionMoves = (t: TypeRef, ctx: DiffContext): TypeRef => {
  if (t.schema === null || `${t.schema}.${t.name}` in ctx.from.enums) return t;
  for (const e of Object.values(ctx.to.extensions)) {
    const was = ctx.from.extensions[e.name];
    if (!was || was.schema === e.schema || was.schema !== t.schema) continue;
    const known = EXTENSION_TYPES[e.name];
    if (known === undefined || known.includes(t.name)) return { ...t, schema: e.schema };
  }
  return t;
};

/** True when the column's type (or collation) changes: ALTER COLUMN ... TYPE. */
const typeChanges = (live: ColumnDef, want: ColumnDef, ctx: DiffContext): boolean =>
  !sameType(afterExtensionMoves(live.type, ctx), want.type) || !sameCollation(live, want);

/** A generated column reading one of `retyped`: PostgreSQL refuses to change those types under it. */
const readsRetyped = (live: ColumnDef, want: ColumnDef, retyped: ReadonlySet<string>): boolean =>
  want.generated !== null && [...(live.generated?.refs ?? []), ...want.generated.refs]
    .some((r) => r.startsWith('column:') && retyped.has(r.slice('column:'.length)));

const diffColumn = (t: TableDef, live: ColumnDef, want: ColumnDef, ctx: DiffContext, retyped: ReadonlySet<string>): Change[] => {
  const table = t.name;
  const key = `${t.name.schema}.${t.name.name}.${want.name}`;
  const noCast = typeChanges(live, want, ctx) && !castExists(afterExtensionMoves(live.type, ctx), want.type, ctx.to);
  if (needsReAdd(live, want, ctx) || readsRetyped(live, want, retyped) || noCast) {
    // Dropping the column drops every constraint and index on it: build them again.
    markRebuilds(ctx, [{ table, column: want.name }], ['primary_key', 'unique', 'check', 'foreign_key', 'exclude']);
    const reason = noCast
      ? `PostgreSQL has no cast from ${typeToSql(live.type)} to ${typeToSql(want.type)}; the column is dropped and added again; to keep its values, edit the generated migration to use ALTER COLUMN ... TYPE ... USING <conversion> instead`
      : undefined;
    return [{ kind: 'drop_column', table, column: live, ...(reason ? { reason } : {}) }, { kind: 'add_column', table, column: want }];
  }
  const out: Change[] = [];
  if (becomesPlain(live, want)) out.push({ kind: 'drop_column_expression', table, column: live });
  if (setsExpression(live, want, ctx)) out.push({ kind: 'set_column_expression', table, from: live, to: want });
  if (typeChanges(live, want, ctx)) {
    // A foreign table stores no rows: its column takes any type without USING (which PostgreSQL refuses there).
    const facts = ctx.to.tables[keyOf(table)]?.foreign ? { using: false, rewrites: false } : typeChangeFacts(live, want);
    // With USING the old default may not cast; a default using a non-built-in type (an enum
    // literal) would keep depending on it once cast. Either way the type change drops the old
    // default first and sets the desired one after.
    const usesTypes = live.default?.refs.some((r) => r.startsWith('type:')) ?? false;
    const resetDefault = (facts.using || usesTypes) && (live.default !== null || want.default !== null);
    const fromEnum = live.type.schema !== null && `${live.type.schema}.${live.type.name}` in ctx.from.enums;
    out.push({
      kind: 'alter_column_type', table, from: live, to: want, using: facts.using, usingViaText: facts.using && fromEnum,
      rewrites: facts.rewrites, resetDefault,
    });
    if (resetDefault) ctx.defaultsHandled.add(key);
  }
  out.push(...diffIdentity(t, live, want));
  // A default calling a routine the plan recreates goes before it and comes back after it.
  if (!ctx.defaultsHandled.has(key) && live.default && want.default && sameExpr(live.default, want.default) && ctx.rebuild.has(defaultRef(table, want.name))) {
    out.push({ kind: 'drop_column_default', table, column: want.name, previous: live.default },
      { kind: 'set_column_default', table, column: want.name, default: want.default, previous: null });
  } else if (!ctx.defaultsHandled.has(key) && !sameExpr(live.default, want.default)) {
    if (want.default) out.push({ kind: 'set_column_default', table, column: want.name, default: want.default, previous: live.default });
    else out.push({ kind: 'drop_column_default', table, column: want.name, previous: live.default! });
  }
  if (live.notNull !== want.notNull) {
    out.push(want.notNull
      ? { kind: 'set_column_not_null', table, column: want.name, ...(want.notNullName ? { name: want.notNullName } : {}), ...(want.notNullValidated === false ? { notValid: true as const } : {}) }
      : { kind: 'drop_column_not_null', table, column: want.name });
  } else if (want.notNull) out.push(...diffNotNullConstraint(t, live, want));
  out.push(...diffAttributes(t, live, want, typeChanges(live, want, ctx), ctx));
  return out;
};

export const diffColumns = (live: TableDef, want: TableDef, ctx: DiffContext): Change[] => {
  const out: Change[] = [];
  const liveByName = new Map(live.columns.map((c) => [c.name, c]));
  const wantNames = new Set(want.columns.map((c) => c.name));
  for (const c of live.columns) if (!wantNames.has(c.name)) out.push({ kind: 'drop_column', table: want.name, column: c });
  // Columns whose type changes in place (not those re-added for a new generation expression).
  const retyped = new Set(want.columns.filter((c) => {
    const l = liveByName.get(c.name);
    return l !== undefined && !needsReAdd(l, c, ctx) && typeChanges(l, c, ctx);
  }).map((c) => c.name));
  for (const c of want.columns) {
    const l = liveByName.get(c.name);
    out.push(...(l ? diffColumn(want, l, c, ctx, retyped) : [{ kind: 'add_column', table: want.name, column: c } as Change]));
  }
  return out;
};
