/**
 * `-- pg-flux:renamed-from old` hints: a renamed table, column, index, constraint or enum value
 * becomes ALTER ... RENAME (rows, constraints and indexes kept, default-named dependants follow),
 * the hint is inert once the old name is gone, and without the hint the DATA_LOSS refusal says so.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, testMajor, withClient } from '../support/database.js';
import { applyPlan, inspectUrl, loadSql } from '../support/pipeline.js';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { plan } from '../../src/core/plan/plan.js';

const source = (sql: string) => parseSchema([{ path: 'schema/a.sql', text: sql }]);

/** Load `beforeSql` + `data`, plan to `afterSql` with its hints, apply, and plan again. */
const renameRun = async (beforeSql: string, data: string, afterSql: string) => {
  const db = await freshDatabase('rename');
  try {
    await loadSql(db.url, beforeSql + data);
    const live = await inspectUrl(db.url);
    const want = source(afterSql);
    const p = plan(live.schema, want.schema, { serverVersionNum: live.serverVersionNum, renames: want.renames });
    const sql = p.steps.flatMap((s) => s.statements.map((x) => x.sql));
    await applyPlan(db.url, p);
    const again = await inspectUrl(db.url);
    const second = plan(again.schema, want.schema, { serverVersionNum: again.serverVersionNum, renames: want.renames });
    return { sql, hazards: p.steps.flatMap((s) => s.hazards.map((h) => h.type)), second: second.steps.flatMap((s) => s.statements.map((x) => x.sql)), url: db.url, drop: () => db.drop() };
  } catch (e) {
    await db.drop();
    throw e;
  }
};

