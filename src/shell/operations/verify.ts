/** verify: live ⊃ source — the live objects that no schema file declares. */
import { relative, resolve, sep } from 'node:path';
import { undeclaredObjects, declaredUnder } from '../../core/coverage/undeclared.js';
import type { VerifyFindings } from '../../core/emit/report/verify-report.js';
import { loadModels, managedLive } from './compute-plan.js';
import type { Project } from './project.js';
import { strictCoverage } from './coverage.js';

export interface VerifyOptions {
  /** Count objects of kinds pg-flux does not manage as undeclared (default: strict coverage, see coverage.ts). */
  readonly countUnmanaged?: boolean | undefined;
}

export interface VerifyResult {
  readonly findings: VerifyFindings;
  /** Source statements read but not modelled. */
  readonly sourceWarnings: readonly string[];
}

/** The folder pull writes to, as the parser records source paths (relative to the project, `/`-separated). */
export const pulledDir = (project: Project): string =>
  relative(project.cwd, resolve(project.cwd, project.schemaDir, '_pulled')).split(sep).join('/');

export const verifyOperation = async (project: Project, opts: VerifyOptions = {}): Promise<VerifyResult> => {
  // verify lists unmanaged objects in its own report (counted under strict coverage) instead of refusing them.
  const m = await loadModels(project, { ownCoverageReport: true });
  return {
    findings: {
      undeclared: undeclaredObjects(managedLive(m), m.desired),
      unmanaged: m.live.unmanaged,
      countUnmanaged: opts.countUnmanaged ?? strictCoverage(project),
      pulledOnly: declaredUnder(m.desired, pulledDir(project)).length,
      schemaDir: project.schemaDir.replace(/\/+$/, ''),
    },
    sourceWarnings: m.sourceWarnings,
  };
};
