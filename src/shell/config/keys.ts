/**
 * Every `.pg-flux.yml` key, in one table: its type, the flag and environment variable that
 * override it, its default, and the line README and `--help` show. The loader, the precedence
 * resolution and the README table test all read this table, so a key cannot be documented and
 * ignored, or read and undocumented. A new key is one row here (and its consumer).
 *
 * Precedence for every key: command-line flag > environment variable > config file > default.
 */

export type KeyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'list' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'duration' }
  | { readonly kind: 'integer'; readonly min: number };

export interface ConfigKey {
  /** Dotted path in the YAML file (`migrate.generate_undo` is `generate_undo:` under `migrate:`). */
  readonly path: string;
  readonly type: KeyType;
  /** The command-line flag that overrides it, without `--`. */
  readonly flag: string | null;
  /** The environment variable that overrides it. */
  readonly env: string | null;
  /** Shown in README / help; the built-in default is applied by the key's consumer. */
  readonly defaultText: string;
  readonly doc: string;
  /** A value as it would be written in the file. */
  readonly example: string;
}

const key = (path: string, type: KeyType, flag: string | null, env: string | null, defaultText: string, doc: string, example: string): ConfigKey =>
  ({ path, type, flag, env, defaultText, doc, example });

const STRING = { kind: 'string' } as const;
const BOOLEAN = { kind: 'boolean' } as const;

export const CONFIG_KEYS: readonly ConfigKey[] = [
  key('version', { kind: 'integer', min: 1 }, null, null, '1', 'format version of this file; only 1 exists', '1'),
  key('db', STRING, 'db', 'DATABASE_URL', 'libpq PG* variables, else an embedded PostgreSQL in .pg-flux/',
    'the database: a postgres:// URL or a libpq key=value string', 'postgres://app@localhost:5432/app'),
  key('shadow_dsn', STRING, 'shadow-dsn', 'PGFLUX_SHADOW_DSN', 'the embedded PostgreSQL of the target\'s major',
    'a server pg-flux may create scratch databases on (canonical forms of views, functions, ...); never the target', 'postgres://postgres@localhost:5433/postgres'),
  key('schema_dir', STRING, 'schema-dir', 'PGFLUX_SCHEMA_DIR', 'schema', 'schema source directory (relative to this file)', 'db/schema'),
  key('migrations_dir', STRING, 'migrations-dir', 'PGFLUX_MIGRATIONS_DIR', 'migrations', 'migrations directory (relative to this file)', 'db/migrations'),
  key('schemas', { kind: 'list' }, 'schemas', 'PGFLUX_SCHEMAS', 'every non-system schema', 'manage only these schemas', '[public, audit]'),
  key('tracking_schema', STRING, 'tracking-schema', 'PGFLUX_TRACKING_SCHEMA', '_pgflux', 'where applied migrations are recorded', '_pgflux'),
  key('migrate.generate_undo', BOOLEAN, 'generate-undo', 'PGFLUX_MIGRATE_GENERATE_UNDO', 'false',
    'migrate generate also writes the exact undo (<name>_undo.sql, or the Down part)', 'true'),
  key('migrate.format', { kind: 'enum', values: ['separate', 'combined'] }, 'format', 'PGFLUX_MIGRATE_FORMAT', 'separate',
    'separate: undo in <name>_undo.sql; combined: one file with -- +migrate Up / -- +migrate Down', 'combined'),
  key('migrate.lock_wait', { kind: 'duration' }, 'lock-wait', 'PGFLUX_MIGRATE_LOCK_WAIT', '30s',
    'how long migrate apply / rollback wait for another run\'s migration lock', '2min'),
  key('manage.owners', { kind: 'enum', values: ['auto', 'always', 'never'] }, null, 'PGFLUX_MANAGE_OWNERS', 'auto',
    'owners: auto (managed when schema/ has an OWNER TO), always (undeclared: the applying role), never', 'always'),
  key('manage.privileges', { kind: 'enum', values: ['auto', 'always', 'never'] }, null, 'PGFLUX_MANAGE_PRIVILEGES', 'auto',
    'privileges: auto (managed when schema/ has a GRANT, REVOKE or ALTER DEFAULT PRIVILEGES), always (undeclared: the defaults), never', 'never'),
  key('migrate.strict_order', BOOLEAN, 'strict-order', 'PGFLUX_MIGRATE_STRICT_ORDER', 'false',
    'an out-of-order pending migration is an error instead of a warning', 'true'),
  key('migrate.lock_timeout', { kind: 'duration' }, 'lock-timeout', 'PGFLUX_MIGRATE_LOCK_TIMEOUT', '5s',
    'lock_timeout of every statement migrate apply runs; a statement that waits longer is retried, then fails naming the blocker', '2s'),
  key('migrate.lock_retries', { kind: 'integer', min: 0 }, 'lock-retries', 'PGFLUX_MIGRATE_LOCK_RETRIES', '3',
    'retries (with backoff) of a statement that hit the lock timeout', '5'),
  key('migrate.statement_timeout', { kind: 'duration' }, 'statement-timeout', 'PGFLUX_MIGRATE_STATEMENT_TIMEOUT', "the server's",
    'statement_timeout of every statement migrate apply runs', '20min'),
  key('migrate.log_format', { kind: 'enum', values: ['human', 'json'] }, 'log-format', 'PGFLUX_LOG_FORMAT', 'human',
    'migrate apply output: human lines, or one JSON object per event on stdout', 'json'),
  key('migrate.prove', BOOLEAN, 'prove', 'PGFLUX_MIGRATE_PROVE', 'true',
    'prove migrations on a copy of the target: every new file at generate (shadow_dsn, else an embedded server of the target\'s major), pending files at apply when shadow_dsn is set', 'false'),
  key('auto_not_valid', BOOLEAN, 'auto-not-valid', 'PGFLUX_AUTO_NOT_VALID', 'true',
    'plan CHECK / FOREIGN KEY as NOT VALID + VALIDATE and SET NOT NULL through a validated CHECK on existing tables', 'false'),
  key('strict_coverage', BOOLEAN, 'strict-coverage', 'PGFLUX_STRICT_COVERAGE', 'false',
    'a live object of a kind pg-flux does not manage is an error (exit 4, nothing written) on every command that reads the database', 'true'),
  key('hazards.mass_drop_threshold', { kind: 'integer', min: 0 }, null, 'PGFLUX_MASS_DROP_THRESHOLD', '25',
    'MASS_DROP: percent of the live managed objects a plan or run may drop without that hazard', '50'),
  key('cache', BOOLEAN, null, 'PGFLUX_CACHE', 'true',
    'keep results in .pg-flux/cache/ (each source file\'s parse, canonical forms of views and functions, the gen schema hash), so an unchanged source is not parsed or canonicalised again; false: nothing is read or written there', 'false'),
  key('hazards.large_table_rows', { kind: 'integer', min: 0 }, null, 'PGFLUX_LARGE_TABLE_ROWS', '100000',
    'TABLE_LOCK: estimated rows from which a table counts as large', '1000000'),
];

export const configKey = (path: string): ConfigKey => {
  const k = CONFIG_KEYS.find((c) => c.path === path);
  if (!k) throw new Error(`no config key ${path}`);
  return k;
};