describe('rename hints', () => {
  before(() => loadParser());

  it('a table: renamed with its rows; its default-named key, index and sequence follow; the FK pointing at it stays', async () => {
    const r = await renameRun(
      'CREATE TABLE old_users (id serial PRIMARY KEY, email text UNIQUE);\nCREATE INDEX old_users_email_idx ON old_users (lower(email));\nCREATE TABLE posts (uid int REFERENCES old_users);\n',
      "INSERT INTO old_users (email) VALUES ('a'), ('b'); INSERT INTO posts VALUES (1);",
      '-- pg-flux:renamed-from old_users\nCREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE);\nCREATE INDEX users_email_idx ON users (lower(email));\nCREATE TABLE posts (uid int REFERENCES users);\n');
    try {
      assert.deepEqual(r.sql, [
        'ALTER TABLE public.old_users RENAME TO users',
        'ALTER TABLE public.users RENAME CONSTRAINT old_users_email_key TO users_email_key',
        'ALTER TABLE public.users RENAME CONSTRAINT old_users_pkey TO users_pkey',
        'ALTER INDEX public.old_users_email_idx RENAME TO users_email_idx',
        'ALTER SEQUENCE public.old_users_id_seq RENAME TO users_id_seq',
        // PostgreSQL 18 keeps a NOT NULL constraint's name through the rename: its default name follows too.
        ...(testMajor() >= 18 ? ['ALTER TABLE public.users RENAME CONSTRAINT old_users_id_not_null TO users_id_not_null'] : []),
      ]);
      assert.deepEqual(r.hazards, []);
      assert.deepEqual(r.second, [], 'converged; the hint is inert now');
      assert.deepEqual(await withClient(r.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM users')).rows), [{ n: 2 }]);
    } finally { await r.drop(); }
  });

  it('a column: renamed with its values; a CHECK and an index on it are kept', async () => {
    const r = await renameRun(
      'CREATE TABLE t (id int PRIMARY KEY, mail text CHECK (mail <> \'\'));\nCREATE INDEX t_mail ON t (mail);\n',
      "INSERT INTO t VALUES (1, 'x@y');",
      'CREATE TABLE t (\n  id int PRIMARY KEY,\n  -- pg-flux:renamed-from mail\n  email text CHECK (email <> \'\')\n);\nCREATE INDEX t_mail ON t (email);\n');
    try {
      assert.deepEqual(r.sql, ['ALTER TABLE public.t RENAME COLUMN mail TO email', 'ALTER TABLE public.t RENAME CONSTRAINT t_mail_check TO t_email_check']);
      assert.deepEqual(r.second, []);
      assert.deepEqual(await withClient(r.url, async (c) => (await c.query('SELECT email FROM t')).rows), [{ email: 'x@y' }]);
    } finally { await r.drop(); }
  });

  it('a NOT NULL column: its default-named NOT NULL constraint follows the rename (PostgreSQL 18 keeps names), a chosen one stays', async () => {
    // Before 18 NOT NULL has no name to choose (the source may not write one).
    const named = testMajor() >= 18 ? 'CONSTRAINT code_required ' : '';
    const r = await renameRun(
      `CREATE TABLE t (id int PRIMARY KEY, mail text NOT NULL, code text ${named}NOT NULL);\n`,
      "INSERT INTO t VALUES (1, 'x@y', 'c');",
      `CREATE TABLE t (\n  id int PRIMARY KEY,\n  -- pg-flux:renamed-from mail\n  email text NOT NULL,\n  -- pg-flux:renamed-from code\n  kode text ${named}NOT NULL\n);\n`);
    try {
      assert.deepEqual(r.sql, [
        'ALTER TABLE public.t RENAME COLUMN mail TO email',
        'ALTER TABLE public.t RENAME COLUMN code TO kode',
        ...(testMajor() >= 18 ? ['ALTER TABLE public.t RENAME CONSTRAINT t_mail_not_null TO t_email_not_null'] : []),
      ]);
      assert.deepEqual(r.second, []);
      if (testMajor() >= 18) {
        const names = await withClient(r.url, async (c) => (await c.query("SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'n' ORDER BY 1")).rows);
        assert.deepEqual(names, [{ conname: 'code_required' }, { conname: 't_email_not_null' }, { conname: 't_id_not_null' }]);
      }
    } finally { await r.drop(); }
  });

  it('an index, a constraint and an enum value', async () => {
    const r = await renameRun(
      "CREATE TYPE mood AS ENUM ('glad', 'sad');\nCREATE TABLE t (id int, m mood DEFAULT 'glad', CONSTRAINT pos CHECK (id > 0));\nCREATE INDEX t_id ON t (id);\n",
      "INSERT INTO t VALUES (1, 'glad');",
      "CREATE TYPE mood AS ENUM (\n  -- pg-flux:renamed-from glad\n  'happy',\n  'sad'\n);\nCREATE TABLE t (\n  id int,\n  m mood DEFAULT 'happy',\n  -- pg-flux:renamed-from pos\n  CONSTRAINT positive CHECK (id > 0)\n);\n-- pg-flux:renamed-from t_id\nCREATE INDEX t_by_id ON t (id);\n");
    try {
      assert.deepEqual(r.sql, [
        'ALTER INDEX public.t_id RENAME TO t_by_id',
        'ALTER TABLE public.t RENAME CONSTRAINT pos TO positive',
        "ALTER TYPE public.mood RENAME VALUE 'glad' TO 'happy'",
      ]);
      assert.deepEqual(r.second, []);
      assert.deepEqual(await withClient(r.url, async (c) => (await c.query('SELECT m::text FROM t')).rows), [{ m: 'happy' }]);
    } finally { await r.drop(); }
  });

  it('without a hint a rename is a drop and an add, refused as DATA_LOSS with the hint suggested; a malformed hint is an error at its place', async () => {
    const live = source('CREATE TABLE t (id int, mail text);').schema;
    const p = plan(live, source('CREATE TABLE t (id int, email text);').schema, { serverVersionNum: 180000 });
    const h = p.steps.flatMap((s) => s.hazards).find((x) => x.type === 'DATA_LOSS')!;
    assert.match(h.alternative!, /if email is mail renamed, write "-- pg-flux:renamed-from mail" on the line before column email/);
    assert.throws(() => source('-- pg-flux:renamed-from "unterminated\nCREATE TABLE t (id int);'), /schema\/a\.sql:2:1: -- pg-flux:renamed-from takes the old name \(an identifier\)/);
  });
});
