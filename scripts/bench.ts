/**
 * `npm run bench`: times pg-flux against its peers on the same databases in the same run and
 * writes docs/benchmarks.md. A script, never a test: timings are reported, not asserted.
 *
 * Workloads: startup (node -e 0, --version, --help), synthetic schemas of 20 / 100 / 1,000 / 10,000
 * tables (scripts/bench/synthetic.ts), pagila and GitLab from the corpus (the whole file is the
 * source and loads the in-sync database), and tenants (one schema per tenant, --tenants N × 50
 * tables). See `npm run bench -- --help` for options.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadParser } from '../src/core/parse/pg-query.js';
import { corpusFile, statementTexts } from './bench/corpus.js';
import { describeMachine, loadAverage } from './bench/machine.js';
import { hasGnuTime, killCurrentRun, measure, measureStages, RunError, RunTimeout, stats, type RunSpec } from './bench/measure.js';
import { HELP, parseOptions, type BenchOptions, type WorkloadName } from './bench/options.js';
import { formatProfile, summariseProfile } from './bench/profile.js';
import {
  consoleTable, evaluateBudgets, fmtMs, keptNotes, renderMarkdown, stageLine, TENANT_TABLES, type OpId, type Row, type WorkloadInfo,
} from './bench/report.js';
import { startBenchServer, type BenchServer } from './bench/server.js';
import { syntheticSchema, type SyntheticSchema } from './bench/synthetic.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'pg-flux');
const STAGES = join(ROOT, 'scripts', 'bench', 'stages.ts');
const MIGRA = join(ROOT, 'node_modules', '@pgkit', 'migra', 'dist', 'command.js');
const PGDELTA = join(ROOT, 'node_modules', '@supabase', 'pg-delta', 'dist', 'cli', 'main.js');
const NODE = process.execPath;

/** Children must not pick up a database or options from the benchmark's own environment. */
const childEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['DATABASE_URL'];
  delete env['NODE_OPTIONS'];
  return env;
};

const log = (line: string): void => { process.stderr.write(`${line}\n`); };

// ---------------------------------------------------------------------------------------------
// Tools

/**
 * bin/pg-flux runs dist/bundle/pg-flux.mjs: when src/ (or the bundler script) changed since it was
 * written, run the full `npm run build` (tsc, then scripts/bundle.mjs), so the numbers are for this tree.
 */
const ensureBuilt = (build: boolean): string | null => {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  const bundle = join(ROOT, 'dist', 'bundle', 'pg-flux.mjs');
  const inputs = Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'scripts', 'bundle.mjs')).mtimeMs);
  const stale = !existsSync(bundle) || inputs > statSync(bundle).mtimeMs;
  if (!stale) return null;
  if (!build) return 'dist/bundle is older than src/ and --no-build was given: the CLI numbers are for the last build';
  log('building (npm run build: src/ is newer than dist/bundle) …');
  // Under `npm run bench`, npm_execpath is the npm that runs us; else npm from PATH.
  const npmCli = process.env['npm_execpath'];
  const [cmd, args] = npmCli && /npm-cli\.[cm]?js$/.test(npmCli) ? [NODE, [npmCli, 'run', 'build']] : ['npm', ['run', 'build']];
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0 && existsSync(bundle)) return null;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-2000);
  return `npm run build failed (exit ${r.status ?? r.error?.message}); the CLI numbers are for whatever dist/bundle holds:\n${output}`;
};

/** The installed @supabase/pg-delta and how it is run, for the report. */
const pgDeltaVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(PGDELTA), '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return `@supabase/pg-delta ${pkg.version ?? '?'} (\`pgdelta plan --source <from> --desired <to> --out <file>\`)`;
  } catch {
    return '@supabase/pg-delta: not installed';
  }
};

interface PgDump { readonly path: string; readonly major: number; readonly version: string }

/** The newest pg_dump installed (Debian keeps one per major under /usr/lib/postgresql). */
const findPgDump = (): PgDump | null => {
  const candidates: string[] = [];
  try {
    for (const v of readdirSync('/usr/lib/postgresql')) candidates.push(join('/usr/lib/postgresql', v, 'bin', 'pg_dump'));
  } catch { /* not Debian-style */ }
  candidates.push('pg_dump');
  let best: PgDump | null = null;
  for (const path of candidates) {
    const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
    const m = /(\d+)\.(\d+)/.exec(r.stdout ?? '');
    if (r.status !== 0 || !m) continue;
    const major = Number(m[1]);
    if (!best || major > best.major) best = { path, major, version: r.stdout.trim() };
  }
  return best;
};

