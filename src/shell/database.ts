/**
 * Which database a command talks to: --db, else DATABASE_URL, else `db:` in the config, else the
 * libpq variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, ...), else the embedded
 * default. Whatever the source, the string is checked and normalised first (connection-string.ts).
 */
import { openProjectDatabase } from './embedded/project-database.js';
import { normalizeConnectionString } from './db/connection-string.js';
import type { Resolved } from './config/settings.js';

export interface ResolvedDatabase {
  readonly url: string;
  /** Printed once to stderr, e.g. when the embedded default is used. */
  readonly notice: string | null;
  close(): Promise<void>;
}

const LABEL: Readonly<Record<Resolved['from'], string>> = { flag: '--db', env: 'DATABASE_URL', config: 'db: in the config file' };

/**
 * The URL libpq's variables describe. A password comes from PGPASSWORD through the driver, which
 * reads it itself when the URL has none, so it never appears in this URL.
 */
export const libpqUrl = (env: Readonly<Record<string, string | undefined>>): string => {
  const v = (k: string): string | undefined => (env[k] ?? '') || undefined;
  const host = v('PGHOST') ?? v('PGHOSTADDR') ?? 'localhost';
  const params = new URLSearchParams();
  if (host.startsWith('/')) params.set('host', host);
  for (const [k, name] of [['PGSSLMODE', 'sslmode'], ['PGAPPNAME', 'application_name'], ['PGCONNECT_TIMEOUT', 'connect_timeout'], ['PGOPTIONS', 'options']] as const) {
    const x = v(k);
    if (x !== undefined) params.set(name, x);
  }
  const user = v('PGUSER');
  const port = v('PGPORT');
  const hostPart = host.startsWith('/') ? '' : host.includes(':') ? `[${host}]` : host;
  const q = params.toString();
  return `postgresql://${user ? `${encodeURIComponent(user)}@` : ''}${hostPart}${port ? `:${port}` : ''}/${encodeURIComponent(v('PGDATABASE') ?? user ?? '')}${q ? `?${q}` : ''}`;
};

/**
 * The database URL the settings name (normalised; throws ConnectionStringError when unusable), or
 * null when none is configured and the embedded default applies.
 */
export const configuredUrl = (setting: Resolved | null, env: Readonly<Record<string, string | undefined>>): string | null => {
  if (setting) return normalizeConnectionString(String(setting.value), LABEL[setting.from]);
  if (['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGDATABASE'].some((k) => (env[k] ?? '') !== '')) return normalizeConnectionString(libpqUrl(env), 'the PG* environment variables');
  return null;
};

export const resolveDatabase = async (opts: { readonly url: string | null; readonly projectDir: string }): Promise<ResolvedDatabase> => {
  if (opts.url !== null) return { url: opts.url, notice: null, close: async () => {} };
  const db = await openProjectDatabase(opts.projectDir);
  return { url: db.url, notice: db.notice, close: () => db.close() };
};
