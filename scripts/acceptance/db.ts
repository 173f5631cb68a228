/**
 * Databases on the one acceptance server: every case creates its own databases (so cases can run
 * concurrently) and drops them afterwards. Loading uses the simple query protocol with the whole
 * file as one query, the closest the `pg` driver gets to `psql -f` with ON_ERROR_STOP.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inspectDatabase } from '../../src/shell/db/inspect-database.js';
import { loadParser, splitStatements } from '../../src/core/parse/pg-query.js';
import type { Schema } from '../../src/core/model/schema.js';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export class Cluster {
  /** `fileCopy`: CREATE DATABASE ... STRATEGY FILE_COPY (15+), twice as fast with fsync off. */
  constructor(readonly url: string, readonly fileCopy = false) {}

  urlOf(database: string): string {
    const u = new URL(this.url);
    u.pathname = `/${encodeURIComponent(database)}`;
    return u.toString();
  }

  async withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: url });
    // A server error on an idle client (database dropped under it after a timeout) must not crash the run.
    c.on('error', () => {});
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => {});
    }
  }

  /** A new empty database (from template0, or a copy of `template`). Returns its name. */
  async create(prefix: string, template = 'template0'): Promise<string> {
    const safe = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
    const name = `acc_${safe}_${randomBytes(4).toString('hex')}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.withClient(this.url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}${this.fileCopy ? ' STRATEGY FILE_COPY' : ''}`));
        return name;
      } catch (e) {
        // 55006: the template is being accessed (an autovacuum worker); it goes away soon.
        if ((e as { code?: string }).code !== '55006' || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  async drop(name: string): Promise<void> {
    await this.withClient(this.url, async (c) => {
      // FORCE ends sessions a timed-out case left behind.
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
  }

  /**
   * Runs SQL text as one simple-protocol query; throws the server error (with line when known).
   * The whole text runs in one implicit transaction, which PostgreSQL refuses for some
   * statements (CREATE INDEX CONCURRENTLY: 25001); such a file is run statement by statement,
   * as psql runs it (the failed attempt was rolled back as a whole).
   */
  async load(database: string, sql: string): Promise<void> {
    if (!sql.trim()) return;
    await this.withClient(this.urlOf(database), async (c) => {
      try {
        await c.query(sql);
      } catch (e) {
        if ((e as { code?: string }).code !== '25001') throw new Error(describePgError(e, sql), { cause: e });
        await loadParser();
        for (const stmt of splitStatements(sql)) {
          try {
            await c.query(stmt.sql);
          } catch (inner) {
            throw new Error(describePgError(inner, stmt.sql), { cause: inner });
          }
        }
      }
    });
  }

  async inspect(database: string): Promise<{ schema: Schema; serverVersionNum: number; currentUser: string }> {
    return this.withClient(this.urlOf(database), (c) => inspectDatabase(c));
  }
}

/** `message (line N: <text>)` using the error position when the server gives one. */
export const describePgError = (e: unknown, sql: string): string => {
  const err = e as { message?: string; position?: string; code?: string };
  const msg = err.message ?? String(e);
  const pos = Number(err.position);
  if (!Number.isInteger(pos) || pos <= 0) return msg;
  // `position` counts characters (1-based) in the query text.
  const before = [...sql].slice(0, pos - 1).join('');
  const line = before.split('\n').length;
  const text = sql.split('\n')[line - 1]?.trim().slice(0, 120) ?? '';
  return `${msg} (line ${line}: ${text})`;
};

/**
 * psql meta-commands (`\restrict KEY` from current pg_dump, `\connect`, …) are not SQL; psql
 * handles them, the driver cannot. Only the load drops them; pg-flux gets the file verbatim.
 */
export const stripMetaCommands = (sql: string): string => sql.replace(/^\\[a-z].*$/gm, '');

/**
 * Cluster-wide setup (roles): whole file first; a file that was written for psql without
 * ON_ERROR_STOP (a cluster dump with roles that may already exist) is then run statement by
 * statement, and the statements that fail are counted, as psql would just print them.
 */
export const runClusterSetup = async (cluster: Cluster, sql: string): Promise<number> => {
  try {
    await cluster.load('postgres', sql);
    return 0;
  } catch {
    let failed = 0;
    for (const stmt of sql.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s))) {
      try {
        await cluster.load('postgres', stmt);
      } catch {
        failed++;
      }
    }
    return failed;
  }
};
