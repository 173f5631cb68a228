/**
 * migrate baseline FILE / --up-to FILE: record migration files as applied without running them,
 * for adopting pg-flux on a database that already has the schema. It must not lie: the file must
 * exist and not be applied yet, and the live schema must be what the file produces (its
 * `target:` hash) unless --force.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { schemaHash } from '../../core/model/compare.js';
import { checksum } from '../runner/migration-file.js';
import { parseForward } from '../runner/combined-format.js';
import { statementsChecksum } from '../runner/fingerprint.js';
import { readMigrationsDir, validateMigrationsDir } from '../runner/migrations-dir.js';
import { classifyMigrations } from '../runner/status.js';
import { insertTrackingRow, readTrackingRows } from '../runner/tracking-table.js';
import { withLockedSession } from '../runner/locked-session.js';
import { exec } from '../db/connect.js';
import { toolVersion } from '../version.js';
import { inspectLive } from './compute-plan.js';
import type { Project } from './project.js';

export class BaselineError extends Error {
  constructor(message: string) { super(message); this.name = 'BaselineError'; }
}

export interface BaselineOptions {
  /** Mark only this file (a name, or a path into the migrations directory). */
  readonly file?: string | undefined;
  /** Mark every pending file up to and including this one. */
  readonly upTo?: string | undefined;
  readonly force?: boolean | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface BaselineReport {
  readonly marked: readonly string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The file name a FILE argument means; a path must point into the migrations directory. */
const resolveName = async (project: Project, arg: string, names: readonly string[]): Promise<string> => {
  const name = basename(arg);
  if (arg.includes('/')) {
    const dir = await realpath(dirname(resolve(project.cwd, arg))).catch(() => dirname(resolve(project.cwd, arg)));
    const mine = await realpath(project.migrationsPath).catch(() => project.migrationsPath);
    if (dir !== mine) throw new BaselineError(`${arg} is not in the migrations directory ${project.migrationsDir}/`);
  }
  if (!names.includes(name)) {
    const near = names.filter((n) => n.startsWith(name.slice(0, 8))).slice(0, 3);
    throw new BaselineError(`${arg} does not exist in ${project.migrationsDir}/${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  return name;
};

export const baselineOperation = async (project: Project, opts: BaselineOptions): Promise<BaselineReport> => {
  if ((opts.file === undefined) === (opts.upTo === undefined))
    throw new BaselineError('name what to mark: pg-flux migrate baseline FILE (that file only), or --up-to FILE (every pending file up to it)');
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const files = await readMigrationsDir(project.migrationsPath, project.migrationsDir);
  const names = files.map((f) => f.name);
  const target = await resolveName(project, (opts.file ?? opts.upTo)!, names);
  const log = opts.log ?? (() => undefined);
  const db = await project.database();
  return withLockedSession({ url: db.url, trackingSchema: project.trackingSchema, command: 'migrate baseline', lockWaitMs: project.setting('migrate.lock_wait') as number | undefined, log }, async (client) => {
    const rows = await readTrackingRows(client, project.trackingSchema);
    const entries = classifyMigrations(files.map((f) => ({ name: f.name, checksum: checksum(f.bytes) })), rows);
    const mine = entries.find((e) => e.file === target)!;
    if (mine.state !== 'pending') throw new BaselineError(`${target} is already applied (recorded ${mine.appliedAt}); nothing to mark`);
    const pending = entries.filter((e) => e.state === 'pending');
    const chosen = opts.file !== undefined ? [target] : pending.map((e) => e.file).filter((n) => byName(n, target) <= 0);
    const byFile = new Map(files.map((f) => [f.name, f]));
    const parsed = chosen.map((n) => parseForward(byFile.get(n)!.path, byFile.get(n)!.bytes.toString('utf8')));
    const last = parsed.at(-1)!;

    // The database must already be what the file produces.
    const expected = last.header?.target ?? null;
    const live = schemaHash((await inspectLive(project)).schema);
    if (expected === null && !opts.force)
      throw new BaselineError(`${target} has no pg-flux header, so pg-flux cannot check that the database already has what it does; ` +
        'check by hand, then pass --force');
    if (expected !== null && expected !== live && !opts.force)
      throw new BaselineError(`refusing to mark ${target} as applied: the live schema is not what it produces ` +
        `(target=${expected.slice(0, 12)}…, live=${live.slice(0, 12)}…). Apply it instead (pg-flux migrate apply), or, ` +
        'if the difference is known and intended, pass --force');
    const earlier = pending.filter((e) => byName(e.file, chosen[0]!) < 0).map((e) => e.file);
    if (earlier.length > 0)
      log(`warning: ${earlier.join(', ')} ${earlier.length === 1 ? 'sorts' : 'sort'} before ${chosen[0]} and ${earlier.length === 1 ? 'is' : 'are'} still pending; ` +
        'they are now out of order (mark them too with --up-to, or apply them)');

    await exec(client, 'BEGIN');
    try {
      for (const f of parsed) {
        await insertTrackingRow(client, project.trackingSchema, {
          filename: f.name, checksum: checksum(byFile.get(f.name)!.bytes), durationMs: 0, baseline: f.header?.baseline ?? null,
          target: f.header?.target ?? null, toolVersion: toolVersion(), pendingAfter: 0, statementsChecksum: statementsChecksum(f), baselined: true,
        });
      }
      await exec(client, 'COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return { marked: chosen };
  });
};
