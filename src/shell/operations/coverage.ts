/**
 * Honest coverage, for every command that reads the database: the first inspection of the
 * target in a run reports the live objects pg-flux does not manage (one line on stderr, the list
 * with --verbose) and, under strict coverage, refuses them before anything is written or changed.
 * Later inspections of the same run (migrate apply re-reads the schema between files) see what
 * the run itself did, so they neither report nor refuse again.
 */
import type { UnmanagedObject } from '../../core/model/objects.js';
import { CoverageError, unmanagedListing, unmanagedSummary } from '../../core/coverage/unmanaged-report.js';
import type { Project } from './project.js';

/** --strict-coverage, PGFLUX_STRICT_COVERAGE or `strict_coverage: true`. */
export const strictCoverage = (project: Project): boolean => project.setting('strict_coverage') === true;

const seen = new WeakSet<Project>();

/** Whether this run has inspected its target yet. */
export const coverageChecked = (project: Project): boolean => seen.has(project);

export interface CoverageCheckOptions {
  /**
   * The command reports unmanaged objects in its own findings and exit code (verify counts them
   * under strict coverage): no refusal here, and no note when its report lists them.
   */
  readonly ownReport?: boolean | undefined;
}

export const checkCoverage = (project: Project, unmanaged: readonly UnmanagedObject[], opts: CoverageCheckOptions = {}): void => {
  if (seen.has(project)) return;
  seen.add(project);
  const strict = strictCoverage(project);
  if (strict && !opts.ownReport && unmanaged.length > 0) throw new CoverageError(unmanaged);
  if (strict && opts.ownReport) return;
  const line = unmanagedSummary(unmanaged);
  if (line === null) return;
  project.notice(line);
  if (project.verbose) for (const l of unmanagedListing(unmanaged)) project.notice(l);
};
