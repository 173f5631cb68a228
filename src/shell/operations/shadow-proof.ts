/**
 * The shadow proof: before pending migrations touch the target, the target's schema is cloned
 * into a scratch database on a server of its major (--shadow-dsn / PGFLUX_SHADOW_DSN, else the
 * project's embedded server of that major), the files run there exactly as `migrate apply` will
 * run them (same runner, same sections, the target's tracking rows copied so only what is
 * pending runs), and the result must equal the source. The clone is made by the planner itself:
 * the plan from an empty database to the live model, emitted and run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import { schemaHash } from '../../core/model/compare.js';
import { plan as computePlan } from '../../core/plan/plan.js';
import type { Plan, Statement } from '../../core/model/plan.js';
import type { ChangeKind } from '../../core/model/change.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';
import { connect, exec, type Client } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import { redactText } from '../db/redact.js';
import { openScratchServer, withScratchDatabase, type ScratchServer } from '../canonicalise/scratch-server.js';
import { applyMigrations } from '../runner/apply.js';
import { DEFAULT_TRACKING_SCHEMA, ensureTrackingTable, insertTrackingRow, readTrackingRows, trackingTableExists } from '../runner/tracking-table.js';
import { toolVersion } from '../version.js';
import { canonicaliseDesired, inspectLive, parseDesired } from './compute-plan.js';
import type { Project } from './project.js';

export class ShadowProofError extends Error {
  constructor(message: string) { super(message); this.name = 'ShadowProofError'; }
}

export interface ProofReport {
  /** Where it ran (for messages and the generated file's header). */
  readonly server: string;
  readonly major: number;
  /** Files run on the shadow database. */
  readonly files: readonly string[];
}

/** Who may do what is proven on the target only: a scratch server has other roles and owners. */
const NOT_COMPARED: ReadonlySet<ChangeKind> = new Set(['set_owner', 'grant', 'revoke', 'set_default_privileges']);

const differences = (p: Plan): string[] =>
  p.steps.filter((s) => !NOT_COMPARED.has(s.change.kind)).flatMap((s) => s.statements.map((x) => `  ${x.sql.split('\n')[0]!.trim()}${x.sql.includes('\n') ? ' ...' : ''};`));

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

/** Roles of the target cluster that the shadow server lacks, created there (NOLOGIN) so owners and grants resolve. */
const copyRoles = async (target: Client, shadow: Client): Promise<void> => {
  const wanted = (await exec<{ r: string }>(target, "SELECT rolname AS r FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_'")).rows.map((x) => x.r);
  const have = new Set((await exec<{ r: string }>(shadow, 'SELECT rolname AS r FROM pg_catalog.pg_roles')).rows.map((x) => x.r));
  for (const r of wanted) if (!have.has(r)) await exec(shadow, `CREATE ROLE ${quoteIdent(r)} NOLOGIN`).catch(() => undefined);
};

interface Clone { readonly url: string; readonly live: Schema; readonly serverVersionNum: number }

/** Clone the target's managed schema (and its tracking rows) into the scratch database at `url`. */
const cloneTarget = async (project: Project, url: string, copyTracking: boolean): Promise<Clone> => {
  const target = await project.database();
  const live = await inspectLive(project);
  const [t, s] = [await connect(target.url), await connect(url, { applicationName: 'pg-flux shadow proof' })];
  try {
    await copyRoles(t, s);
    const clone = computePlan(emptySchema(), live.schema, { serverVersionNum: live.serverVersionNum, currentUser: live.currentUser });
    await runPlan(s, clone.steps.flatMap((x) => x.statements));
    const copied = (await inspectDatabase(s, { trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}) })).schema;
    if (schemaHash(copied) !== schemaHash(live.schema)) {
      const left = computePlan(copied, live.schema, { serverVersionNum: live.serverVersionNum });
      const d = differences(left);
      if (d.length) throw new ShadowProofError(`the shadow proof could not copy the target's schema faithfully; it still differs by:\n${d.join('\n')}`);
    }
    const schema = project.trackingSchema ?? DEFAULT_TRACKING_SCHEMA;
    if (copyTracking && (await trackingTableExists(t, schema))) {
      await ensureTrackingTable(s, schema);
      for (const row of await readTrackingRows(t, schema)) await insertTrackingRow(s, schema, row);
    }
    return { url, live: live.schema, serverVersionNum: live.serverVersionNum };
  } finally {
    await t.end().catch(() => undefined);
    await s.end().catch(() => undefined);
  }
};

