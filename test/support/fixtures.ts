/** Fixture cases: test/fixtures/diff/<case>/{before.sql, after.sql, case.json?}. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CaseOptions {
  /** Skip the after → before direction, with the reason. */
  readonly irreversible?: string;
  /** Oldest server major the case runs on (e.g. NULLS NOT DISTINCT needs 15). */
  readonly minMajor?: number;
  /** Cluster roles the case needs. */
  readonly roles?: readonly string[];
  /** Directions that fail today on some majors, each with the reason: skipped there, and listed. */
  readonly knownGaps?: readonly { readonly majors: readonly number[]; readonly direction: 'before → after' | 'after → before'; readonly reason: string }[];
}

export interface FixtureCase {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly options: CaseOptions;
}

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'diff');

export const loadFixtures = (dir = FIXTURE_DIR): FixtureCase[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const read = (f: string) => (existsSync(join(dir, name, f)) ? readFileSync(join(dir, name, f), 'utf8') : '');
      const opts = read('case.json');
      return { name, before: read('before.sql'), after: read('after.sql'), options: opts ? (JSON.parse(opts) as CaseOptions) : {} };
    });
