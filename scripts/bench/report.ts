/**
 * Results → the console table, the budget verdicts and docs/benchmarks.md. Ratios are always
 * between numbers from the same run on the same database, never against stored numbers.
 */
import type { Stats } from './measure.js';
import type { Machine } from './machine.js';
import { MAX_LOCKS } from './server.js';

export type OpId =
  | 'node0' | 'version' | 'help'
  | 'load' | 'plan' | 'drift' | 'drift_warm' | 'verify' | 'dump' | 'gen'
  | 'parse' | 'inspect' | 'stages' | 'generate' | 'apply'
  | 'pg_dump' | 'migra_sync' | 'migra_create' | 'pgdelta_sync'
  | 'drift_1k' | 'generate_1k' | 'drift_schemas' | 'drift_one';

export interface Row {
  readonly workload: string;
  readonly id: OpId;
  readonly label: string;
  readonly tool: 'pg-flux' | 'pg_dump' | '@pgkit/migra' | '@supabase/pg-delta' | 'node' | 'pg driver';
  readonly wallMs: Stats | null;
  readonly rssKb: Stats | null;
  /** CPU time of the process (user + system, ms; GNU time), when measured. */
  readonly cpuMs?: Stats | null;
  /** Why it was skipped or failed, or a remark (in sync, N differences, fewer runs, ...). */
  readonly note: string | null;
  readonly stages?: Readonly<Record<string, Stats>>;
  /** Set when a run was killed at the timeout: the time is only known to exceed this. */
  readonly timedOutMs?: number;
}

export interface WorkloadInfo {
  readonly name: string;
  readonly title: string;
  /** Markdown lines describing the workload (sizes, where the source comes from). */
  readonly details: readonly string[];
}

export interface Budget {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly verdict: 'met' | 'not met' | 'not measured';
}

/** "1 GB" read strictly: 10^9 bytes (954 MiB), in the KiB GNU time reports. */
const GB_KB = 1e9 / 1024;

export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (kb: number): string => `${Math.round(kb / 1024)} MiB`;
const x = (r: number): string => (r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);

const find = (rows: readonly Row[], workload: string, id: OpId): Row | undefined =>
  rows.find((r) => r.workload === workload && r.id === id && r.wallMs !== null);
const median = (rows: readonly Row[], workload: string, id: OpId): number | null => find(rows, workload, id)?.wallMs?.median ?? null;

/** The ratio column: how a row compares with the peer measured on the same database. */
const ratioOf = (rows: readonly Row[], r: Row): string => {
  const m = r.wallMs?.median;
  if (m === undefined) return '';
  const w = r.workload;
  const vs = (id: OpId, what: string): string | null => {
    const p = median(rows, w, id);
    return p === null ? null : `${x(m / p)} ${what}`;
  };
  const slower = (id: OpId, what: string): string | null => {
    const p = median(rows, w, id);
    if (p === null) return null;
    return p >= m ? `${what} ${x(p / m)} slower` : `${what} ${x(m / p)} faster`;
  };
  const parts: (string | null)[] = [];
  switch (r.id) {
    case 'version': case 'help': parts.push(vs('node0', 'node -e 0')); break;
    case 'drift': case 'plan': case 'inspect': case 'verify': case 'dump': parts.push(vs('pg_dump', 'pg_dump'));
      if (r.id === 'drift') parts.push(slower('migra_sync', 'migra'), slower('pgdelta_sync', 'pg-delta'), vs('drift_1k', '1,000 tables'));
      break;
    case 'drift_warm': parts.push(vs('drift', 'cold drift'), vs('pg_dump', 'pg_dump')); break;
    case 'generate': parts.push(slower('migra_create', 'migra'), vs('generate_1k', '1,000 tables')); break;
    case 'drift_schemas': parts.push(vs('drift_one', 'one-tenant db')); break;
    case 'gen': parts.push(vs('drift', 'drift')); break;
    case 'apply': parts.push(vs('load', 'plain load')); break;
    default: break;
  }
  return parts.filter((p): p is string => p !== null).join('; ');
};

const HEADERS = ['operation', 'tool', 'median', 'min–max', 'runs', 'CPU (user+sys)', 'peak RSS', 'ratio', 'note'];

const cells = (rows: readonly Row[], r: Row): string[] => [
  r.label,
  r.tool,
  r.wallMs ? fmtMs(r.wallMs.median) : r.timedOutMs !== undefined ? `> ${fmtMs(r.timedOutMs)}` : '—',
  r.wallMs ? `${fmtMs(r.wallMs.min)}–${fmtMs(r.wallMs.max)}` : '',
  r.wallMs ? String(r.wallMs.values.length) : '0',
  r.cpuMs ? fmtMs(r.cpuMs.median) : '—',
  r.rssKb ? fmtMb(r.rssKb.max) : '—',
  ratioOf(rows, r),
  r.note ?? '',
];

