/**
 * Honest coverage through the CLI: every command that reads the database sums up the live
 * objects pg-flux does not manage in one stderr line (the list with --verbose, data in --json),
 * and --strict-coverage / strict_coverage: true makes them an error (exit 4) before anything is
 * written or applied. Extension members are never mentioned.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cliProject, type CliProject } from '../support/cli.js';
import { execSql, withClient } from '../support/database.js';

const SOURCE = `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
`;

// What pg-flux reports by design: a conversion and an operator.
const HOTFIX = `CREATE CONVERSION public.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);`;

const SUMMARY = 'note: 2 live object(s) of kinds pg-flux does not manage, left alone: conversion 1, operator 1 (--verbose lists them; --strict-coverage makes them an error)';
const LISTING = ['  conversion (1):', '    - public.conv', '  operator (1):', '    - public.===(integer, integer)'].join('\n');
const JSON_LIST = [{ kind: 'conversion', key: 'public.conv' }, { kind: 'operator', key: 'public.===(integer, integer)' }];

const lines = (text: string): string[] => text.split('\n');

/** A project whose database has the source applied, then the hotfix on top. */
const setUp = async (prefix: string): Promise<CliProject> => {
  const p = await cliProject(prefix);
  await p.write('app.sql', SOURCE);
  const g = await p.cli('migrate', 'generate', '--label', 'init');
  assert.equal(g.code, 0, g.stderr);
  const a = await p.cli('migrate', 'apply');
  assert.equal(a.code, 0, a.stderr);
  await execSql(p.db, HOTFIX);
  return p;
};

/** The strict refusal: exit 4, the list, the reason. */
const assertRefused = (r: { code: number; stdout: string; stderr: string }, what: string): void => {
  assert.equal(r.code, 4, `${what}: ${r.stderr}`);
  assert.match(r.stderr, /^error: strict coverage: the database has 2 live object\(s\) of kinds pg-flux does not manage \(conversion 1, operator 1\); nothing was written or changed:\n/, what);
  assert.ok(r.stderr.includes(LISTING), `${what}: ${r.stderr}`);
  assert.ok(!r.stderr.includes('internal error'), what);
};

