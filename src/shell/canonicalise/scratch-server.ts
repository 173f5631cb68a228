/**
 * A server of a given PostgreSQL major on which pg-flux may create throwaway databases: the one
 * at --shadow-dsn / PGFLUX_SHADOW_DSN when given, else the project's embedded server of that
 * major (the npm package of each major 14–18 provides it). Never the target database: nothing
 * is ever created there for canonicalisation.
 */
import { randomBytes } from 'node:crypto';
import { connect, exec } from '../db/connect.js';
import { redactUrl } from '../db/redact.js';
import { isPgMajor, SUPPORTED_MAJORS } from '../embedded/binaries.js';
import { openProjectServer } from '../embedded/project-database.js';
import { quoteIdent } from '../../core/emit/sql/quote.js';

export interface ScratchServer {
  /** URL to connect to for CREATE / DROP DATABASE (the shadow DSN itself, or `postgres` on the embedded server). */
  readonly adminUrl: string;
  readonly major: number;
  /** For messages: where scratch databases are made. */
  readonly describe: string;
  /**
   * How CREATE DATABASE copies template0. The embedded servers run with fsync off, where
   * FILE_COPY (15+) is twice as fast as the default WAL_LOG; on a shadow server it would force
   * checkpoints on someone else's server, so there the default stays.
   */
  readonly createStrategy: '' | ' STRATEGY FILE_COPY';
  close(): Promise<void>;
}

export class ScratchServerError extends Error {}

const majorOf = async (url: string): Promise<number> => {
  const c = await connect(url);
  try {
    const r = await exec<{ v: string }>(c, "SELECT pg_catalog.current_setting('server_version_num') AS v");
    return Math.floor(Number(r.rows[0]!.v) / 10000);
  } finally {
    await c.end();
  }
};

export const openScratchServer = async (opts: {
  readonly major: number; readonly shadowDsn?: string | null | undefined; readonly projectDir: string;
}): Promise<ScratchServer> => {
  if (opts.shadowDsn) {
    const major = await majorOf(opts.shadowDsn);
    if (major !== opts.major) {
      throw new ScratchServerError(`the shadow server ${redactUrl(opts.shadowDsn)} runs PostgreSQL ${major}, but the target runs PostgreSQL ${opts.major}: `
        + `views, functions and triggers are stored differently by each major, so point --shadow-dsn / PGFLUX_SHADOW_DSN at a PostgreSQL ${opts.major} server`);
    }
    return { adminUrl: opts.shadowDsn, major, describe: `shadow server ${redactUrl(opts.shadowDsn)}`, createStrategy: '', close: async () => {} };
  }
  if (!isPgMajor(opts.major)) {
    throw new ScratchServerError(`the target runs PostgreSQL ${opts.major}, which pg-flux has no embedded server for (it has ${SUPPORTED_MAJORS.join(', ')}); `
      + `pass --shadow-dsn (or set PGFLUX_SHADOW_DSN) to a PostgreSQL ${opts.major} server where pg-flux may create scratch databases`);
  }
  const s = await openProjectServer(opts.projectDir, opts.major);
  return { adminUrl: s.adminUrl, major: opts.major, describe: `embedded PostgreSQL ${opts.major} in ${s.shown}`,
    createStrategy: opts.major >= 15 ? ' STRATEGY FILE_COPY' : '', close: () => s.close() };
};

/** A fresh empty database on the server for the duration of `fn`, then dropped. */
export const withScratchDatabase = async <T>(server: ScratchServer, fn: (url: string) => Promise<T>): Promise<T> => {
  const name = `pgflux_scratch_${randomBytes(6).toString('hex')}`;
  const admin = await connect(server.adminUrl);
  try {
    // template0: nobody is ever connected to it, and it holds nothing a user added to template1.
    await exec(admin, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0${server.createStrategy}`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${encodeURIComponent(name)}`;
    try {
      return await fn(url.toString());
    } finally {
      await exec(admin, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
};