// ---------------------------------------------------------------------------------------------
// Workloads

interface Prepared {
  readonly info: WorkloadInfo;
  /** Source tree files (paths relative to the project dir). */
  readonly files: readonly { path: string; text: string }[];
  /** What the in-sync database is loaded with (the same objects as the source). */
  readonly srcStatements: readonly string[];
}

const int = (n: number): string => n.toLocaleString('en-US');

const prepareSynthetic = (n: number): Prepared => {
  const s = syntheticSchema(n);
  const c = s.counts;
  return {
    info: {
      name: `syn${n}`,
      title: `Synthetic, ${int(n)} tables`,
      details: [
        `${int(c.tables)} tables, ${int(c.columns)} columns, ${int(c.constraints)} constraints (PK, UNIQUE, CHECK, FK), `
          + `${int(c.indexes)} indexes (constraint indexes included), ${int(c.enums)} enums, ${int(c.sequences)} sequences; `
          + `${int(s.files.length)} source files (one per table). Generated by scripts/bench/synthetic.ts (seeded, deterministic).`,
      ],
    },
    files: s.files,
    srcStatements: s.statements,
  };
};

const prepareCorpus = (name: 'gitlab' | 'pagila', corpusDir: string): Prepared | string => {
  const file = corpusFile(corpusDir, name);
  if ('missing' in file) return `${name}: ${file.missing} not found (set PGFLUX_CORPUS)`;
  const text = readFileSync(file.path, 'utf8');
  const statements = statementTexts(text);
  const rel = file.path.startsWith(corpusDir) ? `corpus${file.path.slice(corpusDir.length)}` : file.path;
  return {
    info: {
      name,
      title: name === 'gitlab' ? 'GitLab structure.sql' : 'pagila (2024 snapshot)',
      details: [
        `\`${rel}\` as is (${int(text.length)} characters, ${int(statements.length)} statements`
          + `${file.extensions.length ? `; extensions ${file.extensions.join(', ')}` : ''}): the whole file is the source tree `
          + `(\`schema/${name}.sql\`) and is loaded into the in-sync database.`,
      ],
    },
    files: [{ path: `schema/${name}.sql`, text }],
    srcStatements: statements,
  };
};

// ---------------------------------------------------------------------------------------------
// Running one workload

interface Context {
  readonly opts: BenchOptions;
  readonly server: BenchServer;
  readonly pgDump: PgDump | null;
  readonly pgDumpSkip: string | null;
  readonly migraSkip: string | null;
  readonly tmp: string;
  readonly rows: Row[];
  readonly profiles: string[];
}

/** Measures one operation and appends its row; a failure becomes a row with the reason, not an abort. */
const op = async (
  ctx: Omit<Context, 'server'>, workload: string, id: OpId, label: string, tool: Row['tool'], spec: RunSpec,
  note: (out: { stdout: string; stderr: string }) => string | null = () => null,
): Promise<Row> => {
  if (!wanted(ctx, id)) return { workload, id, label, tool, wallMs: null, rssKb: null, note: 'not measured (--ops)' };
  log(`  ${label} …`);
  let row: Row;
  try {
    const r = await measure({ env: childEnv(), timeoutMs: ctx.opts.timeoutSeconds * 1000, ...spec }, ctx.opts.runs, ctx.opts.maxOpSeconds * 1000);
    const fewer = r.wallMs.values.length < ctx.opts.runs ? `${r.wallMs.values.length} run(s): --max-op-seconds reached` : null;
    row = { workload, id, label, tool, wallMs: r.wallMs, rssKb: r.rssKb, cpuMs: r.cpuMs, note: [note(r), fewer].filter(Boolean).join('; ') || null };
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    row = e instanceof RunTimeout
      ? { workload, id, label, tool, wallMs: null, rssKb: null, timedOutMs: e.afterMs, note: `killed after ${fmtMs(e.afterMs)} (--timeout-seconds)` }
      : { workload, id, label, tool, wallMs: null, rssKb: null, note: `FAILED: ${e.message.split('\n').slice(0, 4).join(' ').slice(0, 400)}` };
  }
  ctx.rows.push(row);
  log(`    ${row.wallMs ? fmtMs(row.wallMs.median) : '—'}${row.cpuMs ? ` (CPU ${fmtMs(row.cpuMs.median)})` : ''}${row.note ? `  (${row.note})` : ''}`);
  return row;
};

/** Whether --ops (if given) asks for this operation. */
const wanted = (ctx: Omit<Context, 'server'>, id: OpId): boolean => ctx.opts.ops === null || ctx.opts.ops.includes(id);

