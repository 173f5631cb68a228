/** The shared first half of plan / generate / drift: desired from source, live from the database, diff. */
import { join } from 'node:path';
import { loadParser } from '../../core/parse/pg-query.js';
import { parseSchemaAsync } from '../../core/parse/parse-schema.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { filterSchemas } from '../../core/model/compare.js';
import type { Plan } from '../../core/model/plan.js';
import type { Schema } from '../../core/model/schema.js';
import { readSourceFiles } from '../fs/read-sources.js';
import { connect } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import { readLiveFacts } from '../db/live-facts.js';
import type { LiveFacts } from '../../core/hazards/context.js';
import type { RenameHint } from '../../core/model/rename-hint.js';
import type { Project } from './project.js';

export interface PlanResult {
  readonly plan: Plan;
  readonly desired: Schema;
  readonly live: Schema;
  readonly serverVersionNum: number;
  /** Source statements read but not modelled, and live objects pg-flux does not manage yet. */
  readonly warnings: readonly string[];
}

const pauseForIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const loadDesired = async (
  project: Project, opts: { readonly before?: Promise<unknown> } = {},
): Promise<{ schema: Schema; warnings: readonly string[]; renames: readonly RenameHint[] }> => {
  const [files] = await Promise.all([readSourceFiles(project.schemaDir, project.cwd), loadParser()]);
  await opts.before;
  // Parsing is CPU work on this thread; pausing now and then lets the live side's catalog
  // queries (computePlan runs both at once) be answered and the next one sent meanwhile.
  const r = await parseSchemaAsync(files, pauseForIo);
  return { schema: filterSchemas(r.schema, project.schemas), warnings: r.warnings, renames: r.renames };
};

export const inspectLive = async (
  project: Project, opts: { readonly onQueriesSent?: () => void; readonly facts?: boolean } = {},
): Promise<{ schema: Schema; serverVersionNum: number; facts: LiveFacts | null }> => {
  const db = await project.database();
  const client = await connect(db.url);
  try {
    const r = await inspectDatabase(client, {
      trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}),
      ...(opts.onQueriesSent ? { onQueriesSent: opts.onQueriesSent } : {}),
    });
    const facts = opts.facts ? await readLiveFacts(client, { schemas: project.schemas, trackingSchema: project.trackingSchema }) : null;
    return { schema: filterSchemas(r.schema, project.schemas), serverVersionNum: r.serverVersionNum, facts };
  } finally {
    await client.end();
  }
};

export interface ComputePlanOptions {
  /** NOT VALID + VALIDATE and staged SET NOT NULL (default true; --no-auto-not-valid). */
  readonly autoNotValid?: boolean;
  /** Read table sizes and function bodies for the hazards (plan, generate; drift does not need them). */
  readonly hazards?: boolean;
}

export const computePlan = async (project: Project, opts: ComputePlanOptions = {}): Promise<PlanResult> => {
  // Parsing is CPU-bound on this thread: it starts once the connection is made and the first
  // catalog query is on its way (a handshake stalled behind a long parse would serialise the
  // two), then the catalog queries run on the server while the source is parsed here.
  let sent = (): void => undefined;
  const queriesSent = new Promise<void>((resolve) => { sent = resolve; });
  const liveP = inspectLive(project, { onQueriesSent: sent, facts: opts.hazards ?? false });
  const desiredP = loadDesired(project, { before: Promise.race([queriesSent, liveP.then(() => undefined, () => undefined)]) });
  const [d, l] = await Promise.allSettled([desiredP, liveP]);
  // A problem in the source is reported before a problem with the database, as when they ran in turn.
  if (d.status === 'rejected') throw d.reason;
  if (l.status === 'rejected') throw l.reason;
  const desired = d.value;
  const live = l.value;
  const plan = computeChanges(live.schema, desired.schema, {
    serverVersionNum: live.serverVersionNum, facts: live.facts, hazardSettings: project.hazardSettings,
    autoNotValid: opts.autoNotValid ?? true, renames: desired.renames,
  });
  const unmanaged = live.schema.unmanaged;
  const warnings = [...desired.warnings];
  if (unmanaged.length) {
    const kinds = [...new Set(unmanaged.map((u) => u.kind))].sort();
    warnings.push(`${unmanaged.length} live object(s) of kinds pg-flux does not manage yet were left alone (${kinds.join(', ')})`);
  }
  return { plan, desired: desired.schema, live: live.schema, serverVersionNum: live.serverVersionNum, warnings };
};

export const migrationsPath = (project: Project): string => join(project.cwd, project.migrationsDir);
