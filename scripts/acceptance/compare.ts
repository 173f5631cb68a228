/**
 * "Equal" for the acceptance run: the comparable model (column order ignored), and — where a
 * pg_dump of the server's major is installed — normalised `pg_dump --schema-only` text, which
 * also sees the kinds pg-flux does not model. Differences are reported as the first path that
 * differs, so the one-line error says what is wrong.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { comparableJson } from '../../src/core/model/compare.js';
import type { Schema } from '../../src/core/model/schema.js';

/** Convergence ignores column order (ADD COLUMN appends); symmetry does not. */
export const comparableModel = (s: Schema, ignoreColumnOrder = true): unknown => JSON.parse(comparableJson(s, { ignoreColumnOrder }));

/**
 * The expected model with NOT VALID dropped where the actual side has the constraint validated:
 * pg-flux's rule too (diff/constraints.ts), since a checked constraint satisfies a source that
 * writes NOT VALID (gitlab's structure.sql adds CHECKs NOT VALID to tables pg-flux creates with
 * them, where there is nothing to skip).
 */
export const withValidationSatisfied = (want: unknown, got: unknown): unknown => {
  const w = want as { constraints?: Record<string, Record<string, unknown>> };
  const g = got as { constraints?: Record<string, Record<string, unknown>> };
  if (!w.constraints || !g.constraints) return want;
  const constraints = Object.fromEntries(Object.entries(w.constraints).map(([k, c]) => {
    if (c['validated'] !== false || !g.constraints![k] || g.constraints![k]['validated'] === false) return [k, c];
    const { validated: _, ...rest } = c;
    return [k, rest];
  }));
  return { ...w, constraints };
};

const short = (v: unknown): string => {
  const s = v === undefined ? 'absent' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
};

/** Path and both values of the first difference, or null when equal. `a` is the actual side. */
export const firstDifference = (a: unknown, b: unknown, path = ''): string | null => {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return `${path || '(root)'}: got ${short(a)}, expected ${short(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    const d = firstDifference(ra[k], rb[k], path ? `${path}.${k}` : k);
    if (d !== null) return d;
  }
  return null;
};

/** Debian's pg_dump for the major, when installed (apt-get install postgresql-client-<major>). */
export const pgDumpBinary = (major: number): string | null => {
  const path = `/usr/lib/postgresql/${major}/bin/pg_dump`;
  return existsSync(path) ? path : null;
};

export const pgDump = (bin: string, url: string, signal: AbortSignal): Promise<string> =>
  new Promise((resolve, reject) => {
    // pg-flux's tracking schema exists only on the migrated side.
    execFile(bin, ['--schema-only', '--no-owner', '--exclude-schema=_pgflux', `--dbname=${url}`],
      { maxBuffer: 256 * 1024 * 1024, signal }, (err, stdout, stderr) => (err ? reject(new Error(`pg_dump failed: ${stderr || err.message}`)) : resolve(stdout)));
  });

/**
 * A stored NULL default (`DEFAULT NULL::timestamp without time zone`: PostgreSQL keeps one when the
 * NULL needs a length coercion to the column's typmod) behaves as no default, and pg-flux models
 * both as none: the column lines drop it.
 */
const withoutNullDefault = (line: string): string => line.replace(/ DEFAULT NULL(::[\w ."()]+?)?(?=( NOT NULL)?$)/, '');

/**
 * Comments, SET / set_config lines, `\restrict` lines and blank lines go; the column lines of
 * each CREATE TABLE are sorted (column order is not compared), lose their trailing comma and a
 * NULL default.
 */
export const normaliseDump = (text: string): string[] => {
  const out: string[] = [];
  let table: string[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (table !== null) {
      if (/^\)/.test(line)) {
        out.push(...table.sort(), line);
        table = null;
      } else table.push(withoutNullDefault(line.replace(/,$/, '')));
      continue;
    }
    if (line === '' || line.startsWith('--') || /^SET /.test(line) || /^SELECT pg_catalog\.set_config/.test(line) || /^\\(un)?restrict /.test(line)) continue;
    out.push(line);
    if (/^CREATE (UNLOGGED )?TABLE .*\($/.test(line)) table = [];
  }
  return out;
};

/** First differing line of two normalised dumps (actual vs expected), or null. */
export const dumpDifference = (actual: string[], expected: string[]): string | null => {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      const got = actual[i] ?? '(end of dump)';
      const want = expected[i] ?? '(end of dump)';
      return `pg_dump differs at normalised line ${i + 1}: got ${short(got)}, expected ${short(want)}`;
    }
  }
  return null;
};
