/**
 * The shadow proof: before pending migrations touch the target, the target's schema is cloned
 * into a scratch database on a server of its major (--shadow-dsn / PGFLUX_SHADOW_DSN, else the
 * project's embedded server of that major), the files run there exactly as `migrate apply` will
 * run them (same runner, same sections, the target's tracking rows copied so only what is
 * pending runs), and the result must equal the source. The clone is made by the dump's
 * emitters (the planner's plan from a fresh database to the live model), so no second printer
 * of DDL exists.
 *
 * Who may do what is not compared: a scratch server has other roles, and the role that runs the
 * proof (the shadow DSN's user) owns what it creates there. Roles the target's cluster has and
 * the shadow lacks are created there (NOLOGIN, names only), so OWNER TO, GRANT and policies
 * resolve and still run; owners, grants and default privileges are then left out of both
 * comparisons (clone vs. target, result vs. source). Everything else — tables, columns,
 * constraints, indexes, views, functions, triggers, types, RLS switches, policies, comments — is
 * compared.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Schema } from '../../core/model/schema.js';
import type { Statement } from '../../core/model/plan.js';
import { plan as computeChanges } from '../../core/plan/plan.js';
import { createPlan } from '../../core/emit/dump/create-plan.js';
import { withoutImplicit } from '../../core/emit/dump/implicit.js';
import { driftEntries } from '../../core/emit/report/drift-report.js';
import { DEFAULT_SCHEMA } from '../../core/canon/defaults.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';
import { connect, exec, type Client } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import { redactText } from '../db/redact.js';
import { openScratchServer, withScratchDatabase, type ScratchServer } from '../canonicalise/scratch-server.js';
import { applyMigrations } from '../runner/apply.js';
import { readBeforeProgress, ensureBeforeProgress, setBeforeDone, setBeforeHash } from '../runner/before-progress.js';
import { ensureTrackingTable, insertTrackingRow, readTrackingRows, trackingTableExists } from '../runner/tracking-table.js';
import { toolVersion } from '../version.js';
import { canonicaliseDesired, inspectLive, parseDesired } from './compute-plan.js';
import type { Project } from './project.js';

export class ShadowProofError extends Error {
  /** Where the proof ran, as messages name it (no password). */
  constructor(message: string, readonly server: string) { super(message); this.name = 'ShadowProofError'; }
}

export interface ProofReport {
  /** Where it ran (for messages). */
  readonly server: string;
  readonly major: number;
  /** Files run on the shadow database. */
  readonly files: readonly string[];
}

const APPLICATION = 'pg-flux shadow proof';

type Live = Awaited<ReturnType<typeof inspectLive>>;

/** The model without who-may-do-what (see the header) and without kinds pg-flux does not manage. */
const compared = (s: Schema): Schema => ({ ...s, owners: {}, privileges: {}, defaultPrivileges: {}, unmanaged: [] });

/** What `from` would still need to equal `to`, one drift line per difference (empty: equal). */
const differences = (from: Schema, to: Schema, serverVersionNum: number): string[] => {
  const [a, b] = [compared(from), compared(to)];
  const p = computeChanges(a, b, { serverVersionNum });
  return driftEntries(p, a, b).map((e) => `  ${e.line}${e.sql.length ? `  -- ${e.sql.map((s) => s.split('\n')[0]!.trim()).join('; ')}` : ''}`);
};

/** Run a plan's statements as migrate apply runs a file: before, one transaction, after. */
const runPlan = async (client: Client, statements: readonly Statement[]): Promise<void> => {
  for (const s of statements.filter((x) => x.phase === 'before')) await exec(client, s.sql);
  await exec(client, 'BEGIN');
  try {
    for (const s of statements.filter((x) => x.phase === 'main')) await exec(client, s.sql);
    await exec(client, 'COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  for (const s of statements.filter((x) => x.phase === 'after')) await exec(client, s.sql);
};

/**
 * Roles of the target cluster the shadow server lacks, created there NOLOGIN (no password, no
 * membership, no attribute) so the statements that name them resolve. They are left in place:
 * another proof on the same server may be using them.
 */
const copyRoles = async (roles: readonly string[], shadow: Client, server: ScratchServer): Promise<void> => {
  const have = new Set((await exec<{ r: string }>(shadow, 'SELECT rolname AS r FROM pg_catalog.pg_roles')).rows.map((x) => x.r));
  for (const r of roles) {
    if (have.has(r) || r.startsWith('pg_')) continue;
    // Another proof may create it at the same moment: "already exists" is success.
    await exec(shadow, `CREATE ROLE ${quoteIdent(r)} NOLOGIN`).catch(async (e: unknown) => {
      const now = await exec<{ ok: boolean }>(shadow, 'SELECT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = $1) AS ok', [r]);
      if (now.rows[0]?.ok) return;
      throw new ShadowProofError(`the shadow proof needs the target's role ${quoteIdent(r)} on the shadow server and could not create it there (${cause(e)}): ` +
        'give the shadow DSN\'s role CREATEROLE, or create the target\'s roles there', server.describe);
    });
  }
};

const inspectShadow = async (project: Project, client: Client): Promise<Schema> =>
  (await inspectDatabase(client, { trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}) })).schema;

