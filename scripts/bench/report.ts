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
  | 'pg_dump' | 'migra_sync' | 'migra_create';

export interface Row {
  readonly workload: string;
  readonly id: OpId;
  readonly label: string;
  readonly tool: 'pg-flux' | 'pg_dump' | '@pgkit/migra' | 'node' | 'pg driver';
  readonly wallMs: Stats | null;
  readonly rssKb: Stats | null;
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
      if (r.id === 'drift') parts.push(slower('migra_sync', 'migra'));
      break;
    case 'drift_warm': parts.push(vs('drift', 'cold drift'), vs('pg_dump', 'pg_dump')); break;
    case 'generate': parts.push(slower('migra_create', 'migra')); break;
    case 'gen': parts.push(vs('drift', 'drift')); break;
    case 'apply': parts.push(vs('load', 'plain load')); break;
    default: break;
  }
  return parts.filter((p): p is string => p !== null).join('; ');
};

const HEADERS = ['operation', 'tool', 'median', 'min–max', 'runs', 'peak RSS', 'ratio', 'note'];

const cells = (rows: readonly Row[], r: Row): string[] => [
  r.label,
  r.tool,
  r.wallMs ? fmtMs(r.wallMs.median) : r.timedOutMs !== undefined ? `> ${fmtMs(r.timedOutMs)}` : '—',
  r.wallMs ? `${fmtMs(r.wallMs.min)}–${fmtMs(r.wallMs.max)}` : '',
  r.wallMs ? String(r.wallMs.values.length) : '0',
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

export const evaluateBudgets = (rows: readonly Row[]): Budget[] => {
  const out: Budget[] = [];
  const budget = (name: string, target: string, measured: string | null, ok: boolean | null): void => {
    out.push({ name, target, measured: measured ?? '—', verdict: measured === null || ok === null ? 'not measured' : ok ? 'met' : 'not met' });
  };

  // Start-up: medians decide; the minima (least disturbed by other load) are shown alongside.
  const node0 = find(rows, 'startup', 'node0')?.wallMs ?? null;
  const version = find(rows, 'startup', 'version')?.wallMs ?? null;
  budget('start-up', '`pg-flux --version` ≤ 1.5 × `node -e 0`',
    node0 && version ? `${fmtMs(version.median)} vs ${fmtMs(node0.median)} = ${x(version.median / node0.median)} (minima: ${fmtMs(version.min)} vs ${fmtMs(node0.min)} = ${x(version.min / node0.min)})` : null,
    node0 && version ? version.median <= 1.5 * node0.median : null);

  for (const id of ['drift', 'dump', 'verify'] as const) {
    const d = median(rows, 'gitlab', id);
    const p = median(rows, 'gitlab', 'pg_dump');
    budget(`GitLab ${id} (in sync)`, `\`${id}\` ≤ 1.0 × \`pg_dump --schema-only\` on the same database`,
      d !== null && p !== null ? `${fmtMs(d)} vs ${fmtMs(p)} = ${x(d / p)}` : null,
      d !== null && p !== null ? d <= p : null);
  }

  const d1k = median(rows, 'syn1000', 'drift');
  const m1k = median(rows, 'syn1000', 'migra_sync');
  budget('1,000 tables: drift vs migra', '`drift` ≥ 20 × faster than @pgkit/migra on the same pair',
    d1k !== null && m1k !== null ? `${fmtMs(d1k)} vs migra ${fmtMs(m1k)}: ${x(m1k / d1k)} faster` : null,
    d1k !== null && m1k !== null ? m1k / d1k >= 20 : null);

  for (const id of ['drift', 'plan', 'generate', 'apply', 'parse', 'inspect'] as const) {
    const big = find(rows, 'syn10000', id);
    budget(`10,000 tables: ${id} memory`, 'peak RSS < 1 GB (10^9 bytes = 954 MiB)',
      big?.rssKb ? `${fmtMb(big.rssKb.max)} = ${((big.rssKb.max * 1024) / 1e9).toFixed(2)} GB (max of ${big.rssKb.values.length} runs)` : null,
      big?.rssKb ? big.rssKb.max < GB_KB : null);
    const t1 = median(rows, 'syn1000', id);
    // A run killed at the timeout is a lower bound: enough to say "not met" when it already exceeds the budget.
    const killed = rows.find((r) => r.workload === 'syn10000' && r.id === id)?.timedOutMs;
    const t10 = median(rows, 'syn10000', id);
    if (t10 === null && killed !== undefined && t1 !== null) {
      budget(`10,000 tables: ${id} time`, '≤ 12 × the 1,000-table time', `> ${fmtMs(killed)} (killed) vs ${fmtMs(t1)} = > ${x(killed / t1)}`,
        killed > 12 * t1 ? false : null);
      continue;
    }
    budget(`10,000 tables: ${id} time`, '≤ 12 × the 1,000-table time',
      t10 !== null && t1 !== null ? `${fmtMs(t10)} vs ${fmtMs(t1)} = ${x(t10 / t1)}` : null,
      t10 !== null && t1 !== null ? t10 <= 12 * t1 : null);
  }
  return out;
};

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
    + '"in-process"; those time the library call only, inside one process (`scripts/bench/stages.ts`). Peak RSS is the largest '
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
      + '(the pair `migrate generate` diffs) and loaded → a template copy of it (in sync, the pair `drift` compares).',
    '- Budgets compare medians. A shared machine adds noise: compare the load average above with the number of cores.',
  );
  return `${lines.join('\n')}\n`;
};
