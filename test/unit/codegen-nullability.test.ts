/** View nullability inference: each rule, and the fall-back to nullable when unsure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from '../support/pipeline.js';
import { relationNullability } from '../../src/core/emit/codegen/infer/view-nullability.js';
import { fn, arg, t, view, withViews } from '../support/codegen-model.js';

const BASE = `
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text);
CREATE TABLE orders (id int PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, note text);
`;

const infer = async (query: string, cols: string[], extra: Parameters<typeof withViews>[2] = [], comments: Record<string, string> = {}): Promise<Record<string, boolean>> => {
  const s = withViews(await parseSource(BASE), [view('v', query, cols.map((c) => [c, t('text'), comments[c]] as [string, ReturnType<typeof t>, string?]))], extra);
  const r = relationNullability(s)('public.v')!;
  return Object.fromEntries(cols.map((c) => [c, r.get(c)!]));
};

test('base columns keep their nullability; the outer side of a LEFT JOIN becomes nullable', async () => {
  assert.deepEqual(
    await infer('SELECT u.id, u.email, u.nick, o.id AS order_id, o.user_id FROM (public.users u LEFT JOIN public.orders o ON ((o.user_id = u.id)))', ['id', 'email', 'nick', 'order_id', 'user_id']),
    { id: false, email: false, nick: true, order_id: true, user_id: true },
  );
  assert.deepEqual(
    await infer('SELECT u.id, o.id AS order_id FROM (public.users u RIGHT JOIN public.orders o ON ((o.user_id = u.id)))', ['id', 'order_id']),
    { id: true, order_id: false },
  );
  assert.deepEqual(
    await infer('SELECT u.id, o.id AS order_id FROM (public.users u FULL JOIN public.orders o ON ((o.user_id = u.id)))', ['id', 'order_id']),
    { id: true, order_id: true },
  );
  assert.deepEqual(await infer('SELECT u.id, o.note FROM (public.users u JOIN public.orders o ON ((o.user_id = u.id)))', ['id', 'note']), { id: false, note: true });
});

test('WHERE col IS NOT NULL and strict comparisons in WHERE prove non-null, also on an outer side', async () => {
  assert.deepEqual(await infer('SELECT u.nick FROM public.users u WHERE (u.nick IS NOT NULL)', ['nick']), { nick: false });
  assert.deepEqual(
    await infer("SELECT o.note, o.id FROM (public.users u LEFT JOIN public.orders o ON ((o.user_id = u.id))) WHERE ((o.note = 'x'::text) AND (u.id > 0))", ['note', 'id']),
    { note: false, id: true },
  );
  // OR proves nothing.
  assert.deepEqual(await infer('SELECT u.nick FROM public.users u WHERE ((u.nick IS NOT NULL) OR (u.id > 1))', ['nick']), { nick: true });
});

test('COALESCE with a non-null fallback, count(*), constants, CASE with ELSE, operators of non-null inputs', async () => {
  assert.deepEqual(
    await infer("SELECT COALESCE(u.nick, u.email) AS a, COALESCE(u.nick, NULL::text) AS b, count(*) AS c, count(u.nick) AS d, 'x'::text AS e, NULL::text AS f, CASE WHEN (u.id > 1) THEN 'a'::text ELSE 'b'::text END AS g, CASE WHEN (u.id > 1) THEN 'a'::text END AS h, (u.email || '!'::text) AS i, (u.nick || '!'::text) AS j, max(u.email) AS k FROM public.users u GROUP BY u.id",
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']),
    { a: false, b: true, c: false, d: false, e: false, f: true, g: false, h: true, i: false, j: true, k: true },
  );
});

test('STRICT functions of non-null arguments are non-null; other functions are nullable', async () => {
  const strict = fn('shout', [arg('in', 'v', t('text'))], { type: t('text'), setof: false }, { strict: true });
  const lax = fn('maybe', [arg('in', 'v', t('text'))], { type: t('text'), setof: false });
  assert.deepEqual(
    await infer('SELECT public.shout(u.email) AS a, public.shout(u.nick) AS b, public.maybe(u.email) AS c, lower(u.email) AS d FROM public.users u', ['a', 'b', 'c', 'd'], [strict, lax]),
    { a: false, b: true, c: true, d: false },
  );
});

test('subqueries, CTEs, set operations and views on views are traced; unknown shapes are nullable', async () => {
  assert.deepEqual(await infer('SELECT s.email FROM (SELECT u.email FROM public.users u) s', ['email']), { email: false });
  assert.deepEqual(await infer('WITH c AS (SELECT u.email, u.nick FROM public.users u) SELECT c.email, c.nick FROM c', ['email', 'nick']), { email: false, nick: true });
  assert.deepEqual(await infer('SELECT u.email AS x FROM public.users u UNION SELECT u.nick FROM public.users u', ['x']), { x: true });
  assert.deepEqual(await infer('SELECT u.id AS x FROM public.users u UNION ALL SELECT o.user_id FROM public.orders o', ['x']), { x: false });
  assert.deepEqual(await infer('SELECT g.g FROM generate_series(1, 3) g(g)', ['g']), { g: true });
  const s = withViews(await parseSource(BASE), [
    view('inner_v', 'SELECT u.email, u.nick FROM public.users u', [['email', t('text')], ['nick', t('text')]]),
    view('outer_v', 'SELECT i.email, i.nick FROM public.inner_v i', [['email', t('text')], ['nick', t('text')]]),
  ]);
  assert.deepEqual(Object.fromEntries(relationNullability(s)('public.outer_v')!), { email: false, nick: true });
});

test('@nonnull / @nullable in a column comment override the inference', async () => {
  assert.deepEqual(
    await infer('SELECT u.nick, u.email FROM public.users u', ['nick', 'email'], [], { nick: 'display name @nonnull', email: '@nullable' }),
    { nick: false, email: true },
  );
});

test('a query the parser rejects, or whose columns do not line up, falls back to nullable', async () => {
  assert.deepEqual(await infer('SELECT FROM WHERE', ['a']), { a: true });
  assert.deepEqual(await infer('SELECT u.email FROM public.users u', ['a', 'b']), { a: true, b: true });
});