describe('coverage on the command line', () => {
  it('plan, drift, verify, dump, inspect, pull and gen --from-db say it in one line; --verbose lists them; --json carries them', async () => {
    const p = await setUp('cov_cli_note');
    try {
      const runs: [string, string[]][] = [
        ['plan', ['plan']], ['drift', ['drift']], ['verify', ['verify']], ['dump', ['dump', '--out', 'dumped']],
        ['inspect', ['inspect', '--type', 'tables']], ['pull', ['pull', '--dry-run']], ['gen --from-db', ['gen', '--lang', 'ts', '--from-db', '--out', 'gen']],
        ['migrate generate', ['migrate', 'generate', '--dry-run']],
      ];
      for (const [name, args] of runs) {
        const r = await p.cli(...args);
        assert.equal(r.code, 0, `${name}: ${r.stderr}`);
        assert.equal(lines(r.stderr).filter((l) => l === SUMMARY).length, 1, `${name}: ${r.stderr}`);
        assert.ok(!r.stderr.includes('- public.conv'), `${name} lists them only with --verbose`);
      }
      for (const args of [['plan'], ['drift'], ['verify'], ['dump', '--out', 'dumped2']]) {
        const r = await p.cli(...args, '--verbose');
        assert.equal(r.code, 0, r.stderr);
        assert.ok(r.stderr.includes(`${SUMMARY}\n${LISTING}\n`), `${args[0]} --verbose: ${r.stderr}`);
      }
      for (const args of [['plan', '--json'], ['drift', '--json'], ['verify', '--json']]) {
        const r = await p.cli(...args);
        assert.deepEqual(JSON.parse(r.stdout).unmanaged, JSON_LIST, args[0]);
      }
      const inspected = JSON.parse((await p.cli('inspect', '--json')).stdout) as { unmanaged: { kind: string; key: string }[] };
      assert.deepEqual(inspected.unmanaged.map((u) => ({ kind: u.kind, key: u.key })), JSON_LIST);
      // The drift is none: they are left alone, not planned away.
      assert.equal((await p.cli('plan')).stdout, 'No changes\n');
    } finally { await p.done(); }
  });

  it('--strict-coverage makes them an error on every command that reads the database, and nothing is written', async () => {
    const p = await setUp('cov_cli_strict');
    try {
      const before = await p.migrations();
      await p.write('more.sql', 'CREATE TABLE audit (id int PRIMARY KEY);\n');
      for (const args of [['plan'], ['plan', '--json'], ['drift'], ['inspect'], ['migrate', 'generate'], ['migrate', 'generate', '--dry-run'],
        ['dump', '--out', 'dumped'], ['pull'], ['gen', '--lang', 'ts', '--from-db', '--out', 'gen']]) {
        const r = await p.cli(...args, '--strict-coverage');
        assertRefused(r, args.join(' '));
        assert.equal(r.stdout, '', `${args.join(' ')} prints nothing on stdout`);
      }
      assert.deepEqual(await p.migrations(), before, 'migrate generate wrote no file');
      assert.ok(!existsSync(join(p.dir, 'dumped')), 'dump wrote nothing');
      assert.ok(!existsSync(join(p.dir, 'gen')), 'gen wrote nothing');
      assert.ok(!existsSync(join(p.dir, 'schema', '_pulled')), 'pull wrote nothing');
      // verify keeps its report: they are counted and listed as undeclared, exit 4.
      const v = await p.cli('verify', '--strict-coverage');
      assert.equal(v.code, 4, v.stderr);
      assert.match(v.stdout, /^verify: 2 undeclared live object\(s\):\n\nNot managed by pg-flux: conversion \(1\):\n {2}- public\.conv\n\nNot managed by pg-flux: operator \(1\):\n {2}- public\.===\(integer, integer\)\n$/);
      // --strict-coverage=false: back to the note.
      const off = await p.cli('plan', '--strict-coverage=false');
      assert.equal(off.code, 0, off.stderr);
      assert.ok(lines(off.stderr).includes(SUMMARY));
    } finally { await p.done(); }
  });

  it('strict_coverage: true in .pg-flux.yml does the same; migrate apply refuses before running a pending file', async () => {
    const p = await setUp('cov_cli_config');
    try {
      await p.write('more.sql', 'CREATE TABLE audit (id int PRIMARY KEY);\n');
      const g = await p.cli('migrate', 'generate', '--label', 'audit');
      assert.equal(g.code, 0, g.stderr);
      const files = await p.migrations();
      await p.config('version: 1\nstrict_coverage: true\n');
      await p.write('even_more.sql', 'CREATE TABLE later (id int PRIMARY KEY);\n');
      assertRefused(await p.cli('plan'), 'plan');
      assertRefused(await p.cli('migrate', 'generate'), 'migrate generate');
      assert.deepEqual(await p.migrations(), files, 'nothing written');
      assertRefused(await p.cli('migrate', 'apply'), 'migrate apply');
      const audit = await withClient(p.db, async (c) => (await c.query("SELECT to_regclass('public.audit') IS NOT NULL AS there")).rows[0] as { there: boolean });
      assert.equal(audit.there, false, 'the pending file did not run');
      // The flag overrides the file.
      const a = await p.cli('migrate', 'apply', '--strict-coverage=false');
      assert.equal(a.code, 0, a.stderr);
      assert.ok(lines(a.stderr).includes(SUMMARY), a.stderr);
      // Nothing pending: apply does not read the schema, so there is nothing to refuse.
      assert.equal((await p.cli('migrate', 'apply')).code, 0);
      // Gone, and strict coverage is satisfied.
      await execSql(p.db, 'DROP CONVERSION public.conv; DROP OPERATOR public.=== (int, int)');
      const clean = await p.cli('drift');
      assert.equal(clean.code, 1, clean.stderr); // even_more.sql is not applied: drift, not coverage
      assert.ok(!clean.stderr.includes('does not manage'), clean.stderr);
    } finally { await p.done(); }
  });

  it("an extension's operators, casts, types and functions are never reported", async () => {
    const p = await cliProject('cov_cli_ext');
    try {
      await p.write('app.sql', 'CREATE EXTENSION hstore;\nCREATE EXTENSION citext;\nCREATE TABLE kv (id int PRIMARY KEY, attrs hstore, name citext);\n');
      const g = await p.cli('migrate', 'generate', '--label', 'init');
      assert.equal(g.code, 0, g.stderr);
      assert.equal((await p.cli('migrate', 'apply')).code, 0);
      const ops = await withClient(p.db, async (c) => Number((await c.query("SELECT count(*) AS n FROM pg_operator o JOIN pg_depend d ON d.objid = o.oid AND d.deptype = 'e'")).rows[0].n));
      assert.ok(ops > 10, 'hstore and citext bring operators');
      for (const args of [['plan', '--strict-coverage'], ['drift', '--strict-coverage'], ['verify', '--strict-coverage'], ['dump', '--out', 'd', '--strict-coverage']]) {
        const r = await p.cli(...args);
        assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
        assert.ok(!r.stderr.includes('does not manage'), `${args[0]}: ${r.stderr}`);
      }
      assert.deepEqual(JSON.parse((await p.cli('plan', '--json')).stdout).unmanaged, []);
      assert.ok((await readdir(join(p.dir, 'd'))).includes('extensions.sql'), 'dump wrote its tree');
    } finally { await p.done(); }
  });
});