const cause = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');

/**
 * Clone the target's managed schema into the scratch database at `url` (and, for apply, its
 * tracking rows and before-section progress), and check that the copy equals the target.
 */
const cloneTarget = async (project: Project, live: Live, url: string, server: ScratchServer, copyTracking: boolean): Promise<void> => {
  const s = await connect(url, { applicationName: APPLICATION });
  try {
    await copyRoles(live.roles, s, server);
    const major = Math.floor(live.serverVersionNum / 10000);
    const objects = withoutImplicit(live.schema, { major, currentUser: live.currentUser });
    // Every new database has `public`; a target without it gets none either.
    if (!objects.schemas[DEFAULT_SCHEMA]) await exec(s, `DROP SCHEMA IF EXISTS ${quoteIdent(DEFAULT_SCHEMA)}`);
    try {
      await runPlan(s, createPlan(objects, live.serverVersionNum).steps.flatMap((x) => x.statements));
    } catch (e) {
      throw new ShadowProofError(await scrubbed(project, server, `the shadow proof could not copy the target's schema to ${server.describe}: ${cause(e)}`), server.describe);
    }
    const d = differences(await inspectShadow(project, s), live.schema, live.serverVersionNum);
    if (d.length) {
      throw new ShadowProofError(await scrubbed(project, server,
        `the shadow proof could not copy the target's schema faithfully to ${server.describe}; the copy still differs by:\n${d.join('\n')}`), server.describe);
    }
    if (!copyTracking) return;
    const db = await project.database();
    const t = await connect(db.url, { applicationName: APPLICATION });
    try {
      const schema = project.trackingSchema;
      if (!(await trackingTableExists(t, schema))) return;
      await ensureTrackingTable(s, schema);
      for (const row of await readTrackingRows(t, schema)) await insertTrackingRow(s, schema, row);
      const progress = await readBeforeProgress(t, schema);
      if (progress.size) await ensureBeforeProgress(s, schema);
      for (const [file, p] of progress) {
        await setBeforeDone(s, schema, file, p.checksum, p.done);
        if (p.liveHash) await setBeforeHash(s, schema, file, p.liveHash);
      }
    } finally {
      await t.end().catch(() => undefined);
    }
  } finally {
    await s.end().catch(() => undefined);
  }
};

/** The shadow database after the migrations, against the source. */
const compareWithSource = async (project: Project, url: string, desired: Schema, serverVersionNum: number): Promise<string[]> => {
  const c = await connect(url, { applicationName: APPLICATION });
  try {
    return differences(await inspectShadow(project, c), desired, serverVersionNum);
  } finally {
    await c.end().catch(() => undefined);
  }
};

/** The live target, a scratch server of its major and a fresh database on it, for `fn`. */
const onShadow = async <T>(project: Project, fn: (live: Live, server: ScratchServer, url: string) => Promise<T>): Promise<T> => {
  const live = await inspectLive(project);
  const server = await openScratchServer({ major: Math.floor(live.serverVersionNum / 10000), shadowDsn: project.shadowDsn, projectDir: project.cwd });
  try {
    return await withScratchDatabase(server, (url) => fn(live, server, url));
  } finally {
    await server.close();
  }
};

/** Messages name the shadow server; neither its password nor the target's may appear. */
const scrubbed = async (project: Project, server: ScratchServer, text: string): Promise<string> =>
  redactText(text, [server.adminUrl, (await project.database()).url, ...(project.shadowDsn ? [project.shadowDsn] : [])]);