const skip = (ctx: Context, workload: string, id: OpId, label: string, tool: Row['tool'], why: string): void => {
  if (!wanted(ctx, id)) return;
  ctx.rows.push({ workload, id, label, tool, wallMs: null, rssKb: null, note: `skipped: ${why}` });
};

const stagesOp = async (ctx: Context, workload: string, id: OpId, label: string, args: string[], timedStages: string[]): Promise<void> => {
  if (!wanted(ctx, id)) return;
  log(`  ${label} …`);
  try {
    const r = await measureStages(
      { cmd: NODE, args: ['--import', 'tsx', STAGES, ...args], cwd: ROOT, env: childEnv(), timeoutMs: ctx.opts.timeoutSeconds * 1000 },
      ctx.opts.runs, timedStages, ctx.opts.maxOpSeconds * 1000,
    );
    const row: Row = { workload, id, label, tool: 'pg-flux', wallMs: r.wallMs, rssKb: r.rssKb, note: null, stages: r.stages };
    ctx.rows.push(row);
    log(`    ${fmtMs(r.wallMs.median)}${row.stages ? `  [${stageLine(row)}]` : ''}`);
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    ctx.rows.push(e instanceof RunTimeout
      ? { workload, id, label, tool: 'pg-flux', wallMs: null, rssKb: null, timedOutMs: e.afterMs, note: `killed after ${fmtMs(e.afterMs)} (--timeout-seconds)` }
      : { workload, id, label, tool: 'pg-flux', wallMs: null, rssKb: null, note: `FAILED: ${e.message.slice(0, 400)}` });
  }
};

/** "in sync" or "N differences" from drift's text output. */
const driftNote = (o: { stdout: string }): string => {
  if (o.stdout.startsWith('No drift')) return 'in sync';
  const m = /^drift: (\d+) difference/.exec(o.stdout);
  return m ? `${int(Number(m[1]))} differences reported` : 'unexpected output';
};

/** "clean" or "N undeclared" from verify's output. */
const verifyNote = (o: { stdout: string }): string => {
  if (o.stdout.startsWith('verify: clean')) return 'clean';
  const m = /^verify: (\d+) undeclared/.exec(o.stdout);
  return m ? `${int(Number(m[1]))} undeclared objects` : 'unexpected output';
};

/** "N objects in F files" from dump's output. */
const dumpNote = (o: { stdout: string }): string => {
  const m = /^Wrote (\d+) object\(s\) in (\d+) file\(s\)/.exec(o.stdout);
  return m ? `${int(Number(m[1]))} objects in ${int(Number(m[2]))} files` : 'unexpected output';
};

/**
 * Start-up times are tens of milliseconds, so background load matters more than anywhere else:
 * the three commands run interleaved (round-robin) and 4 × --runs times (at least 20), so a busy
 * moment hits all of them alike.
 */
const runStartup = async (ctx: Omit<Context, 'server'>): Promise<void> => {
  const w = 'startup';
  const commands: { id: OpId; label: string; tool: Row['tool']; args: string[] }[] = [
    { id: 'node0', label: 'node -e 0', tool: 'node', args: ['-e', '0'] },
    { id: 'version', label: 'pg-flux --version', tool: 'pg-flux', args: [BIN, '--version'] },
    { id: 'help', label: 'pg-flux --help', tool: 'pg-flux', args: [BIN, '--help'] },
  ];
  const rounds = Math.max(20, 4 * ctx.opts.runs);
  log(`  ${commands.map((c) => c.label).join(', ')}: ${rounds} interleaved rounds …`);
  const ms = commands.map(() => [] as number[]);
  const rss = commands.map(() => [] as number[]);
  const cpu = commands.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) {
    for (const [k, c] of commands.entries()) {
      const r = await measure({ cmd: NODE, args: c.args, cwd: ctx.tmp, env: childEnv() }, 1);
      ms[k]!.push(r.wallMs.median);
      if (r.rssKb) rss[k]!.push(r.rssKb.median);
      if (r.cpuMs) cpu[k]!.push(r.cpuMs.median);
    }
  }
  for (const [k, c] of commands.entries()) {
    const row: Row = {
      workload: w, id: c.id, label: c.label, tool: c.tool, wallMs: stats(ms[k]!), rssKb: rss[k]!.length === rounds ? stats(rss[k]!) : null,
      cpuMs: cpu[k]!.length === rounds ? stats(cpu[k]!) : null, note: 'interleaved',
    };
    ctx.rows.push(row);
    log(`    ${c.label}: ${fmtMs(row.wallMs!.median)}${row.cpuMs ? `, CPU ${fmtMs(row.cpuMs.median)}` : ''}`);
  }
};

