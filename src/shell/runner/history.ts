/**
 * What the migration history on disk and in the tracking table say before anything runs:
 * applied files edited afterwards (an error, with the repair command), pending files that sort
 * before the newest applied one (out-of-order: a warning with the step-by-step fix, or an error
 * under --strict-order), tracked files missing from this checkout (a warning). Shared by apply
 * (dry run included) and status, so the two always tell the same story.
 */
import type { MigrationStatusEntry } from './status.js';

export class ModifiedMigrationError extends Error {
  constructor(message: string) { super(message); this.name = 'ModifiedMigrationError'; }
}

export class OutOfOrderError extends Error {
  constructor(message: string) { super(message); this.name = 'OutOfOrderError'; }
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const lastApplied = (entries: readonly MigrationStatusEntry[]): string | null =>
  entries.filter((e) => e.appliedAt !== null).map((e) => e.file).sort(byName).at(-1) ?? null;

/** The steps a developer takes when their migration was generated in parallel with a teammate's. */
export const parallelBranchSteps = (files: readonly string[]): string[] => [
  '  1. git pull origin main       # bring your teammates\' migration files into this branch',
  '  2. pg-flux migrate apply      # apply theirs to this database (where it can)',
  `  3. pg-flux migrate rebase     # regenerate yours on top of theirs with a new timestamp (${files.join(', ')}; it first undoes yours if it is applied here, and applies theirs if step 2 could not)`,
  '  4. git add migrations/ && git commit -m "rebase: regenerate migration after teammate\'s changes"',
];

/** One warning (or error text) for every out-of-order pending file, steps printed once. */
export const outOfOrderMessage = (entries: readonly MigrationStatusEntry[]): string | null => {
  const late = entries.filter((e) => e.state === 'pending' && e.outOfOrder).map((e) => e.file);
  if (late.length === 0) return null;
  const last = lastApplied(entries)!;
  const which = late.length === 1 ? `${late[0]} sorts` : `${late.join(', ')} sort`;
  return [
    `out-of-order migration: ${which} before ${last}, which is already applied. ` +
      `${late.length === 1 ? 'It was' : 'They were'} probably generated on a parallel branch against an older schema. To fix it:`,
    ...parallelBranchSteps(late),
  ].join('\n');
};

export interface HistoryCheck {
  /** Printable warnings (without the `warning: ` prefix). */
  readonly warnings: readonly string[];
}

/**
 * Refuse edited history; warn about (or, strict, refuse) out-of-order files; warn about tracked
 * files this checkout lacks.
 */
export const checkHistory = (entries: readonly MigrationStatusEntry[], opts: { strictOrder?: boolean; migrationsDir: string }): HistoryCheck => {
  const modified = entries.filter((e) => e.state === 'modified');
  if (modified.length > 0) {
    throw new ModifiedMigrationError([
      ...modified.map((e) => `${e.file} was edited after it was applied (recorded checksum ${e.recordedChecksum!.slice(0, 12)}…, file ${e.checksum!.slice(0, 12)}…).`),
      'Restore the file from version control, or, if the edit does not change what it did (comments, formatting), ' +
        `accept it with: pg-flux migrate repair${modified.length === 1 ? ` --file ${modified[0]!.file}` : ''}`,
    ].join('\n'));
  }
  const warnings: string[] = [];
  const order = outOfOrderMessage(entries);
  if (order !== null) {
    if (opts.strictOrder) throw new OutOfOrderError(`${order}\n(--strict-order makes this an error; nothing was applied)`);
    warnings.push(order);
  }
  const missing = entries.filter((e) => e.state === 'missing').map((e) => e.file);
  if (missing.length > 0) {
    warnings.push(`${missing.length === 1 ? `${missing[0]} is` : `${missing.join(', ')} are`} recorded as applied but missing from ${opts.migrationsDir}/ ` +
      '(applied from another branch? git pull origin main brings the file)');
  }
  return { warnings };
};
