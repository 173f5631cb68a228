/**
 * The refusal when a pending file's `baseline:` no longer matches the live schema, and what to do
 * about it. Two different stories end in the same mismatch, and they need different fixes:
 *
 * - parallel development: the file was generated from a state this database has since moved on
 *   from through migrations — another branch's migration was applied here (tracked files this
 *   checkout lacks), the file sorts before one already applied, or its baseline is a state a
 *   tracked migration started from;
 * - a manual change: none of that; someone changed the schema outside pg-flux.
 *
 * The first sentence is the seeds' message, verbatim; the guidance follows it.
 */
import { connect } from '../db/connect.js';
import { readTrackingRows, trackingTableExists, type TrackingRow } from './tracking-table.js';
import { listMigrationFiles } from './migration-file.js';
import { parallelBranchSteps } from './history.js';

export class BaselineDriftError extends Error {
  readonly kind: 'parallel' | 'manual';
  constructor(message: string, kind: 'parallel' | 'manual') {
    super(message);
    this.name = 'BaselineDriftError';
    this.kind = kind;
  }
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const short = (h: string): string => `${h.slice(0, 12)}…`;

export interface Diagnosis {
  readonly cause: 'parallel' | 'manual';
  /** Why it looks like parallel development (empty for a manual change). */
  readonly reasons: readonly string[];
}

/** Pure: judge from the tracking rows and the file names of this checkout. */
export const diagnose = (file: { name: string; baseline: string }, rows: readonly TrackingRow[], onDisk: ReadonlySet<string>): Diagnosis => {
  const reasons: string[] = [];
  const missing = rows.filter((r) => !onDisk.has(r.filename)).map((r) => r.filename);
  if (missing.length > 0) reasons.push(`this database has ${missing.length === 1 ? 'a migration' : 'migrations'} this checkout lacks (${missing.join(', ')})`);
  const lastByName = rows.map((r) => r.filename).sort(byName).at(-1);
  if (lastByName !== undefined && byName(file.name, lastByName) < 0) reasons.push(`${file.name} sorts before ${lastByName}, which is already applied`);
  const newest = [...rows].sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : a.appliedAt > b.appliedAt ? 1 : byName(a.filename, b.filename))).at(-1);
  const sameStart = rows.filter((r) => r.baseline === file.baseline).map((r) => r.filename);
  const passed = rows.filter((r) => r !== newest && r.target === file.baseline).map((r) => r.filename);
  if (sameStart.length > 0) reasons.push(`it was generated from the same schema as ${sameStart.join(', ')}, already applied here`);
  else if (passed.length > 0) reasons.push(`it was generated right after ${passed.join(', ')}, and later migrations have been applied since`);
  return { cause: reasons.length > 0 ? 'parallel' : 'manual', reasons };
};

export const refusalMessage = (file: string, expected: string, live: string, d: Diagnosis): string => {
  const head = `refusing to apply ${file}: live database state has drifted since this migration was generated ` +
    `(expected baseline=${short(expected)}, live=${short(live)}).`;
  if (d.cause === 'parallel') {
    return [head,
      `This is parallel development, not a manual change: ${d.reasons.join('; ')}. ${file} has to be regenerated on top of the other migration(s):`,
      ...parallelBranchSteps([file]),
      'Or pass --force-after-drift to apply anyway (only if you have checked the two changes do not overlap).'].join('\n');
  }
  return [head,
    'No migration explains the difference, so the schema was changed outside pg-flux (a manual change or another tool). To fix it:',
    '  1. pg-flux drift              # see what changed: each difference, as the statement that would undo it',
    '  2. keep the change by declaring it in schema/ (pg-flux pull captures it), or revert it in the database',
    `  3. pg-flux migrate rebase     # regenerate ${file} on top of the live schema`,
    '  4. review the new file, commit it, and run pg-flux migrate apply',
    'Or pass --force-after-drift to apply anyway, once you have checked the change is compatible with this migration.'].join('\n');
};

/** Pending files generated from the same schema on parallel branches. */
export const siblingsRefusal = (files: readonly string[], baseline: string): BaselineDriftError =>
  new BaselineDriftError([
    `refusing to apply: ${files.join(' and ')} were all generated from the same schema (baseline=${short(baseline)}) on parallel branches; ` +
      'applied one after the other, the later ones would run against a schema they were not generated for. Nothing was applied. ' +
      'One of them is on main; the other has to be regenerated on top of it:',
    ...parallelBranchSteps(files),
    'Or pass --force-after-drift to apply them anyway (only if you have checked the changes do not overlap).',
  ].join('\n'), 'parallel');

/** Read what the judgement needs (read-only) and build the refusal. */
export const baselineRefusal = async (opts: {
  url: string; trackingSchema: string; migrationsDir: string; file: string; expected: string; live: string;
}): Promise<BaselineDriftError> => {
  const client = await connect(opts.url);
  let rows: TrackingRow[] = [];
  try {
    if (await trackingTableExists(client, opts.trackingSchema)) rows = await readTrackingRows(client, opts.trackingSchema);
  } finally {
    await client.end().catch(() => undefined);
  }
  const onDisk = new Set((await listMigrationFiles(opts.migrationsDir)).map((f) => f.name));
  const d = diagnose({ name: opts.file, baseline: opts.expected }, rows, onDisk);
  return new BaselineDriftError(refusalMessage(opts.file, opts.expected, opts.live, d), d.cause);
};
