import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flag, parseCommandArgs, type Options } from '../args.js';
import type { Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { withProject } from './with-project.js';
import { migrationStatus, type MigrationStatusEntry } from '../../shell/runner/status.js';
import { validateMigrationsDir } from '../../shell/runner/migrations-dir.js';
import { findUndo } from '../../shell/runner/undo.js';
import { lastApplied } from '../../shell/runner/history.js';

export const OPTIONS = { json: { type: 'boolean' } } as const satisfies Options;

/** `2026-05-20 10:33:01 UTC` */
const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const detail = (e: MigrationStatusEntry, last: string | null): string => {
  switch (e.state) {
    case 'applied': return `${when(e.appliedAt!)} ${e.baselined ? '(baselined: recorded, not run)' : `(${e.durationMs} ms)`}`;
    case 'pending': return e.outOfOrder ? `(out-of-order migration: sorts before ${last}, already applied; see pg-flux migrate apply --dry-run)` : '';
    case 'modified': return `(edited after it was applied on ${when(e.appliedAt!)}: restore it, or pg-flux migrate repair)`;
    case 'incomplete': return `(${e.pendingAfter} after-transaction statement(s) still to run: pg-flux migrate apply resumes it)`;
    case 'missing': return `(applied ${when(e.appliedAt!)}, but no file in this checkout: another branch's migration?)`;
  }
};

export const runStatus = async (argv: readonly string[], io: Io): Promise<number> => {
  const p = parseCommandArgs(argv, OPTIONS);
  return withProject(p, io, async (project) => {
    await validateMigrationsDir(project.migrationsPath, project.migrationsDir);
    const db = await project.database();
    const rows = await migrationStatus({ url: db.url, migrationsDir: project.migrationsPath, trackingSchema: project.trackingSchema });
    const undo = new Map<string, boolean>();
    for (const r of rows) {
      if (r.state === 'missing') { undo.set(r.file, false); continue; }
      const text = await readFile(join(project.migrationsPath, r.file), 'utf8');
      undo.set(r.file, (await findUndo(project.migrationsPath, r.file, text)) !== null);
    }
    if (flag(p, 'json')) {
      io.out(JSON.stringify(rows.map((r) => ({
        file: r.file, state: r.state, appliedAt: r.appliedAt, durationMs: r.durationMs, baselined: r.baselined,
        outOfOrder: r.outOfOrder, pendingAfter: r.pendingAfter, undo: undo.get(r.file) ?? false,
      })), null, 2));
      return EXIT.OK;
    }
    if (rows.length === 0) { io.out(`No migrations in ${project.migrationsDir}/ and none recorded as applied`); return EXIT.OK; }
    const width = Math.max(...rows.map((r) => r.file.length));
    const last = lastApplied(rows);
    for (const r of rows) {
      const d = detail(r, last);
      io.out([r.file.padEnd(width), r.state.padEnd(10), d, undo.get(r.file) ? '[undo]' : ''].filter(Boolean).join('  ').trimEnd());
    }
    const count = (s: string): number => rows.filter((r) => r.state === s).length;
    const parts = ['applied', 'pending', 'modified', 'incomplete', 'missing'].filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
    io.out(`-- ${parts.join(', ')}`);
    return EXIT.OK;
  });
};
