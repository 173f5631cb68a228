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
