/**
 * Project settings for one command run. Every setting comes from, in this order: its flag, its
 * environment variable, `.pg-flux.yml` (or `--config FILE`), its default (keys.ts lists them).
 * Paths from the config file are relative to the file; paths from flags and the environment are
 * relative to the working directory, and absolute paths are used as given.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { CONFIG_FILE, loadConfig, type ConfigValue, type LoadedConfig } from '../config/load-config.js';
import { resolveSetting, type Resolved, type SettingSources } from '../config/settings.js';
import { configuredUrl, resolveDatabase, type ResolvedDatabase } from '../database.js';
import { normalizeConnectionString } from '../db/connection-string.js';
import { DEFAULT_TRACKING_SCHEMA } from '../runner/tracking-table.js';
import { SourceDirError } from '../fs/read-sources.js';
import { cacheRoot } from '../fs/cache-dir.js';

export interface ProjectOptions {
  readonly cwd: string;
  /** --config FILE (else PGFLUX_CONFIG, else `.pg-flux.yml` in cwd when present). */
  readonly config?: string | undefined;
  /** --db */
  readonly db?: string | undefined;
  readonly schemaDir?: string | undefined;
  readonly migrationsDir?: string | undefined;
  readonly schemas?: readonly string[] | undefined;
  readonly trackingSchema?: string | undefined;
  /** Other flags by name (`lock-wait`, `generate-undo`, ...); see keys.ts for which key each sets. */
  readonly flags?: Readonly<Record<string, string | boolean | undefined>> | undefined;
  /** The environment (passed in: only the CLI reads process.env). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Where notices go (stderr in the CLI). */
  readonly notice?: ((line: string) => void) | undefined;
  /** Print the embedded-database notice (the CLI: on a terminal or with --verbose). */
  readonly announceEmbedded?: boolean | undefined;
  /** --verbose: notices give details (the list of unmanaged live objects, see coverage.ts). */
  readonly verbose?: boolean | undefined;
}

export interface Project {
  readonly cwd: string;
  /** The config file used, as given or found, or null. */
  readonly configFile: string | null;
  /** Schema and migrations directories as the user wrote them (for messages)... */
  readonly schemaDir: string;
  readonly migrationsDir: string;
  /** ...and as absolute paths. */
  readonly schemaPath: string;
  readonly migrationsPath: string;
  /** Managed schemas, or null for every non-system schema. */
  readonly schemas: readonly string[] | null;
  readonly trackingSchema: string;
  /** Server for scratch databases (--shadow-dsn / PGFLUX_SHADOW_DSN); null: the project's embedded server of the target's major. */
  readonly shadowDsn: string | null;
  readonly notice: (line: string) => void;
  /** --verbose was given. */
  readonly verbose: boolean;
  /** `.pg-flux/cache/` of the project (beside the config file, else in the working directory); null when `cache: false`. */
  readonly cacheDir: string | null;
  /** A setting's resolved value (null: not set anywhere, the consumer's default applies). */
  setting(path: string): ConfigValue | null;
  /** Where a setting came from, for messages. */
  settingSource(path: string): Resolved | null;
  /** True when no database is configured and the embedded default will be used. */
  readonly usesEmbedded: boolean;
  /** Opens the database on first use (the embedded default starts a server). */
  database(): Promise<ResolvedDatabase>;
  close(): Promise<void>;
}

const pathSetting = (r: Resolved | null, fallback: string, cwd: string, config: LoadedConfig): { shown: string; abs: string } => {
  const given = r ? String(r.value) : fallback;
  const fromFile = r?.from === 'config' || r === null;
  const abs = isAbsolute(given) ? given : resolve(fromFile ? config.dir : cwd, given);
  // Shown as the user can find it from where they ran the command.
  const shown = fromFile && !isAbsolute(given) && config.dir !== cwd ? relative(cwd, abs) || '.' : given;
  return { shown, abs };
};

export const openProject = async (opts: ProjectOptions): Promise<Project> => {
  const env = opts.env ?? {};
  const configFile = opts.config ?? (env['PGFLUX_CONFIG'] || undefined);
  const config = await loadConfig({ cwd: opts.cwd, file: configFile });
  const flags: Record<string, string | boolean | readonly string[] | undefined> = { ...opts.flags };
  const named = { db: opts.db, 'schema-dir': opts.schemaDir, 'migrations-dir': opts.migrationsDir, schemas: opts.schemas, 'tracking-schema': opts.trackingSchema };
  for (const [k, v] of Object.entries(named)) if (v !== undefined) flags[k] = v;
  const sources: SettingSources = { flags, env, config };
  // Resolve every key once now, so a bad value anywhere is reported before any work starts.
  const resolved = new Map<string, Resolved | null>();
  const get = (path: string): Resolved | null => {
    if (!resolved.has(path)) resolved.set(path, resolveSetting(path, sources));
    return resolved.get(path)!;
  };
  const schema = pathSetting(get('schema_dir'), 'schema', opts.cwd, config);
  const migrations = pathSetting(get('migrations_dir'), 'migrations', opts.cwd, config);
  const schemas = get('schemas')?.value as readonly string[] | undefined;
  const trackingSchema = (get('tracking_schema')?.value as string | undefined) ?? DEFAULT_TRACKING_SCHEMA;
  const dbSetting = get('db');
  const notice = opts.notice ?? (() => {});
  // Checked now, before any other work: a mistyped URL is reported first, and never falls back.
  const url = configuredUrl(dbSetting, env);
  const usesEmbedded = url === null;
  const shadow = get('shadow_dsn');
  const shadowDsn = shadow ? normalizeConnectionString(String(shadow.value), { flag: '--shadow-dsn', env: 'PGFLUX_SHADOW_DSN', config: 'shadow_dsn: in the config file' }[shadow.from]) : null;
  let db: Promise<ResolvedDatabase> | null = null;
  return {
    cwd: opts.cwd,
    configFile: config.file,
    schemaDir: schema.shown,
    migrationsDir: migrations.shown,
    schemaPath: schema.abs,
    migrationsPath: migrations.abs,
    schemas: schemas ?? null,
    trackingSchema,
    shadowDsn,
    notice,
    verbose: opts.verbose ?? false,
    cacheDir: get('cache')?.value === false ? null : cacheRoot(config.file === null ? opts.cwd : config.dir),
    usesEmbedded,
    setting: (path) => get(path)?.value ?? null,
    settingSource: get,
    database() {
      if (db === null && usesEmbedded && config.file === null && !existsSync(schema.abs) && !existsSync(migrations.abs)) {
        // Never initialise a 40 MB cluster for a directory that is not a project (a typo'd cd).
        throw new SourceDirError(`${opts.cwd} is not a pg-flux project: no ${CONFIG_FILE}, ${schema.shown}/ or ${migrations.shown}/ here ` +
          '(run pg-flux init, or pass --db URL / --schema-dir DIR)');
      }
      db ??= resolveDatabase({ url, projectDir: config.file === null ? opts.cwd : config.dir }).then((d) => {
        if (d.notice && opts.announceEmbedded) notice(d.notice);
        return d;
      });
      return db;
    },
    async close() { if (db) await (await db.catch(() => null))?.close(); },
  };
};
