/**
 * Type changes PostgreSQL cannot make while columns hold values of the type are refused at plan
 * time, at the source line, with what to do — never left to fail half-way through an apply.
 * Each case also checks that the same change is planned once nothing stores the type.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';
import { freshDatabase } from '../support/database.js';
import { inspectUrl, loadSql, parseSource, planBetween, planSql } from '../support/pipeline.js';

interface Case {
  readonly name: string;
  /** Live schema; `unused` is the same without the columns that store the type. */
  readonly live: string;
  readonly unused: string;
  readonly desired: string;
  readonly refusal: RegExp;
  /** A statement of the plan once nothing stores the type. */
  readonly planned: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'a domain constraint added while a composite column stores the domain',
    live: 'CREATE DOMAIN money2 AS numeric CHECK (VALUE >= 0); CREATE TYPE price AS (amount money2, currency text); CREATE TABLE products (id int, p price);',
    unused: 'CREATE DOMAIN money2 AS numeric CHECK (VALUE >= 0); CREATE TYPE price AS (amount money2, currency text);',
    desired: 'CREATE DOMAIN money2 AS numeric CHECK (VALUE >= 0)\n  CONSTRAINT below_million CHECK (VALUE < 1000000);\nCREATE TYPE price AS (amount money2, currency text);\nCREATE TABLE products (id int, p price);',
    refusal: /^schema\.sql:1:1: domain public\.money2: constraint below_million is added or changed, but it is stored inside composite values in public\.products\.p \(type public\.price\)/,
    planned: /ALTER DOMAIN public\.money2 ADD CONSTRAINT below_million CHECK \(value < 1000000\)/,
  },
  {
    name: 'NOT NULL added to a domain stored two composites deep',
    live: 'CREATE DOMAIN code AS text; CREATE TYPE inner_t AS (c code); CREATE TYPE outer_t AS (i inner_t); CREATE TABLE t (id int, o outer_t);',
    unused: 'CREATE DOMAIN code AS text; CREATE TYPE inner_t AS (c code); CREATE TYPE outer_t AS (i inner_t);',
    desired: 'CREATE DOMAIN code AS text NOT NULL;\nCREATE TYPE inner_t AS (c code);\nCREATE TYPE outer_t AS (i inner_t);\nCREATE TABLE t (id int, o outer_t);',
    refusal: /domain public\.code: NOT NULL is added, but it is stored inside composite values in public\.t\.o \(type public\.outer_t\)/,
    planned: /ALTER DOMAIN public\.code SET NOT NULL/,
  },
  {
    name: 'attributes of a composite type in use reordered',
    live: 'CREATE TYPE pair AS (a int, b int); CREATE TABLE t (id int, p pair);',
    unused: 'CREATE TYPE pair AS (a int, b int);',
    desired: 'CREATE TYPE pair AS (b int, a int);\nCREATE TABLE t (id int, p pair);',
    refusal: /type public\.pair: its attributes are reordered, .* columns of public\.t use it/,
    planned: /DROP TYPE public\.pair/,
  },
  {
    name: 'a range type in use redefined',
    live: 'CREATE TYPE span AS RANGE (subtype = int4); CREATE TABLE w (id int, s span);',
    unused: 'CREATE TYPE span AS RANGE (subtype = int4);',
    desired: 'CREATE TYPE span AS RANGE (subtype = int8);\nCREATE TABLE w (id int, s span);',
    refusal: /range type public\.span changes, which PostgreSQL can only do by dropping and creating it, and columns of public\.w use it/,
    planned: /CREATE TYPE public\.span AS RANGE \(SUBTYPE = bigint/,
  },
];

describe('type changes PostgreSQL cannot make in place', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const desired = await parseSource(c.desired);
      const db = await freshDatabase('refusal');
      try {
        await loadSql(db.url, c.live);
        const live = await inspectUrl(db.url);
        assert.throws(() => planBetween(live.schema, desired, live.serverVersionNum), (e: unknown) => {
          assert.ok(e instanceof DiagnosticError, String(e));
          assert.match(e.message, c.refusal);
          return true;
        });
      } finally {
        await db.drop();
      }
      // Nothing stores the type: the same change is planned (the table is created after it).
      const free = await freshDatabase('refusal_free');
      try {
        await loadSql(free.url, c.unused);
        const live = await inspectUrl(free.url);
        assert.match(planSql(planBetween(live.schema, desired, live.serverVersionNum)), c.planned);
      } finally {
        await free.drop();
      }
    });
  }
});