const runSchemaWorkload = async (ctx: Context, p: Prepared): Promise<void> => {
  const w = p.info.name;
  const { server } = ctx;
  const project = join(ctx.tmp, w);
  for (const f of p.files) {
    mkdirSync(dirname(join(project, f.path)), { recursive: true });
    writeFileSync(join(project, f.path), f.text);
  }
  const migrations = join(project, 'migrations');
  const db = { src: `bench_${w}_src`, copy: `bench_${w}_copy`, empty: `bench_${w}_empty`, apply: `bench_${w}_apply` };
  // Every pg-flux run starts without the parse cache (.pg-flux/cache/parse): its rows are what a
  // run costs after every source file changed. drift_warm is the unchanged-source case.
  const parseCache = join(project, '.pg-flux', 'cache', 'parse');
  const cli = (args: string[], before?: () => Promise<void>): RunSpec => ({
    cmd: NODE, args: [BIN, ...args], cwd: project,
    before: async () => { rmSync(parseCache, { recursive: true, force: true }); await before?.(); },
  });

  // Databases (untimed, except the plain load which is reported as a reference for apply).
  log(`  loading ${db.src} (${int(p.srcStatements.length)} statements) …`);
  await server.createDatabase(db.src);
  const loadStart = performance.now();
  await server.load(db.src, p.srcStatements);
  const loadMs = performance.now() - loadStart;
  ctx.rows.push({
    workload: w, id: 'load', label: 'load the source SQL (1 run)', tool: 'pg driver',
    wallMs: { median: loadMs, min: loadMs, max: loadMs, values: [loadMs] }, rssKb: null, note: 'batches of 200 statements, for comparison with apply',
  });
  await server.createDatabase(db.empty);

  // pg-flux, end to end.
  await op(ctx, w, 'plan', 'plan (in-sync db)', 'pg-flux', cli(['plan', '--db', server.url(db.src)]),
    (o) => (o.stdout.startsWith('No changes') ? 'no changes' : 'changes planned'));
  await op(ctx, w, 'drift', 'drift (in-sync db)', 'pg-flux', { ...cli(['drift', '--db', server.url(db.src)]), okExit: [0, 1] }, driftNote);
  // The same with every file's parse cached by an untimed run first (pre-commit hook, CI re-run).
  const warmDrift: RunSpec = { cmd: NODE, args: [BIN, 'drift', '--db', server.url(db.src)], cwd: project, okExit: [0, 1] };
  if (wanted(ctx, 'drift_warm')) await measure({ ...warmDrift, env: childEnv(), timeoutMs: ctx.opts.timeoutSeconds * 1000 }, 1).catch(() => undefined);
  await op(ctx, w, 'drift_warm', 'drift (in-sync db, parse cache warm)', 'pg-flux', warmDrift, driftNote);
  // Codegen from source (no database), all four languages, every file written each run.
  const genDirs = ['src/db', 'internal/dbgen', 'dbgen', 'src/dbgen'].map((d) => join(project, d));
  await op(ctx, w, 'gen', 'gen --lang ts,go,python,rust (from source)', 'pg-flux',
    cli(['gen', '--lang', 'ts,go,python,rust', '--validators', 'zod', '--branded-ids'], async () => { for (const d of genDirs) rmSync(d, { recursive: true, force: true }); }),
    (o) => `${o.stdout.split('\n').filter((l) => l.startsWith('wrote ')).length} files`);
  await op(ctx, w, 'verify', 'verify (in-sync db)', 'pg-flux', cli(['verify', '--db', server.url(db.src)]), verifyNote);
  // dump writes a fresh tree each run (the previous one is removed first, untimed).
  const dumpDir = join(ctx.tmp, `${w}-dump`);
  const dumpSpec = (name: string): RunSpec => cli(['dump', '--out', dumpDir, '--db', server.url(name)], async () => { rmSync(dumpDir, { recursive: true, force: true }); });
  await op(ctx, w, 'dump', 'dump (in-sync db)', 'pg-flux', dumpSpec(db.src), dumpNote);
  rmSync(dumpDir, { recursive: true, force: true });

  // pg-flux, stage by stage in-process.
  await stagesOp(ctx, w, 'parse', 'parse (in-process)', ['parse', '--dir', join(project, 'schema')], ['parse']);
  await stagesOp(ctx, w, 'inspect', 'inspect (in-process, in-sync db)', ['inspect', '--db', server.url(db.src)], ['inspect']);
  await stagesOp(ctx, w, 'stages', 'read + parse + inspect + diff (in-process, one after another)',
    ['all', '--dir', join(project, 'schema'), '--db', server.url(db.src)], ['readFiles', 'parse', 'connect', 'inspect', 'diff']);

  // Migrations: empty → full schema, then apply it to a fresh empty database each run. Every hazard
  // is allowed: creating a schema from nothing is all additions, but owners and grants in it are
  // AUTHZ_CHANGE, which generate refuses without consent (pagila: exit 5).
  const clearMigrations = async (): Promise<void> => { rmSync(migrations, { recursive: true, force: true }); };
  const gen = await op(ctx, w, 'generate', 'migrate generate (empty → schema)', 'pg-flux',
    cli(['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'bench', '--db', server.url(db.empty)], clearMigrations));
  if (gen.wallMs && existsSync(migrations) && readdirSync(migrations).length === 1) {
    await op(ctx, w, 'apply', 'migrate apply (that file, fresh db)', 'pg-flux',
      cli(['migrate', 'apply', '--no-prove', '--db', server.url(db.apply)], () => server.createDatabase(db.apply)));
    // Convergence: the applied database must now match the source (untimed, one run).
    const check = await measure({ ...cli(['drift', '--db', server.url(db.apply)]), okExit: [0, 1], env: childEnv() }, 1).catch((e: Error) => e);
    const applied = ctx.rows[ctx.rows.length - 1]!;
    if (applied.id === 'apply' && applied.wallMs) {
      const verdict = check instanceof Error ? `drift check failed: ${check.message.slice(0, 200)}` : `then drift: ${driftNote(check)}`;
      ctx.rows[ctx.rows.length - 1] = { ...applied, note: [applied.note, verdict].filter(Boolean).join('; ') };
    }
    await server.dropDatabase(db.apply);
  } else {
    skip(ctx, w, 'apply', 'migrate apply (that file, fresh db)', 'pg-flux',
      gen.timedOutMs !== undefined ? 'migrate generate was killed, so there is no file to apply' : 'migrate generate did not write exactly one file');
  }

  // Peers on the same databases.
  const dumpArgs = (name: string): string[] => ['--schema-only', '--no-owner', '-d', server.url(name)];
  if (ctx.pgDump && !ctx.pgDumpSkip) {
    await op(ctx, w, 'pg_dump', 'pg_dump --schema-only (in-sync db)', 'pg_dump', { cmd: ctx.pgDump.path, args: dumpArgs(db.src), cwd: project });
  } else {
    skip(ctx, w, 'pg_dump', 'pg_dump --schema-only', 'pg_dump', ctx.pgDumpSkip ?? 'pg_dump not found');
  }
  if (!ctx.migraSkip) {
    const migra = (from: string, to: string): RunSpec => ({ cmd: NODE, args: [MIGRA, 'run', server.url(from), server.url(to), '--unsafe'], cwd: project });
    await op(ctx, w, 'migra_create', 'migra (empty db → in-sync db)', '@pgkit/migra', migra(db.empty, db.src));
  }
  if (!ctx.migraSkip || existsSync(PGDELTA)) await server.createDatabase(db.copy, db.src);
  if (!ctx.migraSkip) {
    await op(ctx, w, 'migra_sync', 'migra (in-sync db → copy of it)', '@pgkit/migra',
      { cmd: NODE, args: [MIGRA, 'run', server.url(db.src), server.url(db.copy), '--unsafe'], cwd: project });
  } else {
    skip(ctx, w, 'migra_sync', 'migra', '@pgkit/migra', ctx.migraSkip);
  }
  if (existsSync(PGDELTA)) {
    // pgdelta plan: extract both databases, diff, order the actions, write the plan artifact.
    const planFile = join(ctx.tmp, `${w}-pgdelta-plan.json`);
    await op(ctx, w, 'pgdelta_sync', 'pg-delta plan (in-sync db → copy of it)', '@supabase/pg-delta',
      { cmd: NODE, args: [PGDELTA, 'plan', '--source', server.url(db.src), '--desired', server.url(db.copy), '--out', planFile], cwd: project },
      (o) => { const m = /actions:\s+(\d+)/.exec(o.stderr); return m ? `${int(Number(m[1]))} actions planned` : null; });
    rmSync(planFile, { force: true });
  } else {
    skip(ctx, w, 'pgdelta_sync', 'pg-delta plan', '@supabase/pg-delta', '@supabase/pg-delta is not installed (npm install)');
  }
  await server.dropDatabase(db.copy);

  if (ctx.opts.profile) {
    log('  profiling one drift …');
    const dir = join(ctx.tmp, `${w}-profile`);
    rmSync(parseCache, { recursive: true, force: true }); // the profile shows the parse, as the cold rows do
    const r = spawnSync(NODE, ['--cpu-prof', `--cpu-prof-dir=${dir}`, BIN, 'drift', '--db', server.url(db.src)], { cwd: project, env: childEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
    const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (file) {
      // The CLI parses with parseSchemaAsync (it pauses for I/O, so its frames are split across
      // resumptions): parseFile (per file) + finishParse (the rest) are its inclusive time, and the
      // catalog rows are built in SchemaAssembler.add, between the pauses.
      const entryPoints = ['readSourceFiles', 'parseFile', 'finishParse', 'parseStatements', 'dispatchStatement', 'applyAlters', 'chooseDefaultNames', 'buildModel',
        'checkReferences', 'inspectDatabase', 'add', 'plan', 'diffSchema', 'orderChanges', 'schemaHash', 'filterSchemas', 'deparseNode'];
      ctx.profiles.push(formatProfile(`${p.info.title}: pg-flux drift (exit ${r.status})`, summariseProfile(join(dir, file), ROOT, entryPoints, 20)));
    }
  }

  for (const name of Object.values(db)) await server.dropDatabase(name);
};

// ---------------------------------------------------------------------------------------------
// Tenants: one schema per tenant, the same 50 tables in each

const tenantName = (i: number): string => `tenant_${String(i).padStart(4, '0')}`;

/** Tenants 1..count: the source files and the statements, every tenant the same 50-table schema. */
const tenantsSchema = (count: number): { files: SyntheticSchema['files']; statements: string[]; counts: SyntheticSchema['counts'] } => {
  const files: { path: string; text: string }[] = [];
  const statements: string[] = [];
  const counts = { tables: 0, columns: 0, constraints: 0, indexes: 0, enums: 0, sequences: 0 };
  for (let i = 1; i <= count; i++) {
    const s = syntheticSchema(TENANT_TABLES, 42, { schema: tenantName(i) });
    files.push(...s.files);
    statements.push(...s.statements);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += s.counts[k];
  }
  return { files, statements, counts };
};

const writeProject = (dir: string, files: SyntheticSchema['files']): void => {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
};

/**
 * A schema-per-tenant database (T tenants, default 1,000 = 50,000 tables): drift (cold) and
 * migrate generate (empty → all) on it, the same on 20 tenants (1,000 tables) for the scaling
 * budget, and one tenant's drift with `--schemas tenant_0001` on the big database against drift
 * on a database that holds that tenant alone (same one-tenant source tree for both).
 */
const runTenants = async (ctx: Context): Promise<WorkloadInfo> => {
  const w = 'tenants';
  const { server } = ctx;
  const t = ctx.opts.tenants;
  const base = Math.min(20, t); // 20 tenants = 1,000 tables
  const big = tenantsSchema(t);
  const c = big.counts;
  const info: WorkloadInfo = {
    name: w,
    title: `Schema per tenant, ${int(t)} tenants × ${TENANT_TABLES} tables`,
    details: [
      `Schemas ${tenantName(1)}..${tenantName(t)}, each the same ${TENANT_TABLES}-table synthetic schema (scripts/bench/synthetic.ts with `
        + `{ schema }; enums and sequences in the tenant's schema): ${int(c.tables)} tables, ${int(c.columns)} columns, `
        + `${int(c.constraints)} constraints, ${int(c.indexes)} indexes, ${int(c.enums)} enums, ${int(c.sequences)} sequences; `
        + `${int(big.files.length)} source files. The 1,000-table rows use tenants 1..${base} in a database of their own; `
        + `the one-tenant rows use ${tenantName(1)}'s source tree alone.`,
    ],
  };
  const projects = { big: join(ctx.tmp, 'tenants-all'), base: join(ctx.tmp, 'tenants-1k'), one: join(ctx.tmp, 'tenants-one') };
  writeProject(projects.big, big.files);
  const db = { big: 'bench_tenants_all', base: 'bench_tenants_1k', one: 'bench_tenants_one', empty: 'bench_tenants_empty' };
  const cliIn = (project: string, args: string[], before?: () => Promise<void>): RunSpec => ({
    cmd: NODE, args: [BIN, ...args], cwd: project,
    before: async () => { rmSync(join(project, '.pg-flux', 'cache', 'parse'), { recursive: true, force: true }); await before?.(); },
  });
  const clearMigrations = (project: string) => async (): Promise<void> => { rmSync(join(project, 'migrations'), { recursive: true, force: true }); };
  const load = async (name: string, statements: readonly string[], row: boolean): Promise<void> => {
    log(`  loading ${name} (${int(statements.length)} statements) …`);
    await server.createDatabase(name);
    const start = performance.now();
    await server.load(name, statements);
    const ms = performance.now() - start;
    if (row) {
      ctx.rows.push({
        workload: w, id: 'load', label: `load ${int(c.tables)} tables (1 run)`, tool: 'pg driver',
        wallMs: { median: ms, min: ms, max: ms, values: [ms] }, rssKb: null, note: 'batches of 200 statements (untimed elsewhere)',
      });
      log(`    ${fmtMs(ms)}`);
    }
  };

  try {
    await load(db.big, big.statements, true);
    await server.createDatabase(db.empty);
    // The big database.
    await op(ctx, w, 'drift', `drift (${int(c.tables)} tables, in sync)`, 'pg-flux', { ...cliIn(projects.big, ['drift', '--db', server.url(db.big)]), okExit: [0, 1] }, driftNote);
    const warm: RunSpec = { cmd: NODE, args: [BIN, 'drift', '--db', server.url(db.big)], cwd: projects.big, okExit: [0, 1] };
    if (wanted(ctx, 'drift_warm')) await measure({ ...warm, env: childEnv(), timeoutMs: ctx.opts.timeoutSeconds * 1000 }, 1).catch(() => undefined);
    await op(ctx, w, 'drift_warm', `drift (${int(c.tables)} tables, parse cache warm)`, 'pg-flux', warm, driftNote);
    await op(ctx, w, 'generate', `migrate generate (empty → ${int(c.tables)} tables)`, 'pg-flux',
      cliIn(projects.big, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'bench', '--db', server.url(db.empty)], clearMigrations(projects.big)));
    if (ctx.pgDump && !ctx.pgDumpSkip) {
      await op(ctx, w, 'pg_dump', `pg_dump --schema-only (${int(c.tables)} tables)`, 'pg_dump',
        { cmd: ctx.pgDump.path, args: ['--schema-only', '--no-owner', '-d', server.url(db.big)], cwd: projects.big });
    } else {
      skip(ctx, w, 'pg_dump', 'pg_dump --schema-only', 'pg_dump', ctx.pgDumpSkip ?? 'pg_dump not found');
    }

    // 1,000 tables (20 tenants), for the scaling budget.
    if (t > base) {
      const small = tenantsSchema(base);
      writeProject(projects.base, small.files);
      await load(db.base, small.statements, false);
      await op(ctx, w, 'drift_1k', `drift (${int(small.counts.tables)} tables, ${base} tenants, in sync)`, 'pg-flux',
        { ...cliIn(projects.base, ['drift', '--db', server.url(db.base)]), okExit: [0, 1] }, driftNote);
      await op(ctx, w, 'generate_1k', `migrate generate (empty → ${int(small.counts.tables)} tables)`, 'pg-flux',
        cliIn(projects.base, ['migrate', 'generate', '--no-prove', '--allow-hazards', 'all', '--label', 'bench', '--db', server.url(db.empty)], clearMigrations(projects.base)));
      await server.dropDatabase(db.base);
    } else {
      skip(ctx, w, 'drift_1k', 'drift (1,000 tables)', 'pg-flux', `--tenants ${t}: not more than 20 tenants (1,000 tables), so no separate 1,000-table database`);
    }

    // One tenant: --schemas on the big database against a database holding that tenant alone.
    const one = tenantsSchema(1);
    writeProject(projects.one, one.files);
    await load(db.one, one.statements, false);
    await op(ctx, w, 'drift_schemas', `drift --schemas ${tenantName(1)} (${int(c.tables)}-table db, one tenant's source)`, 'pg-flux',
      { ...cliIn(projects.one, ['drift', '--schemas', tenantName(1), '--db', server.url(db.big)]), okExit: [0, 1] }, driftNote);
    await op(ctx, w, 'drift_one', `drift (db holding ${tenantName(1)} alone)`, 'pg-flux',
      { ...cliIn(projects.one, ['drift', '--db', server.url(db.one)]), okExit: [0, 1] }, driftNote);
  } finally {
    for (const name of Object.values(db)) await server.dropDatabase(name);
    for (const dir of Object.values(projects)) rmSync(dir, { recursive: true, force: true });
  }
  return info;
};

// ---------------------------------------------------------------------------------------------

const main = async (): Promise<void> => {
  const argv = process.argv.slice(2);
  const opts = parseOptions(argv, ROOT, process.env);
  if (opts === 'help') { process.stdout.write(HELP); return; }
  const machine = describeMachine();
  const notes: string[] = [];
  const buildNote = ensureBuilt(opts.build);
  if (buildNote) { notes.push(buildNote); log(`note: ${buildNote}`); }
  if (!hasGnuTime()) notes.push('GNU time (/usr/bin/time) is missing: peak memory of subprocesses was not measured (apt-get install -y time).');

  const pgDump = findPgDump();
  const pgDumpSkip = !pgDump ? 'no pg_dump found (apt-get install -y postgresql-client)'
    : pgDump.major < opts.pg ? `pg_dump ${pgDump.major} cannot dump a PostgreSQL ${opts.pg} server (use --pg ${pgDump.major})` : null;
  if (pgDumpSkip) { notes.push(`pg_dump comparisons skipped: ${pgDumpSkip}.`); log(`note: ${pgDumpSkip}`); }
  const migraSkip = existsSync(MIGRA) ? null : '@pgkit/migra is not installed (npm install)';
  if (!existsSync(PGDELTA)) notes.push('pg-delta comparisons skipped: @supabase/pg-delta is not installed (npm install).');
  if (migraSkip) { notes.push(`migra comparisons skipped: ${migraSkip}.`); log(`note: ${migraSkip}`); }

  await loadParser(); // corpus files are split into statements with pg-flux's own parser
  const tmp = mkdtempSync(join(tmpdir(), 'pgflux-bench-'));
  // Ctrl-C / kill: stop the command being measured (its own process group) and leave; the
  // embedded server is stopped by its exit hook.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killCurrentRun();
      rmSync(tmp, { recursive: true, force: true });
      process.stderr.write(`\nbench: interrupted (${signal})\n`);
      process.exit(130);
    });
  }
  const needsServer = opts.workloads.some((w) => w !== 'startup');
  log(needsServer ? `starting embedded PostgreSQL ${opts.pg} …` : '');
  const server = needsServer ? await startBenchServer(opts.pg) : null;
  const rows: Row[] = [];
  const profiles: string[] = [];
  const infos: WorkloadInfo[] = [];
  try {
    for (const w of opts.workloads) {
      log(`\n== ${w}`);
      if (w === 'startup') {
        infos.push({ name: w, title: 'Start-up', details: ['No database: the cost of starting the CLI.'] });
        await runStartup({ opts, pgDump, pgDumpSkip, migraSkip, tmp, rows, profiles });
        continue;
      }
      if (w === 'tenants') {
        infos.push(await runTenants({ opts, server: server!, pgDump, pgDumpSkip, migraSkip, tmp, rows, profiles }));
        continue;
      }
      const prepared = prepareWorkload(w, opts);
      if (typeof prepared === 'string') { notes.push(`workload skipped: ${prepared}`); log(`skipped: ${prepared}`); continue; }
      infos.push(prepared.info);
      await runSchemaWorkload({ opts, server: server!, pgDump, pgDumpSkip, migraSkip, tmp, rows, profiles }, prepared);
    }
  } finally {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  const budgets = evaluateBudgets(rows, { tenants: opts.tenants });
  const out: string[] = [];
  for (const info of infos) out.push(`\n${info.title}\n${consoleTable(rows, info.name)}`);
  out.push('\nBudgets');
  for (const b of budgets) if (b.verdict !== 'not measured') out.push(`  ${b.verdict.padEnd(8)} ${b.name}: ${b.measured}  (target: ${b.target.replace(/`/g, '')})`);
  if (profiles.length) out.push('', ...profiles);
  process.stdout.write(`${out.join('\n')}\n`);

  if (opts.out) {
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, renderMarkdown({
      date: new Date(), argv, machine, loadEnd: loadAverage(),
      pgVersion: server?.version ?? 'not started', pgDump: pgDump ? pgDump.version : 'pg_dump: not found',
      migra: `${migraSkip ?? '@pgkit/migra 0.6.1 (`migra run <from> <to> --unsafe`)'}; ${pgDeltaVersion()}`, runs: opts.runs,
      workloads: infos, rows, budgets, notes, profiles,
      keptNotes: existsSync(opts.out) ? keptNotes(readFileSync(opts.out, 'utf8')) : null,
    }));
    log(`\nwrote ${opts.out}`);
  }
};

const prepareWorkload = (w: WorkloadName, opts: BenchOptions): Prepared | string => {
  switch (w) {
    case 'syn20': return prepareSynthetic(20);
    case 'syn100': return prepareSynthetic(100);
    case 'syn1000': return prepareSynthetic(1000);
    case 'syn10000': return prepareSynthetic(10000);
    case 'pagila': case 'gitlab': return prepareCorpus(w, opts.corpusDir);
    case 'startup': case 'tenants': return `${w} is not prepared here`;
  }
};

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
