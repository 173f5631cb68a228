/**
 * What is refused before any DDL runs, and how owners and privileges are managed over a
 * project's life, through the CLI as users run it:
 * - roles the source names that the target lacks: one error listing all of them, at their lines;
 * - source features the target's major does not have: an error at the line, on that major
 *   (this file is part of the per-major subset CI runs on 14–17);
 * - `manage.privileges: auto` stops managing when the last GRANT goes, and says so; `always`
 *   then revokes, `never` is quiet.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cliProject, type CliProject } from '../support/cli.js';
import { ensureRoles, execSql, testMajor, testServerUrl } from '../support/database.js';

const project = (): Promise<CliProject> => cliProject('plan_errors');

describe('plan-time errors', () => {
  it('every role the source names that the target lacks is listed, at its line, and nothing is written', async () => {
    const p = await project();
    try {
      await p.write('a.sql', [
        'CREATE TABLE t (id int);',
        'GRANT SELECT ON t TO pgflux_absent_reader;',
        'ALTER TABLE t OWNER TO pgflux_absent_owner;',
        'CREATE POLICY own ON t TO pgflux_absent_reader USING (true);',
      ].join('\n'));
      const r = await p.cli('migrate', 'generate');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /schema\/a\.sql:2:\d+: role "pgflux_absent_reader" does not exist on the target \(pg-flux does not create roles; missing: pgflux_absent_owner, pgflux_absent_reader\)/);
      assert.match(r.stderr, /schema\/a\.sql:3:\d+: role "pgflux_absent_owner" does not exist on the target/);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      assert.deepEqual(await p.migrations(), []);
    } finally { await p.done(); }
  });

  const FEATURES = [
    { since: 15, sql: 'CREATE TABLE t (id int, code text, UNIQUE NULLS NOT DISTINCT (code));', refusal: /schema\/a\.sql:1:\d+: constraint t_code_key on public\.t uses UNIQUE NULLS NOT DISTINCT, which PostgreSQL \d+ does not support \(it needs PostgreSQL 15 or later\)/ },
    { since: 16, sql: "CREATE COLLATION ordered (provider = icu, locale = 'und', rules = '&a < b');", refusal: /schema\/a\.sql:1:1: collation public\.ordered uses collation RULES, which PostgreSQL \d+ does not support \(it needs PostgreSQL 16 or later\)/ },
    { since: 17, sql: "CREATE COLLATION plain (provider = builtin, locale = 'C');\nCREATE VIEW v AS SELECT 1 AS one;", refusal: /schema\/a\.sql:1:1: collation public\.plain uses the builtin collation provider, which PostgreSQL \d+ does not support \(it needs PostgreSQL 17 or later\)/ },
    // Publications: the table of the list that uses the feature is named at its line and column.
    { since: 15, sql: 'CREATE TABLE t (id int PRIMARY KEY, secret text);\nCREATE PUBLICATION p FOR TABLE t (id);', refusal: /schema\/a\.sql:2:32: publication p uses publication column lists, which PostgreSQL \d+ does not support \(it needs PostgreSQL 15 or later\)/ },
    { since: 15, sql: 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE PUBLICATION p;\nALTER PUBLICATION p ADD TABLE ONLY t WHERE (id > 0);', refusal: /schema\/a\.sql:3:36: publication p uses publication row filters \(WHERE\), which PostgreSQL \d+ does not support \(it needs PostgreSQL 15 or later\)/ },
    { since: 15, sql: 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE PUBLICATION p FOR TABLES IN SCHEMA public;', refusal: /schema\/a\.sql:2:1: publication p uses FOR TABLES IN SCHEMA, which PostgreSQL \d+ does not support \(it needs PostgreSQL 15 or later\)/ },
    { since: 18, sql: "CREATE TABLE t (id int PRIMARY KEY);\nCREATE PUBLICATION p FOR TABLE t WITH (publish_generated_columns = stored);", refusal: /schema\/a\.sql:2:1: publication p uses publish_generated_columns, which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    { since: 18, sql: 'CREATE TABLE t (a int,\n  b int GENERATED ALWAYS AS (a * 2) VIRTUAL);', refusal: /schema\/a\.sql:2:3: column public\.t\.b uses VIRTUAL generated columns \(write STORED for older servers\), which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    { since: 18, sql: 'CREATE TABLE t (a int,\n  b int GENERATED ALWAYS AS (a * 2));', refusal: /schema\/a\.sql:2:3: column public\.t\.b uses VIRTUAL generated columns/ },
    { since: 18, sql: 'CREATE TABLE t (a int,\n  b int CONSTRAINT b_required NOT NULL);', refusal: /schema\/a\.sql:2:3: column public\.t\.b uses a named NOT NULL constraint, which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    { since: 18, sql: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a NOT VALID;', refusal: /schema\/a\.sql:1:17: column public\.t\.a uses NOT NULL \.\.\. NOT VALID, which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    { since: 18, sql: 'CREATE TABLE t (a int,\n  CONSTRAINT a_positive CHECK (a > 0) NOT ENFORCED);', refusal: /schema\/a\.sql:2:3: constraint a_positive on public\.t uses NOT ENFORCED constraints, which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    { since: 18, sql: 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (a int REFERENCES p NOT ENFORCED);', refusal: /schema\/a\.sql:2:23: constraint t_a_fkey on public\.t uses NOT ENFORCED constraints/ },
    { since: 18, sql: 'CREATE EXTENSION btree_gist;\nCREATE TABLE r (id int, during daterange,\n  CONSTRAINT r_pkey PRIMARY KEY (id, during WITHOUT OVERLAPS));', refusal: /schema\/a\.sql:3:3: constraint r_pkey on public\.r uses temporal keys \(WITHOUT OVERLAPS\), which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/ },
    {
      since: 18,
      sql: 'CREATE EXTENSION btree_gist;\nCREATE TABLE r (id int, during daterange, UNIQUE (id, during WITHOUT OVERLAPS));\nCREATE TABLE b (rid int, at daterange,\n  CONSTRAINT b_r_fk FOREIGN KEY (rid, PERIOD at) REFERENCES r (id, PERIOD during));',
      refusal: /schema\/a\.sql:4:3: constraint b_r_fk on public\.b uses temporal foreign keys \(PERIOD\), which PostgreSQL \d+ does not support \(it needs PostgreSQL 18 or later\)/,
    },
  ];
  for (const f of FEATURES) {
    it(`a feature of PostgreSQL ${f.since} is ${testMajor() < f.since ? 'refused at its line' : 'planned'} on PostgreSQL ${testMajor()}`, async () => {
      const p = await project();
      try {
        await p.write('a.sql', f.sql);
        const r = await p.cli('plan');
        if (testMajor() < f.since) {
          assert.equal(r.code, 1, r.stdout);
          assert.match(r.stderr, f.refusal);
          assert.doesNotMatch(r.stderr, /scratch database|internal error/);
        } else {
          assert.equal(r.code, 0, r.stderr);
          assert.match(r.stdout, /CREATE (TABLE|COLLATION)/);
        }
      } finally { await p.done(); }
    });
  }
});

describe('a changed table access method', () => {
  // The only built-in table access method is heap: a second one over the same handler stands in
  // for an extension's (columnar stores and the like).
  it(`is ${testMajor() < 15 ? 'refused at the table\'s line' : 'planned as SET ACCESS METHOD, a rewrite'} on PostgreSQL ${testMajor()}`, async () => {
    const p = await project();
    try {
      await execSql(p.db, 'CREATE ACCESS METHOD pgflux_heap2 TYPE TABLE HANDLER heap_tableam_handler; CREATE TABLE t (id int)');
      await p.write('a.sql', '-- moved to another access method\nCREATE TABLE t (id int) USING pgflux_heap2;\nCREATE TABLE u (id int) USING pgflux_heap2;\n');
      const r = await p.cli('plan');
      if (testMajor() < 15) {
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, /schema\/a\.sql:2:14: table public\.t needs changing the access method of an existing table \(ALTER TABLE \.\.\. SET ACCESS METHOD\), which PostgreSQL 14 does not support \(it needs PostgreSQL 15 or later\)/);
        assert.doesNotMatch(r.stderr, /internal error/);
      } else {
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /ALTER TABLE public\.t SET ACCESS METHOD pgflux_heap2/);
        assert.match(r.stdout, /CREATE TABLE public\.u \(\s*id integer\s*\) USING pgflux_heap2/);
        assert.equal((await p.cli('migrate', 'generate', '--label', 'am')).code, 0);
        const applied = await p.cli('migrate', 'apply');
        assert.equal(applied.code, 0, applied.stderr);
        const again = await p.cli('plan');
        assert.match(again.stdout, /No changes/);
        // And back to heap.
        await p.write('a.sql', 'CREATE TABLE t (id int);\nCREATE TABLE u (id int) USING heap;\n');
        const back = await p.cli('plan');
        assert.match(back.stdout, /ALTER TABLE public\.t SET ACCESS METHOD heap/);
        assert.match(back.stdout, /ALTER TABLE public\.u SET ACCESS METHOD heap/);
      }
    } finally { await p.done(); }
  });
});

describe('managing privileges over a project\'s life', () => {
  it('auto stops managing when the last GRANT goes and says so; always then revokes; never is quiet', async () => {
    await ensureRoles(testServerUrl(), ['pgflux_reader']);
    const p = await project();
    try {
      await p.write('a.sql', 'CREATE TABLE t (id int);\nGRANT SELECT ON t TO pgflux_reader;\n');
      assert.equal((await p.cli('migrate', 'generate', '--label', 'grants')).code, 0);
      assert.equal((await p.cli('migrate', 'apply')).code, 0);
      const managed = await p.cli('plan');
      assert.match(managed.stdout, /No changes/);
      assert.doesNotMatch(managed.stderr, /no longer managed/);

      await p.write('a.sql', 'CREATE TABLE t (id int);\n');
      const auto = await p.cli('plan');
      assert.equal(auto.code, 0, auto.stderr);
      assert.match(auto.stdout, /No changes/);
      assert.match(auto.stderr, /the source declares no GRANT, REVOKE or ALTER DEFAULT PRIVILEGES any more, so privileges are no longer managed \(manage\.privileges: auto\)/);

      await p.config('manage:\n  privileges: always\n');
      const always = await p.cli('plan');
      assert.match(always.stdout, /REVOKE SELECT ON TABLE public\.t FROM pgflux_reader/);
      assert.doesNotMatch(always.stderr, /no longer managed/);

      await p.config('manage:\n  privileges: never\n');
      const never = await p.cli('plan');
      assert.match(never.stdout, /No changes/);
      assert.equal(never.stderr.trim(), '');

      // A hotfix GRANT is not drift while privileges are not managed.
      await execSql(p.db, 'GRANT INSERT ON t TO pgflux_reader');
      assert.equal((await p.cli('drift')).code, 0);
    } finally { await p.done(); }
  });
});
