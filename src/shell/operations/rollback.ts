/**
 * migrate rollback [N]: run the undo of the last N applied migrations, newest first, each in a
 * transaction together with the removal of its tracking row. Everything is checked before the
 * first undo runs — each file is present and unedited, has an undo, and the undo's hazards are
 * allowed — so a rollback never stops half-way on something it could have known, and it never
 * skips a migration that cannot be undone to roll back an older one.
 */
import { performance } from 'node:perf_hooks';
import { schemaHash, schemaHashIgnoringColumnOrder } from '../../core/model/compare.js';
import { checksum, PHASES, type MigrationFile, type MigrationStatement } from '../runner/migration-file.js';
import { readMigrationsDir, validateMigrationsDir } from '../runner/migrations-dir.js';
import { deleteTrackingRow, readTrackingRows, trackingTableExists } from '../runner/tracking-table.js';
import { withLockedSession } from '../runner/locked-session.js';
import { findUndo, type UndoInfo } from '../runner/undo.js';
import { failure } from '../runner/apply.js';
import { exec, type Client } from '../db/connect.js';
import { inspectLive, requireCoverage } from './compute-plan.js';
import type { AllowedHazards } from './hazards.js';
import type { Project } from './project.js';

export class RollbackError extends Error {
  constructor(message: string) { super(message); this.name = 'RollbackError'; }
}

/** Exit 5, like every refusal of hazards that were not allowed. */
export class UndoHazardError extends Error {
  constructor(message: string) { super(message); this.name = 'HazardError'; }
}

export interface RollbackOptions {
  readonly count: number;
  readonly dryRun?: boolean | undefined;
  readonly forceAfterDrift?: boolean | undefined;
  readonly allowHazards: AllowedHazards;
  readonly log?: ((line: string) => void) | undefined;
}

export interface RollbackReport {
  readonly rolledBack: readonly RolledBack[];
  /** A dry run does not refuse hazards: it shows the SQL and this refusal (exit 5). */
  readonly refused: UndoHazardError | null;
}

export interface RolledBack {
  readonly file: string;
  readonly undo: string;
  readonly durationMs: number;
  /** What a dry run would run. */
  readonly sql?: string;
  /** What the undo declares it cannot bring back. */
  readonly lost: readonly string[];
}

const byApplied = (a: { appliedAt: string; filename: string }, b: { appliedAt: string; filename: string }): number =>
  a.appliedAt !== b.appliedAt ? (a.appliedAt < b.appliedAt ? 1 : -1) : a.filename < b.filename ? 1 : a.filename > b.filename ? -1 : 0;

/** `-- DATA_LOSS: drops ...` lines the emitter writes before hazardous statements. */
const hazardNotes = (text: string, types: ReadonlySet<string>): string[] =>
  text.split('\n').filter((l) => /^-- [A-Z_]+: /.test(l) && types.has(l.slice(3, l.indexOf(':'))));

const sqlOf = (file: MigrationFile): string =>
  PHASES.filter((p) => file.sections[p].length > 0)
    .map((p) => [`-- ${p === 'main' ? 'transaction' : `${p}-transaction`}`, ...file.sections[p].map((s) => `${s.sql};`)].join('\n')).join('\n');

