/**
 * Where each migration stands: the files on disk compared with the tracking table. The pure
 * `classifyMigrations` is shared with `applyMigrations`, so `status` and `apply` can never
 * disagree about what is applied, pending or modified.
 */
import { connect } from '../db/connect.js';
import { checksum, listMigrationFiles } from './migration-file.js';
import { DEFAULT_TRACKING_SCHEMA, readTrackingRows, trackingTableExists, type TrackingRow } from './tracking-table.js';

export type MigrationState = 'applied' | 'pending' | 'modified' | 'incomplete' | 'missing';

export interface MigrationStatusEntry {
  readonly file: string;
  readonly state: MigrationState;
  /** ISO-8601 time the row was recorded, or null when not applied. */
  readonly appliedAt: string | null;
  /** How long applying took (null when not applied; 0 for a baselined file). */
  readonly durationMs: number | null;
  /** Recorded by `migrate baseline` rather than run. */
  readonly baselined: boolean;
  /** Pending, but sorts before the last applied file (out-of-order: apply warns, or refuses with --strict-order). */
  readonly outOfOrder: boolean;
  /** sha256 of the file on disk (null when missing) and as recorded (null when not applied). */
  readonly checksum: string | null;
  readonly recordedChecksum: string | null;
  /** After-transaction statements still to run (incomplete files). */
  readonly pendingAfter: number;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Classify files against rows. A modified file is reported as modified even when it is also
 * incomplete: its recorded progress no longer describes the text on disk.
 */
export const classifyMigrations = (
  files: readonly { name: string; checksum: string }[],
  rows: readonly TrackingRow[],
): MigrationStatusEntry[] => {
  const rowByName = new Map(rows.map((r) => [r.filename, r]));
  const onDisk = new Set(files.map((f) => f.name));
  const lastApplied = rows.reduce<string | null>((max, r) => (max === null || byName(r.filename, max) > 0 ? r.filename : max), null);
  const entries: MigrationStatusEntry[] = files.map((f) => {
    const row = rowByName.get(f.name);
    if (!row)
      return { file: f.name, state: 'pending', appliedAt: null, durationMs: null, baselined: false,
        outOfOrder: lastApplied !== null && byName(f.name, lastApplied) < 0, checksum: f.checksum, recordedChecksum: null, pendingAfter: 0 };
    const state: MigrationState = row.checksum !== f.checksum ? 'modified' : row.pendingAfter > 0 ? 'incomplete' : 'applied';
    return { file: f.name, state, appliedAt: row.appliedAt, durationMs: row.durationMs, baselined: row.baselined ?? false, outOfOrder: false,
      checksum: f.checksum, recordedChecksum: row.checksum, pendingAfter: row.pendingAfter };
  });
  for (const r of rows)
    if (!onDisk.has(r.filename))
      entries.push({ file: r.filename, state: 'missing', appliedAt: r.appliedAt, durationMs: r.durationMs, baselined: r.baselined ?? false,
        outOfOrder: false, checksum: null, recordedChecksum: r.checksum, pendingAfter: r.pendingAfter });
  return entries.sort((a, b) => byName(a.file, b.file));
};

/** Read-only: never creates the tracking table and takes no lock. */
export const migrationStatus = async (opts: {
  url: string; migrationsDir: string; trackingSchema?: string;
}): Promise<MigrationStatusEntry[]> => {
  const schema = opts.trackingSchema ?? DEFAULT_TRACKING_SCHEMA;
  const files = (await listMigrationFiles(opts.migrationsDir)).map((f) => ({ name: f.name, checksum: checksum(f.bytes) }));
  const client = await connect(opts.url);
  try {
    const rows = (await trackingTableExists(client, schema)) ? await readTrackingRows(client, schema) : [];
    return classifyMigrations(files, rows);
  } finally {
    await client.end().catch(() => undefined);
  }
};
