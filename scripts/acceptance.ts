/**
 * `npm run acceptance -- [--corpus NAME] [--case GLOB] [--pg 14..18] [--jobs N] [--ci] [--update-expected]`
 *
 * Measures pg-flux on the external corpus (cases nobody on the team wrote): starts its own
 * embedded PostgreSQL, creates the cluster-wide roles the corpora need, runs every case with the
 * built CLI, and writes docs/acceptance/results-pg<major>.json and the docs/acceptance.md
 * scoreboard. It measures only: when pg-flux is wrong, the case fails and is recorded.
 * With --ci it runs a fixed slice and exits 1 when a case in test/acceptance/expected-pass.txt fails.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer } from '../src/shell/embedded/server.js';
import { HelpRequested, parseOptions, type Options } from './acceptance/options.js';
import { REAL_CORPORA, ciSlice, clusterSetupSql, discoverCases, type CaseSpec } from './acceptance/corpora.js';
import { Cluster, runClusterSetup } from './acceptance/db.js';
import { snapshotCli } from './acceptance/cli.js';
import { pgDumpBinary } from './acceptance/compare.js';
import { runPool } from './acceptance/pool.js';
import { storeResults, writeScoreboard } from './acceptance/report.js';
import { checkExpected, readExpected, writeExpected } from './acceptance/expected.js';
import type { Result } from './acceptance/result.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const expectedPath = join(repoRoot, 'test', 'acceptance', 'expected-pass.txt');

const selectCases = (o: Options): CaseSpec[] => {
  if (o.roundTrip) {
    if (o.ci) throw new Error('--round-trip runs outside the CI slice: drop --ci');
    return discoverCases(o.corpusRoot, o.corpora ?? Object.keys(REAL_CORPORA), o.casePattern).filter((c) => c.kind === 'real');
  }
  if (!o.ci) return discoverCases(o.corpusRoot, o.corpora, o.casePattern);
  // --corpus / --case narrow the CI slice too (handy when chasing one regression).
  return ciSlice(o.corpusRoot).filter((c) => (o.corpora === null || o.corpora.includes(c.corpus))
    && (o.casePattern === null || o.casePattern.test(`${c.corpus}/${c.name}`) || o.casePattern.test(c.name)));
};

/** The commit measured, marked when src/ had uncommitted changes (results then need the tree to reproduce). */
const revision = (): string => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted src/ changes` : head;
  } catch {
    return 'unknown';
  }
};

const summary = (results: readonly Result[]): string => results.map((r) => `${r.direction} ${r.status === 'fail' ? r.category : r.status}`).join(', ');

const main = async (): Promise<number> => {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2), repoRoot);
  } catch (e) {
    if (e instanceof HelpRequested) { console.log(e.message); return 0; }
    throw e;
  }
  const cases = selectCases(o);
  if (cases.length === 0) throw new Error('no cases match the given --corpus / --case');
  const started = Date.now();
  const rev = revision();
  console.log(`acceptance${o.roundTrip ? ' (dump round trip)' : ''}: ${cases.length} case(s) from ${o.corpusRoot}, PostgreSQL ${o.major}, ${o.jobs} job(s), pg-flux ${rev}`);
  const cli = await snapshotCli(repoRoot);
  if (cli.stale) console.log('  warning: src/ has files newer than dist/: the CLI measured may be behind the source (run npm run build)');
  const server = await startEmbeddedServer({ major: o.major, log: (l) => console.log(`  ${l}`), ...(o.serverBin !== null ? { binDir: o.serverBin } : {}) });
  let results: Result[];
  let serverVersion: string;
  try {
    const cluster = new Cluster(server.url, o.major >= 15);
    // The canonicaliser's scratch databases go to the same server (the CLI children inherit this).
    process.env['PGFLUX_SHADOW_DSN'] = server.url;
    serverVersion = await cluster.withClient(server.url, async (c) => String((await c.query('SHOW server_version')).rows[0]?.server_version));
    for (const s of clusterSetupSql(o.corpusRoot, cases)) {
      const failedStatements = await runClusterSetup(cluster, s.sql);
      if (failedStatements) console.log(`  setup ${s.label}: ${failedStatements} statement(s) failed (as psql without ON_ERROR_STOP would report)`);
    }
    const dump = pgDumpBinary(o.major);
    console.log(`  pg_dump comparison: ${dump ?? `off (no /usr/lib/postgresql/${o.major}/bin/pg_dump)`}`);
    results = await runPool(cases, { cluster, cliRoot: cli.root, pgDump: dump }, { jobs: o.jobs, timeoutScale: o.timeoutScale, roundTrip: o.roundTrip }, (done, total, spec, rs) => {
      const ms = Math.max(0, ...rs.map((r) => r.durationMs));
      console.log(`[${done}/${total}] ${spec.corpus}/${spec.name}: ${summary(rs)} (${(ms / 1000).toFixed(1)} s)`);
    });
  } finally {
    await server.stop();
    await cli.remove();
  }
  const wallMs = Date.now() - started;
  // A round-trip run adds its direction to the rows of the other checks; it never replaces them.
  const full = !o.ci && !o.roundTrip && o.corpora === null && o.casePattern === null;
  const args = process.argv.slice(2).join(' ');
  // A long --case list would swamp the scoreboard line.
  const command = `npm run acceptance -- ${args.length > 120 ? `${args.slice(0, 119)}…` : args}`.trim();
  storeResults(o.outDir, { major: o.major, serverVersion, revision: rev, finishedAt: new Date().toISOString(), wallMs, jobs: o.jobs, command, full, pgDump: pgDumpBinary(o.major) !== null, mode: o.roundTrip ? 'round-trip' : 'migrations' },
    results, new Set(cases.map((c) => `${c.corpus}/${c.name}`)), new Set(o.roundTrip ? ['round-trip'] : ['forward', 'reverse', 'from-empty']));
  writeScoreboard(o.outDir);
  const pass = results.filter((r) => r.status === 'pass').length;
  const loadable = results.filter((r) => r.status !== 'not_loadable').length;
  console.log(`acceptance: ${pass}/${loadable} loadable case-directions passed (${results.length} total) in ${(wallMs / 1000).toFixed(0)} s; ` +
    `see ${join(o.outDir, 'acceptance.md')}`);

  if (!o.ci && !o.updateExpected) return 0;
  const expected = readExpected(expectedPath);
  if (o.updateExpected) {
    const n = writeExpected(expectedPath, expected, results);
    console.log(`acceptance: wrote ${expectedPath} (${n} passing case-directions)`);
    return 0;
  }
  const check = checkExpected(expected, results);
  if (check.newPasses.length) console.log(`acceptance: ${check.newPasses.length} case-direction(s) pass that are not in expected-pass.txt (refresh it with --update-expected)`);
  if (check.regressions.length === 0) { console.log('acceptance: no regressions against expected-pass.txt'); return 0; }
  console.error(`acceptance: ${check.regressions.length} case-direction(s) listed in expected-pass.txt fail now:`);
  for (const r of check.regressions) console.error(`  ${r.corpus}/${r.case}/${r.direction}: ${r.category}: ${r.firstError}`);
  return 1;
};

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`acceptance: ${(e as Error)?.stack ?? String(e)}`);
  process.exitCode = 1;
});
