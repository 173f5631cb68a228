/** Project settings for one command run: flags, then `.pg-flux.yml`, then defaults. */
import { loadConfig } from '../config/load-config.js';
import { resolveDatabase, type ResolvedDatabase } from '../database.js';
import { DEFAULT_TRACKING_SCHEMA } from '../runner/tracking-table.js';
import { DEFAULT_HAZARD_SETTINGS, type HazardSettings } from '../../core/hazards/context.js';

export interface ProjectOptions {
  readonly cwd: string;
  /** --db */
  readonly db?: string | undefined;
  /** DATABASE_URL from the environment (passed in: only the CLI reads the environment). */
  readonly databaseUrlEnv?: string | undefined;
  readonly schemaDir?: string | undefined;
  readonly migrationsDir?: string | undefined;
  readonly schemas?: readonly string[] | undefined;
  readonly trackingSchema?: string | undefined;
  /** Where notices go (stderr in the CLI). */
  readonly notice?: ((line: string) => void) | undefined;
}

export interface Project {
  readonly cwd: string;
  readonly schemaDir: string;
  readonly migrationsDir: string;
  /** Managed schemas, or null for every non-system schema. */
  readonly schemas: readonly string[] | null;
  readonly trackingSchema: string;
  /** Hazard thresholds from `.pg-flux.yml` (mass_drop_threshold, large_table_rows). */
  readonly hazardSettings: HazardSettings;
  /** `lock_timeout:` from `.pg-flux.yml`, if any. */
  readonly lockTimeout: string | null;
  readonly notice: (line: string) => void;
  /** Opens the database on first use (the embedded default starts a server). */
  database(): Promise<ResolvedDatabase>;
  close(): Promise<void>;
}

export const openProject = async (opts: ProjectOptions): Promise<Project> => {
  const cfg = await loadConfig(opts.cwd);
  const notice = opts.notice ?? (() => {});
  let db: Promise<ResolvedDatabase> | null = null;
  return {
    cwd: opts.cwd,
    schemaDir: opts.schemaDir ?? cfg.schemaDir ?? 'schema',
    migrationsDir: opts.migrationsDir ?? cfg.migrationsDir ?? 'migrations',
    schemas: opts.schemas ?? cfg.schemas ?? null,
    trackingSchema: opts.trackingSchema ?? cfg.trackingSchema ?? DEFAULT_TRACKING_SCHEMA,
    hazardSettings: {
      ...DEFAULT_HAZARD_SETTINGS,
      ...(cfg.massDropThreshold !== undefined ? { massDropPercent: cfg.massDropThreshold } : {}),
      ...(cfg.largeTableRows !== undefined ? { largeTableRows: cfg.largeTableRows } : {}),
    },
    lockTimeout: cfg.lockTimeout ?? null,
    notice,
    database() {
      db ??= resolveDatabase({ flag: opts.db, env: opts.databaseUrlEnv, config: cfg.db, projectDir: opts.cwd }).then((d) => {
        if (d.notice) notice(d.notice);
        return d;
      });
      return db;
    },
    async close() { if (db) await (await db).close(); },
  };
};
