/**
 * pull: capture undeclared live objects into schema/_pulled/<timestamp>_pulled.sql (part of
 * the source from then on), with the live definitions of objects that differ from source as
 * comments. Never overwrites a file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { undeclaredObjects, subsetSchema } from '../../core/coverage/undeclared.js';
import { differingObjects } from '../../core/coverage/differing.js';
import { defOf } from '../../core/coverage/kinds.js';
import { createPlan } from '../../core/emit/dump/create-plan.js';
import { pullFileText } from '../../core/emit/pull/pull-file.js';
import { migrationFileName } from '../runner/migration-file.js';
import { computePlan, managedLive } from './compute-plan.js';
import type { Project } from './project.js';

export interface PullOptions {
  readonly dryRun?: boolean | undefined;
  /** Injected clock, for reproducible file names in tests. */
  readonly now?: (() => Date) | undefined;
}

export interface PullResult {
  /** The file written, as the user would type it (`./schema/_pulled/…`), or null (dry run, nothing to pull). */
  readonly path: string | null;
  /** The file's text, or null when there was nothing to capture. */
  readonly text: string | null;
  readonly objects: number;
  readonly differing: number;
  readonly warnings: readonly string[];
}

const display = (p: string): string => (isAbsolute(p) || p.startsWith('.') ? p : `./${p}`);

export const pullOperation = async (project: Project, opts: PullOptions = {}): Promise<PullResult> => {
  const r = await computePlan(project);
  const live = managedLive(r);
  const undeclared = undeclaredObjects(live, r.desired);
  const differing = differingObjects(r.plan, live, r.desired);
  const base = { objects: undeclared.length, differing: differing.length, warnings: r.warnings };
  if (undeclared.length === 0 && differing.length === 0) return { ...base, path: null, text: null };
  const created = (opts.now ?? (() => new Date()))();
  const schemaDir = project.schemaDir.replace(/\/+$/, '');
  const text = pullFileText({
    undeclared: createPlan(subsetSchema(live, undeclared), r.serverVersionNum, { secretPlaceholders: true }),
    undeclaredCount: undeclared.length,
    differing: differing.map((ref) => ({
      ref, source: defOf(r.desired, ref)?.source ?? null, live: createPlan(subsetSchema(live, [ref]), r.serverVersionNum, { secretPlaceholders: true }),
    })),
    schemaDir,
    created,
  });
  if (opts.dryRun) return { ...base, path: null, text };
  const dir = join(schemaDir, '_pulled');
  await mkdir(resolve(project.cwd, dir), { recursive: true });
  // Two pulls in the same second would collide: take the next free second, never overwrite.
  for (let bump = 0; ; bump++) {
    const name = migrationFileName(new Date(created.getTime() + bump * 1000), 'pulled');
    try {
      await writeFile(resolve(project.cwd, dir, name), text, { flag: 'wx' });
      return { ...base, path: display(join(dir, name)), text };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || bump > 60) throw e;
    }
  }
};
