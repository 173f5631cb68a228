/**
 * Writes docs/acceptance/results-pg<major>.json (every row) and the docs/acceptance.md scoreboard
 * (counts and capped lists). A full run replaces the major's results; a filtered run (--corpus,
 * --case, --ci) replaces only the rows of the cases it ran, so the scoreboard stays complete.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES } from './classify.js';
import { compareResults, resultKey, type Result } from './result.js';

export interface RunMeta {
  readonly major: number;
  readonly serverVersion: string;
  /** The pg-flux commit measured. */
  readonly revision: string;
  readonly finishedAt: string;
  readonly wallMs: number;
  readonly jobs: number;
  readonly command: string;
  readonly full: boolean;
  readonly pgDump: boolean;
  /** Which checks ran: the migration checks, or the dump round trip (--round-trip); each keeps its own meta file. */
  readonly mode?: 'migrations' | 'round-trip';
}

const resultsPath = (outDir: string, major: number): string => join(outDir, 'acceptance', `results-pg${major}.json`);
const metaPath = (outDir: string, major: number, mode: RunMeta['mode'] = 'migrations'): string =>
  join(outDir, 'acceptance', mode === 'round-trip' ? `meta-pg${major}-round-trip.json` : `meta-pg${major}.json`);

/**
 * Stores this run's rows, replacing earlier rows of the directions it ran: all of them after a
 * full run, those of the cases it ran otherwise. Rows of other directions (a --round-trip run's
 * beside the migration checks') stay. Returns all rows of the major.
 */
export const storeResults = (
  outDir: string, meta: RunMeta, results: readonly Result[], ranCases: ReadonlySet<string>, ranDirections: ReadonlySet<string>,
): Result[] => {
  mkdirSync(join(outDir, 'acceptance'), { recursive: true });
  const path = resultsPath(outDir, meta.major);
  const earlier: Result[] = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Result[]) : [];
  const kept = earlier.filter((r) => !(ranDirections.has(r.direction) && (meta.full || ranCases.has(`${r.corpus}/${r.case}`))));
  const all = [...kept, ...results].sort(compareResults);
  writeFileSync(path, `${JSON.stringify(all, null, 1)}\n`);
  writeFileSync(metaPath(outDir, meta.major, meta.mode), `${JSON.stringify(meta, null, 1)}\n`);
  return all;
};

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

// 'blocked' is a round-trip result: those rows have their own table.
const FAIL_CATEGORIES = CATEGORIES.filter((c) => c !== 'not_loadable' && c !== 'blocked');

const scoreTable = (rows: readonly Result[]): string[] => {
  const groups = new Map<string, Result[]>();
  for (const r of rows) {
    const k = `${r.corpus}\u0000${r.direction}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const header = ['corpus', 'direction', 'total', 'loadable', 'passed', 'pass % of loadable', 'in scope: passed / loadable', 'failed', ...FAIL_CATEGORIES];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  const line = (label: [string, string], rs: readonly Result[]): string => {
    const loadable = rs.filter((r) => r.status !== 'not_loadable');
    const pass = rs.filter((r) => r.status === 'pass').length;
    const fails = rs.filter((r) => r.status === 'fail');
    const per = FAIL_CATEGORIES.map((c) => String(fails.filter((r) => r.category === c).length || ''));
    const scoped = loadable.filter((r) => r.inScope === true);
    const scopedPass = scoped.filter((r) => r.status === 'pass').length;
    const scope = `${scopedPass} / ${scoped.length} (${pct(scopedPass, scoped.length)})`;
    return `| ${[...label, String(rs.length), String(loadable.length), String(pass), pct(pass, loadable.length), scope, String(fails.length), ...per].join(' | ')} |`;
  };
  for (const key of [...groups.keys()].sort()) lines.push(line(key.split('\u0000') as [string, string], groups.get(key)!));
  lines.push(line(['**all**', ''], rows));
  return lines;
};

const unsupportedTable = (rows: readonly Result[], cap: number): string[] => {
  const counts = new Map<string, { n: number; corpora: Set<string> }>();
  for (const r of rows) {
    for (const k of r.unsupported ?? []) {
      const e = counts.get(k) ?? { n: 0, corpora: new Set<string>() };
      e.n++;
      e.corpora.add(r.corpus);
      counts.set(k, e);
    }
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const lines = ['| unsupported kind | case-directions | corpora |', '|---|---:|---|'];
  for (const [k, e] of sorted.slice(0, cap)) lines.push(`| ${cell(k)} | ${e.n} | ${[...e.corpora].sort().join(', ')} |`);
  if (sorted.length > cap) lines.push(`| … ${sorted.length - cap} more kinds (see the JSON) | | |`);
  return lines;
};

/** Every round-trip row: a real schema passes, fails, or is blocked by kinds pg-flux does not manage yet (named). */
const roundTripTable = (rows: readonly Result[], meta: RunMeta | null): string[] => {
  const rs = rows.filter((r) => r.direction === 'round-trip');
  if (rs.length === 0) return [];
  const lines = ['', '### Dump round trip (`--round-trip`)', '',
    ...(meta ? [`Last run: ${meta.finishedAt.slice(0, 10)}, pg-flux ${meta.revision}, \`${meta.command}\`, wall time ${(meta.wallMs / 1000).toFixed(0)} s.`, ''] : []),
    '`pg-flux dump` of the loaded schema, then `migrate generate` against the same database must say No changes, and an empty',
    'database migrated from the dump must inspect equal to the original (and give the same normalised `pg_dump --schema-only`',
    'where one is installed). A schema with objects of kinds pg-flux does not manage yet is `blocked`: the row names them.', '',
    '| case | result | detail |', '|---|---|---|'];
  for (const r of rs) {
    const result = r.status === 'pass' ? 'pass' : r.status === 'not_loadable' ? 'not loadable' : r.category ?? 'fail';
    lines.push(`| \`${r.corpus}/${r.case}\` | ${result} | ${cell(r.firstError ?? '')} |`);
  }
  return lines;
};

