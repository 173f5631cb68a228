/** The shared first half of plan / generate / drift: desired from source, live from the database, diff. */
import { join } from 'node:path';
import { loadParser } from '../../core/parse/pg-query.js';
import { parseSchemaAsync, type ParseResult } from '../../core/parse/parse-schema.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { filterSchemas } from '../../core/model/compare.js';
import type { Plan } from '../../core/model/plan.js';
import type { Schema } from '../../core/model/schema.js';
import type { SourceSpan } from '../../core/model/objects.js';
import { DiagnosticError, diagnostic } from '../../core/model/diagnostic.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';
import { readSourceFiles } from '../fs/read-sources.js';
import { openParseCache } from '../fs/parse-cache.js';
import { connect } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import type { Project } from './project.js';
import { canonicalise } from '../canonicalise/canonicalise.js';
import { openScratchServer } from '../canonicalise/scratch-server.js';
import { toolVersion } from '../version.js';
import { resolveAuthz, type ManageMode } from '../../core/authz/resolve.js';
import { managementWarnings } from './management-warnings.js';
import { secretNotes } from '../../core/plan/secret-notes.js';
import { alignManagement } from '../../core/plan/management.js';
import { serverFeatureProblems } from '../../core/plan/server-features.js';
import { readLiveFacts } from '../db/live-facts.js';
import type { LiveFacts } from '../../core/hazards/context.js';
import type { RenameHint } from '../../core/model/rename-hint.js';
import { hazardSettingsOf } from './hazards.js';
import { checkCoverage, coverageChecked, strictCoverage } from './coverage.js';

export interface PlanResult {
  readonly plan: Plan;
  readonly desired: Schema;
  readonly live: Schema;
  readonly serverVersionNum: number;
  /** Source statements read but not modelled (unmanaged live objects are reported by coverage.ts). */
  readonly warnings: readonly string[];
}

const pauseForIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The tracking schema belongs to pg-flux: a source that declares it (or objects in it) would
 * have its tracking table planned away, or its objects never inspected.
 */
const refuseTrackingSchema = (schema: Schema, tracking: string): void => {
  const declared = schema.schemas[tracking];
  const inIt = declared ?? Object.values(filterSchemas(schema, [tracking]))
    .flatMap((rec) => (Array.isArray(rec) ? [] : Object.values(rec as Record<string, { source?: SourceSpan | null }>)))[0];
  if (inIt === undefined) return;
  throw new DiagnosticError([diagnostic('invalid_definition',
    `schema ${quoteIdent(tracking)} is pg-flux's tracking schema (applied migrations are recorded there): the source must not declare it or anything in it; ` +
    'use another schema, or choose another tracking schema (--tracking-schema, tracking_schema: in .pg-flux.yml)', inIt.source ?? null)]);
};

/** The source parsed (programmable objects not canonicalised yet), and how many files it has. */
export const parseDesired = async (
  project: Project, opts: { readonly before?: Promise<unknown> } = {},
): Promise<ParseResult & { readonly fileCount: number }> => {
  const [files] = await Promise.all([readSourceFiles(project.schemaDir, project.schemaPath), loadParser()]);
  await opts.before;
  // An unchanged file is read back from its cached parse instead of parsed again (parse-cache.ts).
  const cache = project.cacheDir === null ? null : openParseCache(project.cacheDir, join(project.cacheDir, 'parse'));
  // Parsing is CPU work on this thread; pausing now and then lets the live side's catalog
  // queries (computePlan runs both at once) be answered and the next one sent meanwhile.
  const r = await parseSchemaAsync(files, pauseForIo, cache ? { parseFile: cache.parseFile } : {}).finally(async () => {
    if (!cache) return;
    await cache.flush();
    cache.prune();
    if (project.verbose) project.notice(cache.summary());
  });
  refuseTrackingSchema(r.schema, project.trackingSchema);
  return { ...r, fileCount: files.length };
};

/** Who applies migrations on the target, and its major: what the desired model depends on. */
export interface TargetFacts {
  readonly major: number;
  /** The applying role (owner of what the source gives no owner; CURRENT_USER in the source). */
  readonly currentUser: string;
}

const manageMode = (project: Project, key: string): ManageMode => {
  const v = project.setting(key);
  return v === 'always' || v === 'never' ? v : 'auto';
};

/**
 * The parsed source with the canonical forms of a server of the target's major (cached in
 * .pg-flux/cache), and its comments, owners and privileges resolved for the target.
 */
