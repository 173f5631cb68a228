/** The shared first half of plan / generate / drift: desired from source, live from the database, diff. */
import { loadParser } from '../../core/parse/pg-query.js';
import { parseSchemaAsync } from '../../core/parse/parse-schema.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { filterSchemas } from '../../core/model/compare.js';
import type { Plan } from '../../core/model/plan.js';
import type { Schema } from '../../core/model/schema.js';
import type { SourceSpan } from '../../core/model/objects.js';
import { DiagnosticError, diagnostic } from '../../core/model/diagnostic.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';
import { readSourceFiles } from '../fs/read-sources.js';
import { connect } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
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

/**
 * The tracking schema belongs to pg-flux: a source that declares it (or objects in it) would
 * have its tracking table planned away, or its objects never inspected.
 */
const refuseTrackingSchema = (schema: Schema, tracking: string): void => {
  const inIt = schema.schemas[tracking] ?? filterSchemas(schema, [tracking]);
  const first = 'kind' in inIt ? inIt : Object.values(inIt).flatMap((rec) => (Array.isArray(rec) ? [] : Object.values(rec as object)))[0];
  if (first === undefined) return;
  const src = (first as { source?: SourceSpan | null }).source ?? null;
  throw new DiagnosticError([diagnostic('invalid_definition',
    `schema ${quoteIdent(tracking)} is pg-flux's tracking schema (applied migrations are recorded there): the source must not declare it or anything in it; ` +
    'use another schema, or choose another tracking schema (--tracking-schema, tracking_schema: in .pg-flux.yml)', src)]);
};

export const loadDesired = async (
  project: Project, opts: { readonly before?: Promise<unknown> } = {},
): Promise<{ schema: Schema; warnings: readonly string[]; fileCount: number }> => {
  const [files] = await Promise.all([readSourceFiles(project.schemaDir, project.schemaPath), loadParser()]);
  await opts.before;
  // Parsing is CPU work on this thread; pausing now and then lets the live side's catalog
  // queries (computePlan runs both at once) be answered and the next one sent meanwhile.
  const r = await parseSchemaAsync(files, pauseForIo);
  refuseTrackingSchema(r.schema, project.trackingSchema);
  return { schema: filterSchemas(r.schema, project.schemas), warnings: r.warnings, fileCount: files.length };
};

export const inspectLive = async (
  project: Project, opts: { readonly onQueriesSent?: () => void } = {},
): Promise<{ schema: Schema; serverVersionNum: number }> => {
  const db = await project.database();
  const client = await connect(db.url);
  try {
    const r = await inspectDatabase(client, {
      trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}),
      ...(opts.onQueriesSent ? { onQueriesSent: opts.onQueriesSent } : {}),
    });
    return { schema: filterSchemas(r.schema, project.schemas), serverVersionNum: r.serverVersionNum };
  } finally {
    await client.end();
  }
};

/** Desired and live models, the source first when the embedded default would be created for it. */
const loadBoth = async (project: Project): Promise<[Awaited<ReturnType<typeof loadDesired>>, Awaited<ReturnType<typeof inspectLive>>]> => {
  // The embedded default is only created once the source is known to be good (it is tens of MB).
  if (project.usesEmbedded) {
    const desired = await loadDesired(project);
    return [desired, await inspectLive(project)];
  }
  // Parsing is CPU-bound on this thread: it starts once the connection is made and the first
  // catalog query is on its way (a handshake stalled behind a long parse would serialise the
  // two), then the catalog queries run on the server while the source is parsed here.
  let sent = (): void => undefined;
  const queriesSent = new Promise<void>((resolve) => { sent = resolve; });
  const liveP = inspectLive(project, { onQueriesSent: sent });
  const desiredP = loadDesired(project, { before: Promise.race([queriesSent, liveP.then(() => undefined, () => undefined)]) });
  const [d, l] = await Promise.allSettled([desiredP, liveP]);
  // A problem in the source is reported before a problem with the database, as when they ran in turn.
  if (d.status === 'rejected') throw d.reason;
  if (l.status === 'rejected') throw l.reason;
  return [d.value, l.value];
};

export const computePlan = async (project: Project): Promise<PlanResult> => {
  const [desired, live] = await loadBoth(project);
  const plan = computeChanges(live.schema, desired.schema, { serverVersionNum: live.serverVersionNum });
  const unmanaged = live.schema.unmanaged;
  const warnings = [...emptySourceWarning(project, desired, live.schema), ...desired.warnings];
  if (unmanaged.length) {
    const kinds = [...new Set(unmanaged.map((u) => u.kind))].sort();
    warnings.push(`${unmanaged.length} live object(s) of kinds pg-flux does not manage yet were left alone (${kinds.join(', ')})`);
  }
  return { plan, desired: desired.schema, live: live.schema, serverVersionNum: live.serverVersionNum, warnings };
};

export const migrationsPath = (project: Project): string => project.migrationsPath;

/** Objects of the model that a source would declare (the default `public` schema does not count). */
const declaredCount = (s: Schema): number =>
  Object.entries(s).reduce((n, [kind, rec]) => (kind === 'unmanaged' ? n : n + Object.keys(rec as object).length), 0) - ('public' in s.schemas ? 1 : 0);

/**
 * An empty source against a database that has objects is almost always a wrong --schema-dir or a
 * checkout problem, not a wish to drop everything: say so before anything else.
 */
const emptySourceWarning = (project: Project, desired: { schema: Schema; fileCount: number }, live: Schema): string[] => {
  if (declaredCount(desired.schema) > 0) return [];
  const n = declaredCount(live);
  if (n === 0) return [];
  const what = desired.fileCount === 0 ? `has no .sql files` : 'declares nothing';
  return [`the schema source ${project.schemaDir}/ ${what}, but the database has ${n} managed object(s): the plan drops all of them. ` +
    'Check --schema-dir (and the working directory) before going on']; 
};
