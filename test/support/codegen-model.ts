/**
 * Hand-built model values for codegen tests of kinds the pipeline does not produce yet (views,
 * functions): the same shapes the canonicaliser will give (pg_get_viewdef text, server-printed
 * argument defaults).
 */
import type { Schema } from '../../src/core/model/schema.js';
import type { FunctionDef, RoutineArg, ViewDef } from '../../src/core/model/objects.js';
import type { TypeRef } from '../../src/core/model/type-ref.js';
import { functionKey } from '../../src/core/model/schema.js';

export const t = (name: string, arrayDims = 0, schema: string | null = null): TypeRef => ({ schema, name, modifiers: [], arrayDims });

export const view = (name: string, query: string, columns: readonly [string, TypeRef, string?][], materialized = false): ViewDef => ({
  kind: 'view', name: { schema: 'public', name }, materialized, query, options: [], accessMethod: null, refs: [], source: null,
  columns: columns.map(([n, type, comment]) => ({ name: n, type, collation: null, ...(comment ? { comment } : {}) })),
});

export const fn = (name: string, args: readonly RoutineArg[], returns: FunctionDef['returns'], extra: Partial<FunctionDef> = {}): FunctionDef => ({
  kind: 'function', routineKind: 'function', name: { schema: 'public', name }, signature: args.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => a.type.name + '[]'.repeat(a.type.arrayDims)).join(','),
  args, returns, language: 'sql', volatility: 'stable', strict: false, securityDefiner: false, leakproof: false, parallel: 'unsafe',
  cost: 100, rows: 0, support: null, config: [], window: false, body: 'select 1', sqlStandardBody: false, definition: '', refs: [], bodyRefs: [], source: null,
  ...extra,
});

export const arg = (mode: RoutineArg['mode'], name: string | null, type: TypeRef, def: string | null = null): RoutineArg => ({ mode, name, type, default: def });

/** The views (their columns' `comment`s moved into the model's comments record, where the model keeps them) and functions added to `s`. */
export const withViews = (s: Schema, views: readonly ViewDef[], functions: readonly FunctionDef[] = []): Schema => {
  const comments = { ...s.comments };
  for (const v of views) {
    for (const c of v.columns as readonly (ViewDef['columns'][number] & { comment?: string })[]) {
      if (c.comment === undefined) continue;
      const key = `${v.name.schema}.${v.name.name}.${c.name}`;
      comments[`column:${key}`] = { kind: 'comment', target: { kind: 'column', key }, text: c.comment, source: null };
    }
  }
  return {
    ...s,
    comments,
    views: Object.fromEntries(views.map((v) => [`${v.name.schema}.${v.name.name}`, { ...v, columns: v.columns.map(({ name, type, collation }) => ({ name, type, collation })) }])),
    functions: Object.fromEntries(functions.map((f) => [functionKey(f), f])),
  };
};

/** Views and functions over the kitchen sink, as the canonicaliser will hand them over. */
export const withProgrammable = (s: Schema): Schema => withViews(s, [
  view('user_orders', 'SELECT u.id, u.email, o.id AS order_id, o.total, COALESCE(o.total, (0)::numeric) AS total_or_zero FROM (public.users u LEFT JOIN public.orders o ON ((o.user_id = u.id)))',
    [['id', t('int8')], ['email', t('citext', 0, 'public')], ['order_id', t('int4')], ['total', t('numeric')], ['total_or_zero', t('numeric')]]),
  view('mood_counts', 'SELECT u.mood, count(*) AS n FROM public.users u GROUP BY u.mood', [['mood', t('mood', 0, 'public')], ['n', t('int8')]], true),
], [
  fn('user_count', [], { type: t('int8'), setof: false }),
  fn('find_users', [arg('in', 'pattern', t('text')), arg('in', 'max_rows', t('int4'), '10')], { type: t('users', 0, 'public'), setof: true }, { strict: true }),
  fn('add', [arg('in', 'a', t('int4')), arg('in', 'b', t('int4'))], { type: t('int4'), setof: false }, { strict: true }),
  fn('add', [arg('in', 'a', t('numeric')), arg('in', 'b', t('numeric'))], { type: t('numeric'), setof: false }),
  fn('order_summary', [arg('in', 'since', t('date')), arg('table', 'order_id', t('int4')), arg('table', 'total', t('numeric'))], { type: t('record'), setof: true }),
  fn('tag_all', [arg('variadic', 'tags', t('text', 1))], null, { routineKind: 'procedure' }),
  fn('move_home', [arg('in', 'home', t('address', 0, 'public')), arg('in', 'span', t('floatrange', 0, 'public'))], { type: t('address', 0, 'public'), setof: false }),
]);

