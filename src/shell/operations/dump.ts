/**
 * dump: the live database as a schema source tree — the planner's create statements for every
 * managed object, laid out by object, by kind or in one file, written all at once.
 */
import { isAbsolute, resolve } from 'node:path';
import type { UnmanagedObject } from '../../core/model/objects.js';
import { allRefs } from '../../core/coverage/kinds.js';
import { createPlan } from '../../core/emit/dump/create-plan.js';
import { withoutImplicit } from '../../core/emit/dump/implicit.js';
import { layoutDump, type DumpFile, type DumpLayout } from '../../core/emit/dump/layout.js';
import { checkTarget, writeTree } from '../fs/write-tree.js';
import { inspectLive } from './compute-plan.js';
import type { Project } from './project.js';

export interface DumpOptions {
  /** Target directory (default: the project's schema directory). */
  readonly out?: string | undefined;
  readonly layout?: DumpLayout | undefined;
  /** Replace a non-empty target (only one that holds nothing but .sql files). */
  readonly force?: boolean | undefined;
}

export interface DumpResult {
  /** The directory written, as the user would type it. */
  readonly dir: string;
  readonly files: readonly DumpFile[];
  readonly objects: number;
  /** Live objects of kinds pg-flux does not manage yet: not in the dump. */
  readonly unmanaged: readonly UnmanagedObject[];
}

const display = (p: string): string => (isAbsolute(p) || p.startsWith('.') ? p : `./${p}`);

/** The files a dump of the live database consists of (nothing written). */
export const dumpFiles = async (project: Project, layout: DumpLayout): Promise<{ files: DumpFile[]; objects: number; unmanaged: readonly UnmanagedObject[] }> => {
  const live = await inspectLive(project);
  const schema = withoutImplicit(live.schema, { major: Math.floor(live.serverVersionNum / 10000), currentUser: live.currentUser });
  const files = layoutDump(createPlan(schema, live.serverVersionNum, { secretPlaceholders: true }), schema, layout);
  // The default schema exists in every database: it is not one of the dumped objects.
  const objects = allRefs(schema).filter((r) => !(r.field === 'schemas' && r.key === 'public')).length;
  return { files, objects, unmanaged: live.schema.unmanaged };
};

export const dumpOperation = async (project: Project, opts: DumpOptions = {}): Promise<DumpResult> => {
  const out = (opts.out ?? project.schemaDir).replace(/(.)\/+$/, '$1');
  const target = resolve(project.cwd, out);
  const force = opts.force ?? false;
  // Refuse before reading the database: a refusal should be instant.
  checkTarget(target, out, project.cwd, force);
  const d = await dumpFiles(project, opts.layout ?? 'by-object');
  await writeTree(target, out, project.cwd, d.files, force);
  return { dir: display(out), ...d };
};