/** Plain aligned text for the terminal. */
export const consoleTable = (rows: readonly Row[], workload: string): string => {
  const body = rows.filter((r) => r.workload === workload).map((r) => cells(rows, r));
  const all = [HEADERS, ...body];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
};

const mdEscape = (s: string): string => s.replace(/\|/g, '\\|');
export const mdTable = (headers: readonly string[], body: readonly (readonly string[])[]): string =>
  [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...body.map((row) => `| ${row.map(mdEscape).join(' | ')} |`)].join('\n');

const STAGE_ORDER = ['loadParser', 'readFiles', 'parse', 'connect', 'inspect', 'diff'];
export const stageLine = (r: Row): string | null => {
  if (!r.stages) return null;
  const keys = [...STAGE_ORDER.filter((k) => r.stages![k]), ...Object.keys(r.stages).filter((k) => !STAGE_ORDER.includes(k))];
  return keys.map((k) => `${k} ${fmtMs(r.stages![k]!.median)}`).join(', ');
};

/** Workloads in the order rows were recorded. */
const workloadsOf = (rows: readonly Row[]): string[] => [...new Set(rows.map((r) => r.workload))];

/** Tables per tenant schema in the tenants workload. */
export const TENANT_TABLES = 50;

export const evaluateBudgets = (rows: readonly Row[], opts: { tenants?: number } = {}): Budget[] => {
  const out: Budget[] = [];
  const budget = (name: string, target: string, measured: string | null, ok: boolean | null): void => {
    out.push({ name, target, measured: measured ?? '—', verdict: measured === null || ok === null ? 'not measured' : ok ? 'met' : 'not met' });
  };
  const ratio = (name: string, target: string, a: number | null, b: number | null, limit: number, what = ''): void => {
    budget(name, target, a !== null && b !== null ? `${fmtMs(a)} vs ${fmtMs(b)}${what} = ${x(a / b)}` : null, a !== null && b !== null ? a <= limit * b : null);
  };

  // Start-up: medians decide; the minima (least disturbed by other load) are shown alongside.
  const node0 = find(rows, 'startup', 'node0');
  const version = find(rows, 'startup', 'version')?.wallMs ?? null;
  const n0 = node0?.wallMs ?? null;
  budget('start-up', '`pg-flux --version` ≤ 1.2 × `node -e 0`',
    n0 && version ? `${fmtMs(version.median)} vs ${fmtMs(n0.median)} = ${x(version.median / n0.median)} (minima: ${fmtMs(version.min)} vs ${fmtMs(n0.min)} = ${x(version.min / n0.min)})` : null,
    n0 && version ? version.median <= 1.2 * n0.median : null);

  // CPU of a small drift against a running server, in units of a bare Node start.
  const d20 = find(rows, 'syn20', 'drift')?.cpuMs ?? null;
  const n0cpu = node0?.cpuMs ?? null;
  budget('20 tables: drift CPU', 'CPU (user + system) of `drift` (20 tables, running server) ≤ 3 × the CPU of `node -e 0`',
    d20 && n0cpu ? `${fmtMs(d20.median)} vs ${fmtMs(n0cpu.median)} = ${x(d20.median / n0cpu.median)}` : null,
    d20 && n0cpu ? d20.median <= 3 * n0cpu.median : null);

  // drift against pg_dump on every workload: cold (the parse cache removed before each run) and warm.
  for (const w of workloadsOf(rows)) {
    const p = median(rows, w, 'pg_dump');
    if (p === null) continue;
    ratio(`${w}: drift (cold parse cache)`, '`drift` ≤ 1.0 × `pg_dump --schema-only` on the same database', median(rows, w, 'drift'), p, 1.0);
    ratio(`${w}: drift (warm parse cache)`, '`drift` with the parse cache warm ≤ 0.5 × `pg_dump --schema-only`', median(rows, w, 'drift_warm'), p, 0.5);
  }

  // dump and verify on GitLab against the same pg_dump runs.
  for (const id of ['dump', 'verify'] as const) {
    ratio(`gitlab: ${id}`, `\`${id}\` ≤ 1.0 × \`pg_dump --schema-only\` on the same database`, median(rows, 'gitlab', id), median(rows, 'gitlab', 'pg_dump'), 1.0);
  }
  ratio('gitlab: gen', '`gen` (ts, go, python, rust; from source) ≤ 1.0 × `drift` on GitLab', median(rows, 'gitlab', 'gen'), median(rows, 'gitlab', 'drift'), 1.0);

  const d1k = median(rows, 'syn1000', 'drift');
  const m1k = median(rows, 'syn1000', 'migra_sync');
  budget('1,000 tables: drift vs migra (informative)', '`drift` ≥ 20 × faster than @pgkit/migra on the same pair',
    d1k !== null && m1k !== null ? `${fmtMs(d1k)} vs migra ${fmtMs(m1k)}: ${x(m1k / d1k)} faster` : null,
    d1k !== null && m1k !== null ? m1k / d1k >= 20 : null);

  // Memory at 10,000 tables: every pg-flux command measured there.
  for (const big of rows.filter((r) => r.workload === 'syn10000' && r.tool === 'pg-flux' && r.rssKb)) {
    budget(`10,000 tables: ${big.id} memory`, 'peak RSS < 1 GB (10^9 bytes = 954 MiB)',
      `${fmtMb(big.rssKb!.max)} = ${((big.rssKb!.max * 1024) / 1e9).toFixed(2)} GB (max of ${big.rssKb!.values.length} runs)`,
      big.rssKb!.max < GB_KB);
  }
  for (const id of ['drift', 'plan', 'generate', 'apply', 'parse', 'inspect'] as const) {
    const t1 = median(rows, 'syn1000', id);
    // A run killed at the timeout is a lower bound: enough to say "not met" when it already exceeds the budget.
    const killed = rows.find((r) => r.workload === 'syn10000' && r.id === id)?.timedOutMs;
    const t10 = median(rows, 'syn10000', id);
    if (t10 === null && killed !== undefined && t1 !== null) {
      budget(`10,000 tables: ${id} time`, '≤ 12 × the 1,000-table time', `> ${fmtMs(killed)} (killed) vs ${fmtMs(t1)} = > ${x(killed / t1)}`,
        killed > 12 * t1 ? false : null);
      continue;
    }
    ratio(`10,000 tables: ${id} time`, '≤ 12 × the 1,000-table time', t10, t1, 12);
  }

  // Tenants: scaling from 20 tenants (1,000 tables) to all of them (50,000 at the default 1,000
  // tenants: ≤ 60 ×, i.e. 1.2 × linear; another --tenants scales the limit the same way).
  const tenants = opts.tenants ?? 1000;
  const tables = tenants * TENANT_TABLES;
  const limit = 1.2 * (tables / 1000);
  for (const [id, base] of [['drift', 'drift_1k'], ['generate', 'generate_1k']] as const) {
    const killed = rows.find((r) => r.workload === 'tenants' && r.id === id)?.timedOutMs;
    const big = median(rows, 'tenants', id);
    const small = median(rows, 'tenants', base);
    const name = `tenants: ${id} time at ${int(tables)} tables`;
    const target = `≤ ${x(limit)} the 1,000-table time${tables === 50_000 ? '' : ` (the issue's 60 × at 50,000 tables, scaled to ${int(tables)})`}`;
    if (big === null && killed !== undefined && small !== null) {
      budget(name, target, `> ${fmtMs(killed)} (killed) vs ${fmtMs(small)} = > ${x(killed / small)}`, killed > limit * small ? false : null);
    } else {
      ratio(name, target, big, small, limit);
    }
  }
  ratio('tenants: drift --schemas tenant_0001', '`drift --schemas tenant_0001` on the big database ≤ 1.5 × `drift` on a database holding one tenant',
    median(rows, 'tenants', 'drift_schemas'), median(rows, 'tenants', 'drift_one'), 1.5);
  return out;
};

const int = (n: number): string => n.toLocaleString('en-US');

export interface ReportInput {
  readonly date: Date;
  readonly argv: readonly string[];
  readonly machine: Machine;
  readonly loadEnd: string;
  readonly pgVersion: string;
  readonly pgDump: string;
  readonly migra: string;
  readonly runs: number;
  readonly workloads: readonly WorkloadInfo[];
  readonly rows: readonly Row[];
  readonly budgets: readonly Budget[];
  readonly notes: readonly string[];
  readonly profiles: readonly string[];
  /** The hand-written notes block of the previous report, carried over (see NOTES_BEGIN). */
  readonly keptNotes: string | null;
}

/**
 * docs/benchmarks.md is regenerated on every run, except for one hand-written block between
 * these markers (analysis of the numbers, suggestions), which is copied from the old file.
 */
export const NOTES_BEGIN = '<!-- notes:begin (kept when the benchmark rewrites this file) -->';
export const NOTES_END = '<!-- notes:end -->';
export const keptNotes = (previous: string): string | null => {
  const a = previous.indexOf(NOTES_BEGIN);
  const b = previous.indexOf(NOTES_END);
  return a >= 0 && b > a ? previous.slice(a, b + NOTES_END.length) : null;
};

export const renderMarkdown = (r: ReportInput): string => {
  const lines: string[] = [];
  const m = r.machine;
  lines.push('# pg-flux benchmarks', '');
  lines.push(`Written by \`npm run bench${r.argv.length ? ` -- ${r.argv.join(' ')}` : ''}\` (scripts/bench.ts) on ${r.date.toISOString().slice(0, 16).replace('T', ' ')} UTC. `
    + 'Generated: rerun the benchmark rather than editing this file.', '');
  lines.push('## Machine', '');
  lines.push(mdTable(['CPU', 'cores', 'RAM', 'Node', 'PostgreSQL (embedded)', 'OS', 'load average (1/5/15 min) at start → end'], [[
    m.cpu, String(m.cores), `${m.ramGiB} GiB`, m.node, r.pgVersion, m.os, `${m.loadStart} → ${r.loadEnd}`,
  ]]), '');
  lines.push(`Peers: ${r.pgDump}; ${r.migra}. ${r.runs} runs per operation unless the runs column says fewer.`, '');
  if (r.notes.length) lines.push(...r.notes.map((n) => `- ${n}`), '');

  lines.push('## Budgets', '');
  lines.push(mdTable(['budget', 'target', 'measured (medians)', 'verdict'], r.budgets.map((b) => [b.name, b.target, b.measured, `**${b.verdict}**`])), '');

  lines.push('## Results', '');
  lines.push('Wall time is per process, start to exit (Node start-up and module loading included) unless the operation says '
    + '"in-process"; those time the library call only, inside one process (`scripts/bench/stages.ts`). CPU is the median user + '
    + 'system time of the process (GNU time `%U` + `%S`, 10 ms resolution; not measured in-process). Peak RSS is the largest '
    + 'of the runs (GNU time `%M`; in-process: `process.resourceUsage().maxRSS`). Ratios compare medians from this run.', '');
  for (const w of r.workloads) {
    const rows = r.rows.filter((row) => row.workload === w.name);
    if (rows.length === 0) continue;
    lines.push(`### ${w.title}`, '');
    if (w.details.length) lines.push(...w.details, '');
    lines.push(mdTable(HEADERS, rows.map((row) => cells(r.rows, row))), '');
    for (const row of rows) {
      const s = stageLine(row);
      if (s) lines.push(`Stages (${row.label}, medians): ${s}.`, '');
    }
  }
  lines.push(r.keptNotes ?? `${NOTES_BEGIN}\n${NOTES_END}`, '');
  if (r.profiles.length) {
    lines.push('## Where the time goes (CPU profiles of one `pg-flux drift`)', '');
    for (const p of r.profiles) lines.push('```', p, '```', '');
  }
  lines.push('## Method', '');
  lines.push(
    '- One embedded PostgreSQL server (pg-flux\'s own `startEmbeddedServer`, fsync off) holds every database; each workload gets '
      + 'databases created from template0 and loaded with the pg driver in batches of 200 statements.',
    `- The server runs with \`max_locks_per_transaction = ${MAX_LOCKS}\` (default 64): \`migrate apply\` creates the whole schema `
      + 'in one transaction, and at 10,000 tables the default lock table is too small for it ("out of shared memory").',
    '- pg-flux runs as the real CLI (`node bin/pg-flux <command> --db <url>`, i.e. dist/) in a temporary project directory whose '
      + '`schema/` holds the workload\'s source. `plan` and `drift` run against the database loaded from that same source (in sync: '
      + 'they measure parse + inspect + diff of a no-op); `migrate generate` runs against an empty database (empty → full schema); '
      + '`migrate apply` applies that file to a fresh empty database before each run (database creation untimed), and a drift '
      + 'check afterwards confirms it converged.',
    '- `pg_dump --schema-only` is the floor for reading a catalog; `@pgkit/migra` diffs database pairs: empty → loaded '
      + '(the pair `migrate generate` diffs) and loaded → a template copy of it (in sync, the pair `drift` compares); '
      + '`@supabase/pg-delta` (`pgdelta plan`, writing its plan file) diffs the same in-sync pair.',
    '- Corpus workloads (pagila, GitLab) use the whole file as the source tree and load the same file into the in-sync database; '
      + 'the tenants workload is a schema-per-tenant database (`--tenants N` schemas of the same 50 tables).',
    '- Budgets compare medians. A shared machine adds noise: compare the load average above with the number of cores.',
  );
  return `${lines.join('\n')}\n`;
};