export const canonicaliseDesired = async (project: Project, parsed: ParseResult, target: TargetFacts): Promise<Schema> => {
  const { major } = target;
  // Before the scratch server sees the skeleton: it would refuse the same feature less clearly.
  const unsupported = serverFeatureProblems(parsed.schema, major * 10000);
  if (unsupported.length) throw new DiagnosticError(unsupported);
  const canonical = await canonicalise(parsed, {
    major,
    server: () => openScratchServer({ major, shadowDsn: project.shadowDsn, projectDir: project.cwd }),
    cacheDir: project.cacheDir,
    toolVersion: toolVersion(),
  });
  const r = resolveAuthz(canonical, parsed.authz, parsed.bodies, {
    ...target, manage: { owners: manageMode(project, 'manage.owners'), privileges: manageMode(project, 'manage.privileges') },
  });
  if (r.diagnostics.length) throw new DiagnosticError(r.diagnostics);
  return filterSchemas(r.schema, project.schemas);
};

/** The desired model: the source parsed and canonicalised for a server of `major` (default 18). */
export const loadDesired = async (
  project: Project, opts: { readonly before?: Promise<unknown>; readonly major?: number } = {},
): Promise<{ schema: Schema; warnings: readonly string[] }> => {
  const r = await parseDesired(project, opts);
  return { schema: await canonicaliseDesired(project, r, { major: opts.major ?? 18, currentUser: '' }), warnings: r.warnings };
};

export interface InspectLiveOptions {
  readonly onQueriesSent?: () => void;
  readonly facts?: boolean;
  /** The command reports unmanaged objects in its own findings (verify; see coverage.ts). */
  readonly ownCoverageReport?: boolean;
}

/**
 * The target's live model. Every command that reads the database gets it here, so the first call
 * of a run reports what pg-flux does not manage and enforces strict coverage (coverage.ts).
 */
export const inspectLive = async (
  project: Project, opts: InspectLiveOptions = {},
): Promise<{ schema: Schema; serverVersionNum: number; currentUser: string; roles: readonly string[]; facts: LiveFacts | null }> => {
  const db = await project.database();
  const client = await connect(db.url);
  try {
    const r = await inspectDatabase(client, {
      trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}),
      ...(opts.onQueriesSent ? { onQueriesSent: opts.onQueriesSent } : {}),
    });
    const schema = filterSchemas(r.schema, project.schemas);
    checkCoverage(project, schema.unmanaged, { ownReport: opts.ownCoverageReport });
    // Table sizes and function bodies, for the hazards (plan, generate, apply; drift does not need them).
    const facts = opts.facts ? await readLiveFacts(client, { schemas: project.schemas, trackingSchema: project.trackingSchema }) : null;
    return { schema, serverVersionNum: r.serverVersionNum, currentUser: r.currentUser, roles: r.roles, facts };
  } finally {
    await client.end();
  }
};

/**
 * Under strict coverage, commands that change the database (apply, rollback, rebase) read it
 * before their first statement, so unmanaged objects are refused before anything runs (they may
 * otherwise first inspect only between files, or not at all).
 */
export const requireCoverage = async (project: Project): Promise<void> => {
  if (strictCoverage(project) && !coverageChecked(project)) await inspectLive(project);
};

const targetOf = (live: { serverVersionNum: number; currentUser: string }): TargetFacts =>
  ({ major: Math.floor(live.serverVersionNum / 10000), currentUser: live.currentUser });

export interface Models {
  readonly desired: Schema;
  readonly live: Schema;
  readonly serverVersionNum: number;
  readonly currentUser: string;
  readonly roles: readonly string[];
  /** Source statements read but not modelled. */
  readonly sourceWarnings: readonly string[];
  /** Number of source files read. */
  readonly fileCount: number;
  /** `-- pg-flux:renamed-from` hints of the source. */
  readonly renames: readonly RenameHint[];
  /** Table sizes and function bodies of the live database (when asked for). */
  readonly facts: LiveFacts | null;
}

/**
 * Both models, read at once (the desired one canonicalised for the live server's major): the
 * first half of every command that compares source and database. The live one is all of the
 * database (its hash is a migration's baseline); `managedLive` is the part the source manages.
 */