export const rollbackOperation = async (project: Project, opts: RollbackOptions): Promise<RollbackReport> => {
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const files = await readMigrationsDir(project.migrationsPath, project.migrationsDir);
  const byName = new Map(files.map((f) => [f.name, f]));
  const db = await project.database();
  await requireCoverage(project);
  const log = opts.log ?? (() => undefined);
  const session = { url: db.url, trackingSchema: project.trackingSchema, command: 'migrate rollback', createTable: false, log,
    lockWaitMs: (project.setting('migrate.lock_wait') as number | null) ?? undefined };
  return withLockedSession(session, async (client) => {
    const rows = (await trackingTableExists(client, project.trackingSchema)) ? await readTrackingRows(client, project.trackingSchema) : [];
    if (rows.length === 0) throw new RollbackError('nothing to roll back: no migration is recorded as applied in this database');
    const newest = [...rows].sort(byApplied).slice(0, opts.count);
    if (newest.length < opts.count) log(`warning: only ${newest.length} migration(s) are applied; rolling back all of them`);

    // Check everything before running anything.
    const undos: { row: (typeof rows)[number]; undo: UndoInfo }[] = [];
    for (const [i, row] of newest.entries()) {
      const f = byName.get(row.filename);
      const stop = (why: string): never => {
        throw new RollbackError(`cannot roll back ${row.filename}: ${why}. Nothing was rolled back` +
          (i > 0 ? ` (pg-flux migrate rollback ${i} rolls back the ${i === 1 ? 'newer one' : `${i} newer ones`} only)` : ''));
      };
      if (!f) stop(`its file is missing from ${project.migrationsDir}/ (restore it from version control)`);
      if (checksum(f!.bytes) !== row.checksum) stop('the file was edited after it was applied (restore it, or accept the edit with pg-flux migrate repair)');
      if (row.pendingAfter > 0) stop(`it is incomplete (${row.pendingAfter} after-transaction statement(s) still to run): finish it with pg-flux migrate apply first`);
      const undo = await findUndo(project.migrationsPath, row.filename, f!.bytes.toString('utf8'));
      if (undo === null) stop('it has no undo (no -- +migrate Down part and no ' + row.filename.replace(/\.sql$/, '_undo.sql') + '; generate migrations with --generate-undo to get one)');
      undos.push({ row, undo: undo! });
    }
    const blocked = undos.flatMap(({ row, undo }) => undo.hazards
      .filter((h) => opts.allowHazards !== 'all' && !opts.allowHazards.has(h as never)).map((h) => ({ row, undo, h })));
    let refused: UndoHazardError | null = null;
    if (blocked.length > 0) {
      const types = [...new Set(blocked.map((b) => b.h))].sort();
      const notes = [...new Set(blocked.flatMap((b) => hazardNotes(b.undo.text, new Set(types)).map((n) => `  ${b.row.filename}: ${n.slice(3)}`)))];
      refused = new UndoHazardError([`refusing to roll back: the undo has hazards that were not allowed (${types.join(', ')}):`, ...notes,
        `pass --allow-hazards ${types.join(',')} (or --allow-hazards all) after reviewing them`].join('\n'));
      if (!opts.dryRun) throw refused;
    }

    const done: RolledBack[] = [];
    let previousTarget: string | null = null;
    for (const { row, undo } of undos) {
      for (const l of undo.lost) log(`note: ${row.filename}: ${l}`);
      await checkState(project, row.filename, undo, previousTarget, opts, log);
      previousTarget = undo.target;
      if (opts.dryRun) { done.push({ file: row.filename, undo: undo.path, durationMs: 0, sql: sqlOf(undo.file), lost: undo.lost }); continue; }
      const t0 = performance.now();
      await runUndo(client, project.trackingSchema, row.filename, undo.file);
      done.push({ file: row.filename, undo: undo.path, durationMs: Math.round(performance.now() - t0), lost: undo.lost });
    }
    return { rolledBack: done, refused };
  });
};

/** The live schema must be what the migration left (its undo's baseline), unless forced. */
const checkState = async (project: Project, file: string, undo: UndoInfo, previousTarget: string | null, opts: RollbackOptions, log: (l: string) => void): Promise<void> => {
  if (undo.baseline === null || undo.baseline === previousTarget) return;
  const schema = (await inspectLive(project)).schema;
  // Columns added by a migration come last in the table, whatever the source's order.
  const [expected, live] = undo.expects !== null ? [undo.expects, schemaHashIgnoringColumnOrder(schema)] : [undo.baseline, schemaHash(schema)];
  if (live === expected) return;
  const msg = `the live schema is not what ${file} left (expected=${expected.slice(0, 12)}…, live=${live.slice(0, 12)}…): ` +
    'something changed it since; pg-flux drift shows what';
  if (!opts.forceAfterDrift) throw new RollbackError(`refusing to roll back ${file}: ${msg}. Pass --force-after-drift to run its undo anyway`);
  log(`warning: rolling back ${file} although ${msg} (--force-after-drift)`);
};

const runUndo = async (client: Client, schema: string, name: string, file: MigrationFile): Promise<void> => {
  const run = async (stmt: MigrationStatement, phase: 'before' | 'main' | 'after'): Promise<void> => {
    try { await exec(client, stmt.sql); } catch (e) { throw failure(file, stmt, phase, e); }
  };
  for (const s of file.sections.before) await run(s, 'before');
  await exec(client, 'BEGIN');
  try {
    for (const s of file.sections.main) await run(s, 'main');
    await deleteTrackingRow(client, schema, name);
    await exec(client, 'COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  for (const s of file.sections.after) await run(s, 'after');
};