/** Compare the shadow database after the migrations with the source. */
const compareWithSource = async (project: Project, clone: Clone, desired: Schema | null): Promise<string[]> => {
  const c = await connect(clone.url);
  let after: Schema;
  try {
    after = (await inspectDatabase(c, { trackingSchema: project.trackingSchema, ...(project.schemas ? { schemas: project.schemas } : {}) })).schema;
  } finally {
    await c.end().catch(() => undefined);
  }
  const want = desired ?? await canonicaliseDesired(project, await parseDesired(project), { major: Math.floor(clone.serverVersionNum / 10000), currentUser: '' });
  return differences(computePlan(after, want, { serverVersionNum: clone.serverVersionNum }));
};

const withServer = async <T>(project: Project, fn: (server: ScratchServer) => Promise<T>): Promise<T> => {
  const live = await inspectLive(project);
  const server = await openScratchServer({ major: Math.floor(live.serverVersionNum / 10000), shadowDsn: project.shadowDsn, projectDir: project.cwd });
  try { return await fn(server); } finally { await server.close(); }
};

/**
 * `migrate apply --shadow-dsn`: run the pending files on a clone of the target and require the
 * source as the result. Throws ShadowProofError (with the difference, or the failing statement).
 */
export const provePending = async (project: Project, log: (l: string) => void): Promise<ProofReport> => withServer(project, async (server) => {
  log(`shadow proof on ${server.describe}: copying the target's schema`);
  return withScratchDatabase(server, async (url) => {
    const clone = await cloneTarget(project, url, true);
    let files: string[] = [];
    try {
      const r = await applyMigrations({
        url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema, toolVersion: toolVersion(),
        allowHazards: 'all', preflight: false, applicationName: 'pg-flux shadow proof', log: () => undefined,
      });
      files = r.applied.map((a) => a.file);
    } catch (e) {
      throw new ShadowProofError(`refusing to apply: the pending migrations fail on the shadow database (${server.describe}), so nothing touched the target:\n${redactText(e instanceof Error ? e.message : String(e), [server.adminUrl])}`);
    }
    const d = await compareWithSource(project, clone, null);
    if (d.length) {
      throw new ShadowProofError(`refusing to apply: after the pending migrations the shadow database (${server.describe}) differs from ${project.schemaDir}/; ` +
        `it would still need:\n${d.join('\n')}\nRegenerate the migration (pg-flux migrate generate), or bring ${project.schemaDir}/ in line with it`);
    }
    log(`shadow proof passed on ${server.describe}: ${files.length} pending migration(s) give exactly ${project.schemaDir}/`);
    return { server: server.describe, major: server.major, files };
  });
});

/**
 * `migrate generate`: run the new file's text on a clone of the target and require `desired` as
 * the result. Returns the header line recording the proof.
 */
export const proveNewMigration = async (project: Project, text: string, desired: Schema): Promise<string> => withServer(project, async (server) =>
  withScratchDatabase(server, async (url) => {
    const clone = await cloneTarget(project, url, false);
    const dir = await mkdtemp(join(tmpdir(), 'pgflux-proof-'));
    try {
      await writeFile(join(dir, '99999999_999999_proof.sql'), text);
      try {
        await applyMigrations({ url, migrationsDir: dir, trackingSchema: project.trackingSchema, toolVersion: toolVersion(), allowHazards: 'all', preflight: false, applicationName: 'pg-flux shadow proof', log: () => undefined });
      } catch (e) {
        throw new ShadowProofError(`the new migration fails on a copy of the target (${server.describe}); nothing was written:\n${e instanceof Error ? e.message : String(e)}\n` +
          'fix the schema, or pass --no-prove to write it anyway');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const d = await compareWithSource(project, clone, desired);
    if (d.length) throw new ShadowProofError(`the new migration does not reach ${project.schemaDir}/ on a copy of the target (${server.describe}); it would still need:\n${d.join('\n')}\nnothing was written; pass --no-prove to write it anyway`);
    return `-- proof: applied to a copy of the target on PostgreSQL ${server.major}, the result equals ${project.schemaDir}/`;
  }));
