/** Command-line options of `npm run bench` (see HELP). */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isPgMajor, type PgMajor } from '../../src/shell/embedded/binaries.js';

export const WORKLOADS = ['startup', 'syn20', 'syn100', 'syn1000', 'syn10000', 'pagila', 'gitlab', 'tenants'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];
const QUICK: readonly WorkloadName[] = ['startup', 'syn20', 'syn100', 'pagila'];

export interface BenchOptions {
  readonly workloads: readonly WorkloadName[];
  readonly runs: number;
  readonly pg: PgMajor;
  readonly quick: boolean;
  readonly corpusDir: string;
  /** Markdown report path, or null (--no-write). */
  readonly out: string | null;
  /** CPU-profile one `drift` per workload and summarise it in the report. */
  readonly profile: boolean;
  /** Stop repeating an operation once its runs took this long (at least one run always happens). */
  readonly maxOpSeconds: number;
  /** Kill a single run after this long; the operation is reported as "> N s". */
  readonly timeoutSeconds: number;
  readonly build: boolean;
  /** Measure only these operations (row ids, e.g. drift,drift_warm), or null for all. */
  readonly ops: readonly string[] | null;
  /** Tenant schemas of the tenants workload (50 tables each). */
  readonly tenants: number;
}

export const HELP = `npm run bench -- [options]

Times pg-flux (the real CLI, as a subprocess) against pg_dump --schema-only, @pgkit/migra and
node -e 0 on synthetic schemas (syn20..syn10000: N tables), corpus schemas (pagila, gitlab: the
whole file) and a schema-per-tenant database (tenants), prints a table and the budgets, and
writes docs/benchmarks.md.

  --only a,b         workloads: ${WORKLOADS.join(', ')} (default: all)
  --ops a,b          only these operations of each workload, by row id (e.g. drift,drift_warm);
                     the databases are still loaded
  --tenants N        tenants workload: N schemas tenant_0001.. of the same 50 tables each
                     (default 1000 = 50,000 tables; loading that takes a while)
  --runs N           runs per operation (default 5; median, min and max are reported)
  --pg N             PostgreSQL major of the embedded server (default 15: the pg_dump here is 15,
                     and pg_dump cannot dump a newer server)
  --quick            smoke run: ${QUICK.join(', ')}, 2 runs; writes no report unless --out is given
  --profile          also CPU-profile one pg-flux drift per workload and summarise where time goes
  --max-op-seconds S stop repeating an operation after S seconds of runs (default 300)
  --timeout-seconds S kill a single run after S seconds and report "> S s" (default 600)
  --out FILE         report path (default docs/benchmarks.md); --no-write to skip it
  --no-build         do not rebuild dist/ when src/ is newer (the CLI runs dist/)
  PGFLUX_CORPUS      corpus directory (default ../shared/corpus)
`;

const aliases: Readonly<Record<string, WorkloadName>> = { '20': 'syn20', '100': 'syn100', '1000': 'syn1000', '10000': 'syn10000' };

export const parseOptions = (argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): BenchOptions | 'help' => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' }, ops: { type: 'string' }, runs: { type: 'string' }, pg: { type: 'string' }, quick: { type: 'boolean' },
      profile: { type: 'boolean' }, 'max-op-seconds': { type: 'string' }, 'timeout-seconds': { type: 'string' }, out: { type: 'string' },
      'no-write': { type: 'boolean' }, 'no-build': { type: 'boolean' }, tenants: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  let workloads: WorkloadName[] = quick ? [...QUICK] : [...WORKLOADS];
  if (values.only !== undefined) {
    workloads = values.only.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      const w = aliases[s] ?? s;
      if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload "${s}" (known: ${WORKLOADS.join(', ')})`);
      return w as WorkloadName;
    });
  }
  const int = (name: string, text: string | undefined, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs an integer ≥ ${min}, got "${text}"`);
    return n;
  };
  const pg = int('pg', values.pg, 15, 14);
  if (!isPgMajor(pg)) throw new Error(`--pg must be one of 14, 15, 16, 17, 18 (got ${pg})`);
  return {
    workloads,
    runs: int('runs', values.runs, quick ? 2 : 5, 1),
    pg,
    quick,
    corpusDir: resolve(cwd, env['PGFLUX_CORPUS'] ?? '../shared/corpus'),
    // A smoke run must not replace the full report.
    out: values['no-write'] || (quick && values.out === undefined) ? null : resolve(cwd, values.out ?? 'docs/benchmarks.md'),
    profile: values.profile ?? false,
    maxOpSeconds: int('max-op-seconds', values['max-op-seconds'], 300, 1),
    timeoutSeconds: int('timeout-seconds', values['timeout-seconds'], 600, 1),
    build: !(values['no-build'] ?? false),
    ops: values.ops === undefined ? null : values.ops.split(',').map((o) => o.trim()).filter(Boolean),
    tenants: int('tenants', values.tenants, 1000, 1),
  };
};
