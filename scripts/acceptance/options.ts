/**
 * Command-line options of `npm run acceptance`. Kept apart from the runner so the main script
 * reads as the sequence of steps it performs.
 */
import { resolve } from 'node:path';
import { SUPPORTED_MAJORS, type PgMajor } from '../../src/shell/embedded/binaries.js';

export interface Options {
  /** Corpora to run (folder names); null = all known corpora. */
  readonly corpora: readonly string[] | null;
  /** Case filter on `corpus/case` or `case` (comma-separated globs); null = every case. */
  readonly casePattern: RegExp | null;
  readonly major: PgMajor;
  readonly jobs: number;
  /** Run the fixed CI slice and compare with test/acceptance/expected-pass.txt. */
  readonly ci: boolean;
  /** Rewrite expected-pass.txt from this run (only lines of cases in the run change). */
  readonly updateExpected: boolean;
  /** Run the dump round trip of the real-world schemas instead of the migration checks. */
  readonly roundTrip: boolean;
  /** Per-case timeout multiplier (slow machines). */
  readonly timeoutScale: number;
  readonly corpusRoot: string;
  /** Where results-pg<major>.json and acceptance.md go; default docs/ (tests of the runner use a temp dir). */
  readonly outDir: string;
  /** Binaries of another build of the same major (Debian's, for PostGIS/partman); null = the npm ones. */
  readonly serverBin: string | null;
}

export const USAGE = `Usage: npm run acceptance -- [--corpus NAME[,NAME]] [--case GLOB] [--pg 14..18] [--jobs N]
                           [--ci] [--update-expected] [--round-trip] [--timeout-scale X] [--out DIR]
                           [--server-bin DIR]
  --round-trip: real-world schemas only: dump → migrate generate says No changes → a database
                migrated from the dump equals the original (direction round-trip)
  --server-bin: run the server from DIR (initdb, pg_ctl, postgres of the --pg major), e.g. Debian's
                /usr/lib/postgresql/15/bin with postgresql-15-postgis-3 installed
  corpus root: $PGFLUX_CORPUS, default ../shared/corpus (relative to the repo root)`;

/** Shell-style globs (*, ?; several separated by commas) as one anchored regular expression. */
export const globToRegExp = (globs: string): RegExp => {
  const one = (glob: string): string =>
    glob.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^(?:${globs.split(',').filter(Boolean).map(one).join('|')})$`);
};

export const parseOptions = (argv: readonly string[], repoRoot: string): Options => {
  let corpora: string[] | null = null;
  let casePattern: RegExp | null = null;
  let major: PgMajor = 18;
  let jobs = 2;
  let ci = false;
  let updateExpected = false;
  let roundTrip = false;
  let timeoutScale = 1;
  let outDir = resolve(repoRoot, 'docs');
  let serverBin: string | null = null;
  const args = [...argv];
  const value = (name: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  while (args.length > 0) {
    const raw = args.shift()!;
    // Accept both `--pg 15` and `--pg=15`.
    const eq = raw.indexOf('=');
    if (raw.startsWith('--') && eq > 0) args.unshift(raw.slice(eq + 1));
    const arg = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    switch (arg) {
      case '--corpus': corpora = [...(corpora ?? []), ...value(arg).split(',').filter(Boolean)]; break;
      case '--case': casePattern = globToRegExp(value(arg)); break;
      case '--pg': {
        const n = Number(value(arg));
        if (!SUPPORTED_MAJORS.includes(n as PgMajor)) throw new Error(`--pg must be one of ${SUPPORTED_MAJORS.join(', ')}`);
        major = n as PgMajor;
        break;
      }
      case '--jobs': {
        const n = Number(value(arg));
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error('--jobs must be an integer from 1 to 64');
        jobs = n;
        break;
      }
      case '--timeout-scale': {
        const n = Number(value(arg));
        if (!(n > 0)) throw new Error('--timeout-scale must be a positive number');
        timeoutScale = n;
        break;
      }
      case '--out': outDir = resolve(value(arg)); break;
      case '--server-bin': serverBin = resolve(value(arg)); break;
      case '--ci': ci = true; break;
      case '--update-expected': updateExpected = true; break;
      case '--round-trip': roundTrip = true; break;
      case '-h': case '--help': throw new HelpRequested();
      default: throw new Error(`unknown argument ${raw}\n${USAGE}`);
    }
  }
  const corpusRoot = resolve(repoRoot, process.env['PGFLUX_CORPUS'] ?? '../shared/corpus');
  return { corpora, casePattern, major, jobs, ci, updateExpected, roundTrip, timeoutScale, corpusRoot, outDir, serverBin };
};

export class HelpRequested extends Error {
  constructor() { super(USAGE); this.name = 'HelpRequested'; }
}
