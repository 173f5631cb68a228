/**
 * migrate repair [--file F]: accept edits of applied files by recording their new checksums.
 * Only edits that do not change what the file does are accepted (comments, blank lines, layout,
 * keyword case: the statement fingerprint recorded at apply time still matches); an edit that
 * would make a fresh database differ from one that ran the old text is refused unless --force.
 */
import { checksum } from '../runner/migration-file.js';
import { parseForward } from '../runner/combined-format.js';
import { statementsChecksum } from '../runner/fingerprint.js';
import { readMigrationsDir, validateMigrationsDir } from '../runner/migrations-dir.js';
import { classifyMigrations } from '../runner/status.js';
import { readTrackingRows, updateChecksums } from '../runner/tracking-table.js';
import { withLockedSession } from '../runner/locked-session.js';
import { exec } from '../db/connect.js';
import type { Project } from './project.js';

export class RepairError extends Error {
  constructor(message: string) { super(message); this.name = 'RepairError'; }
}

export interface RepairOptions {
  readonly file?: string | undefined;
  readonly force?: boolean | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface Repaired {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** True when the statements are unchanged (only comments or layout were edited). */
  readonly cosmetic: boolean;
}

const short = (h: string): string => `${h.slice(0, 12)}…`;

export const repairOperation = async (project: Project, opts: RepairOptions): Promise<readonly Repaired[]> => {
  await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
  const files = await readMigrationsDir(project.migrationsPath, project.migrationsDir);
  const db = await project.database();
  return withLockedSession({ url: db.url, trackingSchema: project.trackingSchema, command: 'migrate repair', lockWaitMs: (project.setting('migrate.lock_wait') as number | null) ?? undefined, ...(opts.log ? { log: opts.log } : {}) }, async (client) => {
    const rows = await readTrackingRows(client, project.trackingSchema);
    const entries = classifyMigrations(files.map((f) => ({ name: f.name, checksum: checksum(f.bytes) })), rows);
    const wanted = opts.file === undefined ? null : opts.file.replace(/^.*\//, '');
    if (wanted !== null) {
      const e = entries.find((x) => x.file === wanted);
      if (!e) throw new RepairError(`${opts.file} is neither in ${project.migrationsDir}/ nor recorded as applied`);
      if (e.state === 'pending') throw new RepairError(`${wanted} is not applied yet: there is no recorded checksum to repair`);
      if (e.state === 'missing') throw new RepairError(`${wanted} is recorded as applied but the file is missing from ${project.migrationsDir}/: restore it from version control`);
    }
    const modified = entries.filter((e) => e.state === 'modified' && (wanted === null || e.file === wanted));
    const byName = new Map(files.map((f) => [f.name, f]));
    const rowOf = new Map(rows.map((r) => [r.filename, r]));
    const plan = modified.map((e) => {
      const f = byName.get(e.file)!;
      const fingerprint = statementsChecksum(parseForward(f.path, f.bytes.toString('utf8')));
      const recorded = rowOf.get(e.file)!.statementsChecksum ?? null;
      return { file: e.file, from: e.recordedChecksum!, to: e.checksum!, fingerprint, cosmetic: recorded === fingerprint, recorded };
    });
    const changed = plan.filter((p) => !p.cosmetic);
    if (changed.length > 0 && !opts.force) {
      throw new RepairError([
        ...changed.map((p) => p.recorded === null
          ? `${p.file} was applied by a pg-flux that did not record what its statements were, so pg-flux cannot tell whether the edit changes them`
          : `${p.file} now does something else than what ran on this database: its statements changed, not only comments or layout`),
        'A database that ran the old text and one that runs the new one would differ. Restore the file from version control and put the ' +
          'change in a new migration (pg-flux migrate generate); or, if this database already has the new effect, pass --force.',
      ].join('\n'));
    }
    if (plan.length === 0) return [];
    await exec(client, 'BEGIN');
    try {
      for (const p of plan) await updateChecksums(client, project.trackingSchema, p.file, p.to, p.fingerprint);
      await exec(client, 'COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return plan.map((p) => ({ file: p.file, from: short(p.from), to: short(p.to), cosmetic: p.cosmetic }));
  });
};