/** Failures of in-scope cases: the ones that point at pg-flux bugs. Capped per category. */

/**
 * Why a case-direction fails, from test/acceptance/known-failures.txt: one `corpus/case[/direction]
 * reason` per line (`*` globs in the case), written by whoever looked at the failure. A failure
 * nobody explained is listed as such: it is a defect to look at, not an accepted gap.
 */
const knownReasons = (): { pattern: RegExp; reason: string }[] => {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'acceptance', 'known-failures.txt');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const [key = '', ...rest] = l.trim().split(/\s+/);
    const glob = key.split('/').length === 2 ? `${key}/*` : key;
    return { pattern: new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`), reason: rest.join(' ') };
  });
};

const reasonedFailures = (rows: readonly Result[]): string[] => {
  const failures = rows.filter((r) => r.status === 'fail' && r.direction !== 'round-trip');
  if (failures.length === 0) return [];
  const reasons = knownReasons();
  const lines = ['', '### Every failure, with its reason', '',
    'Reasons are kept in `test/acceptance/known-failures.txt`; "no reason recorded" marks a failure nobody has explained yet.', '',
    '| case-direction | category | reason | first error |', '|---|---|---|---|'];
  for (const r of failures) {
    const reason = reasons.find((k) => k.pattern.test(resultKey(r)))?.reason ?? '**no reason recorded**';
    const err = (r.firstError ?? '').slice(0, 160);
    lines.push(`| \`${resultKey(r)}\` | ${r.category} | ${cell(reason)} | ${cell(err)}${(r.firstError ?? '').length > 160 ? '…' : ''} |`);
  }
  return lines;
};

const majorsWithResults = (outDir: string): number[] => {
  const dir = join(outDir, 'acceptance');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((f) => /^results-pg(\d+)\.json$/.exec(f)?.[1]).filter((m): m is string => !!m).map(Number).sort((a, b) => b - a);
};

/** Rebuilds docs/acceptance.md from every results-pg*.json present (newest major first). */
export const writeScoreboard = (outDir: string): void => {
  const out = [
    '# Acceptance scoreboard',
    '',
    'Generated by `npm run acceptance` (scripts/acceptance.ts) from the external corpus in `../shared/corpus`; do not edit by hand.',
    'Every case runs the real CLI (`migrate generate --allow-hazards all`, `migrate apply`, a second `migrate generate`) on an',
    'embedded PostgreSQL. Diff corpora run `forward` (before→after) and `reverse` (after→before); real-world schemas run',
    '`from-empty` (empty database → schema, plus symmetry: parse equals inspect of a direct load), and with `--round-trip`',
    '`round-trip` (dump → No changes → a database migrated from the dump equals the original). Categories are the first',
    'failing check, in column order. Every row, with the first error line, is in `docs/acceptance/results-pg<major>.json`.',
    '',
    'How to reproduce: `npm run build && npm run acceptance -- --pg 18 --jobs 2` (add `--corpus NAME`, `--case GLOB` to narrow;',
    '`--pg 15` also compares `pg_dump --schema-only` when `/usr/lib/postgresql/15/bin/pg_dump` is installed). The schemas that need',
    'PostGIS or pg_partman (lago, openstreetmap, postgrest-fixtures) load on Debian\'s server: `apt-get install postgresql-15',
    'postgresql-15-postgis-3 postgresql-15-partman`, then `npm run acceptance -- --pg 15 --server-bin /usr/lib/postgresql/15/bin`.',
  ];
  for (const major of majorsWithResults(outDir)) {
    const rows = JSON.parse(readFileSync(resultsPath(outDir, major), 'utf8')) as Result[];
    const meta = existsSync(metaPath(outDir, major)) ? (JSON.parse(readFileSync(metaPath(outDir, major), 'utf8')) as RunMeta) : null;
    out.push('', `## PostgreSQL ${major}`, '');
    if (meta) {
      out.push(`Last run: ${meta.finishedAt.slice(0, 10)}, pg-flux ${meta.revision}, server ${meta.serverVersion}, \`${meta.command}\`, ${meta.jobs} job(s), ` +
        `wall time ${(meta.wallMs / 1000).toFixed(0)} s${meta.full ? '' : ' (a partial run: its rows replaced those of the same cases)'}; ` +
        `pg_dump comparison ${meta.pgDump ? 'on' : 'off (no pg_dump of this major installed)'}.`, '');
    }
    const rtPath = metaPath(outDir, major, 'round-trip');
    const rtMeta = existsSync(rtPath) ? (JSON.parse(readFileSync(rtPath, 'utf8')) as RunMeta) : null;
    // Round-trip rows have their own table: the score table stays the migration checks'.
    const migrationRows = rows.filter((r) => r.direction !== 'round-trip');
    out.push(...(migrationRows.length ? scoreTable(migrationRows) : ['No run of the migration checks on this major is recorded.']), ...roundTripTable(rows, rtMeta), '', '### Most common unsupported kinds', '', ...unsupportedTable(rows, 30));
    out.push(...reasonedFailures(rows));
  }
  writeFileSync(join(outDir, 'acceptance.md'), `${out.join('\n')}\n`);
};