export const loadModels = async (project: Project, opts: { readonly facts?: boolean; readonly ownCoverageReport?: boolean } = {}): Promise<Models> => {
  const own = opts.ownCoverageReport ?? false;
  // The embedded default is only created once the source is known to be good (it is tens of MB).
  if (project.usesEmbedded) {
    const parsed = await parseDesired(project);
    const live = await inspectLive(project, { facts: opts.facts ?? false, ownCoverageReport: own });
    const desired = await canonicaliseDesired(project, parsed, targetOf(live));
    return { desired, live: live.schema, serverVersionNum: live.serverVersionNum, currentUser: live.currentUser, roles: live.roles, sourceWarnings: parsed.warnings, fileCount: parsed.fileCount, renames: parsed.renames, facts: live.facts };
  }
  // Parsing is CPU-bound on this thread: it starts once the connection is made and the first
  // catalog query is on its way (a handshake stalled behind a long parse would serialise the
  // two), then the catalog queries run on the server while the source is parsed here.
  let sent = (): void => undefined;
  const queriesSent = new Promise<void>((resolve) => { sent = resolve; });
  const liveP = inspectLive(project, { onQueriesSent: sent, facts: opts.facts ?? false, ownCoverageReport: own });
  const parsedP = parseDesired(project, { before: Promise.race([queriesSent, liveP.then(() => undefined, () => undefined)]) });
  const [d, l] = await Promise.allSettled([parsedP, liveP]);
  // A problem in the source is reported before a problem with the database, as when they ran in turn.
  if (d.status === 'rejected') throw d.reason;
  if (l.status === 'rejected') throw l.reason;
  const live = l.value;
  const desired = await canonicaliseDesired(project, d.value, targetOf(live));
  return { desired, live: live.schema, serverVersionNum: live.serverVersionNum, currentUser: live.currentUser, roles: live.roles, sourceWarnings: d.value.warnings, fileCount: d.value.fileCount, renames: d.value.renames, facts: live.facts };
};

export interface ComputePlanOptions {
  /** NOT VALID + VALIDATE and staged SET NOT NULL (default: the auto_not_valid setting, else true). */
  readonly autoNotValid?: boolean | undefined;
  /** Read table sizes and function bodies for the hazards (plan, generate; drift does not need them). */
  readonly hazards?: boolean;
}

export const computePlan = async (project: Project, opts: ComputePlanOptions = {}): Promise<PlanResult> => {
  const m = await loadModels(project, { facts: opts.hazards ?? false });
  const plan = computeChanges(m.live, m.desired, {
    serverVersionNum: m.serverVersionNum, currentUser: m.currentUser, roles: m.roles,
    autoNotValid: opts.autoNotValid ?? (project.setting('auto_not_valid') as boolean | null) ?? true,
    facts: m.facts, hazardSettings: hazardSettingsOf(project), renames: m.renames,
  });
  // Unmanaged live objects were reported when the database was read (coverage.ts).
  const warnings = [...emptySourceWarning(project, m.desired, m.fileCount, m.live), ...m.sourceWarnings, ...(await managementWarnings(project, m.desired)),
    ...secretNotes(m.live, m.desired, plan.steps.map((s) => s.change))];
  return { plan, desired: m.desired, live: m.live, serverVersionNum: m.serverVersionNum, warnings };
};

/**
 * The live objects a source manages: owners, privileges and the comments a database sets on its
 * own count only when the source declares them (plan/management.ts) — what verify and pull
 * compare, as the plan does.
 */
export const managedLive = (m: { readonly live: Schema; readonly desired: Schema }): Schema => alignManagement(m.live, m.desired);

export const migrationsPath = (project: Project): string => project.migrationsPath;

/** Facts about other objects (who owns them, who may use them), not objects of their own. */
const ABOUT_OBJECTS = new Set(['unmanaged', 'comments', 'owners', 'privileges', 'defaultPrivileges', 'rowSecurity']);

/** Objects of the model that a source would declare (the default `public` schema does not count). */
const declaredCount = (s: Schema): number =>
  Object.entries(s).reduce((n, [kind, rec]) => (ABOUT_OBJECTS.has(kind) ? n : n + Object.keys(rec as object).length), 0) - ('public' in s.schemas ? 1 : 0);

/**
 * An empty source against a database that has objects is almost always a wrong --schema-dir or a
 * checkout problem, not a wish to drop everything: say so before anything else.
 */
const emptySourceWarning = (project: Project, desired: Schema, fileCount: number, live: Schema): string[] => {
  if (declaredCount(desired) > 0) return [];
  const n = declaredCount(live);
  if (n === 0) return [];
  const what = fileCount === 0 ? 'has no .sql files' : 'declares nothing';
  return [`the schema source ${project.schemaDir}/ ${what}, but the database has ${n} managed object(s): the plan drops all of them. ` +
    'Check --schema-dir (and the working directory) before going on'];
};