export interface ProvePendingOptions {
  /** Pending files the real run leaves alone (migrate rebase). */
  readonly skip?: ReadonlySet<string> | undefined;
  readonly statementTimeoutMs?: number | undefined;
  readonly log: (line: string) => void;
}

/**
 * `migrate apply` with a shadow server: run the pending files on a clone of the target and
 * require the source as the result. Throws ShadowProofError (with the failing statement, or the
 * difference); the target is not touched either way.
 */
export const provePending = async (project: Project, opts: ProvePendingOptions): Promise<ProofReport> => onShadow(project, async (live, server, url) => {
  opts.log(`shadow proof on ${server.describe}: copying the target's schema`);
  await cloneTarget(project, live, url, server, true);
  let files: string[];
  try {
    const r = await applyMigrations({
      url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema, toolVersion: toolVersion(),
      // Hazards, baselines and data checks are the target's: the copy has no rows to protect.
      allowHazards: 'all', preflight: false, applicationName: APPLICATION, log: () => undefined,
      ...(opts.skip ? { skip: opts.skip } : {}),
      ...(opts.statementTimeoutMs !== undefined ? { statementTimeoutMs: opts.statementTimeoutMs } : {}),
    });
    files = r.applied.map((a) => a.file);
  } catch (e) {
    // The runner's message describes the copy ("committed", "resumed"): said of the copy, indented.
    throw new ShadowProofError(await scrubbed(project, server,
      `refusing to apply: the pending migrations fail on a copy of the target (${server.describe}); nothing was applied to the target. On the copy:\n` +
      `${indent(cause(e))}\nfix the file (the copy is dropped; the target is as it was) and run pg-flux migrate apply again`), server.describe);
  }
  const desired = await canonicaliseDesired(project, await parseDesired(project), { major: server.major, currentUser: live.currentUser });
  const d = await compareWithSource(project, url, desired, live.serverVersionNum);
  if (d.length) {
    throw new ShadowProofError(await scrubbed(project, server,
      `refusing to apply: after the pending migrations a copy of the target (${server.describe}) differs from ${project.schemaDir}/; nothing was applied to the target; ` +
      `the copy would still need:\n${d.join('\n')}\nregenerate the migration (pg-flux migrate generate, or pg-flux migrate rebase), or bring ${project.schemaDir}/ in line with it`), server.describe);
  }
  opts.log(`shadow proof passed on ${server.describe}: ${files.length} pending migration(s) give exactly ${project.schemaDir}/`);
  return { server: server.describe, major: server.major, files };
});

/**
 * `migrate generate`: run the new file's text on a clone of the target and require `desired` as
 * the result. Returns the header line recording the proof.
 */
export const proveNewMigration = async (project: Project, file: { readonly name: string; readonly text: string }, desired: Schema): Promise<string> => onShadow(project, async (live, server, url) => {
  await cloneTarget(project, live, url, server, false);
  const dir = await mkdtemp(join(tmpdir(), 'pgflux-proof-'));
  try {
    // Under its own name, so a failure names the file the user would have got.
    await writeFile(join(dir, file.name), file.text);
    await applyMigrations({
      url, migrationsDir: dir, trackingSchema: project.trackingSchema, toolVersion: toolVersion(),
      allowHazards: 'all', preflight: false, applicationName: APPLICATION, log: () => undefined,
    });
  } catch (e) {
    // The runner names the file by its path: here a temporary one, so only its name is shown.
    const said = cause(e).split(`${dir}/`).join('');
    throw new ShadowProofError(await scrubbed(project, server,
      `the new migration fails on a copy of the target (${server.describe}); nothing was written. On the copy:\n${indent(said)}\n` +
      'this is a bug in the plan or a server limit the plan does not know; pass --no-prove to write the file anyway'), server.describe);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const d = await compareWithSource(project, url, desired, live.serverVersionNum);
  if (d.length) {
    throw new ShadowProofError(await scrubbed(project, server,
      `the new migration does not reach ${project.schemaDir}/ on a copy of the target (${server.describe}); nothing was written; the copy would still need:\n${d.join('\n')}\n` +
      'pass --no-prove to write the file anyway'), server.describe);
  }
  return `-- proof: applied to a copy of the target on PostgreSQL ${server.major}, the result equals ${project.schemaDir}/ (owners and grants not compared)`;
});
