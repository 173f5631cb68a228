/**
 * The benchmark's PostgreSQL: one embedded server for the whole run (pg-flux's own
 * startEmbeddedServer, so it is stopped even if the benchmark dies), databases created from
 * template0, and SQL loaded in batches of statements.
 *
 * Batches, not one simple-protocol query per file: a whole file in one query is one implicit
 * transaction, and a schema with thousands of relations then runs out of lock table slots
 * (max_locks_per_transaction × max_connections). Not one round trip per statement either, which
 * would make loading 10,000 tables needlessly slow.
 *
 * `migrate apply` runs a migration's transactional part in one transaction, and creating 10,000
 * tables with their indexes there takes ~75,000 locks: with PostgreSQL's default
 * max_locks_per_transaction (64) it fails with "out of shared memory" (seen in a benchmark run).
 * So that apply can be timed at all, the server runs with MAX_LOCKS (set with ALTER SYSTEM on a
 * data directory of our own, then a restart); the report states the setting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/shell/embedded/server.js';
import type { PgMajor } from '../../src/shell/embedded/binaries.js';
import { chownTo, serverUser } from '../../src/shell/embedded/os-user.js';

export const MAX_LOCKS = 4096;

export interface BenchServer {
  readonly major: PgMajor;
  /** `SELECT version()` text, for the report. */
  readonly version: string;
  url(database: string): string;
  /** Fresh empty database (dropped first if it exists); `template` copies another database. */
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Runs the statements (texts without the final semicolon) in `database`; throws on the first error. */
  load(database: string, statements: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const BATCH_STATEMENTS = 200;
const BATCH_CHARS = 512 * 1024;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const startBenchServer = async (major: PgMajor): Promise<BenchServer> => {
  // Our own data directory (startEmbeddedServer removes only the temp dirs it made itself).
  const root = mkdtempSync(join(tmpdir(), 'pgflux-bench-pg-'));
  const removeRoot = (): void => rmSync(root, { recursive: true, force: true });
  process.on('exit', removeRoot); // after the server's own exit hook has stopped it
  await chownTo(root, await serverUser());
  const dataDir = join(root, 'data');
  let server: EmbeddedServer = await startEmbeddedServer({ major, dataDir });
  const setup = new pg.Client({ connectionString: server.url });
  try {
    await setup.connect();
    await setup.query(`ALTER SYSTEM SET max_locks_per_transaction = ${MAX_LOCKS}`);
    await setup.end();
    await server.stop();
    server = await startEmbeddedServer({ major, dataDir });
  } catch (e) {
    await setup.end().catch(() => {});
    await server.stop();
    removeRoot();
    throw e;
  }
  const admin = new pg.Client({ connectionString: server.url });
  try {
    await admin.connect();
  } catch (e) {
    await server.stop();
    removeRoot();
    throw e;
  }
  // "PostgreSQL 15.18 on x86_64-pc-linux-gnu, compiled by …": the first part is enough.
  const full = String((await admin.query('SELECT version() AS v')).rows[0]?.v ?? `PostgreSQL ${major}`);
  const version = full.split(' on ')[0] ?? full;
  const url = (database: string): string => server.url.replace(/\/postgres$/, `/${encodeURIComponent(database)}`);
  return {
    major,
    version,
    url,
    async createDatabase(name, template) {
      await admin.query(`DROP DATABASE IF EXISTS ${ident(name)}`);
      await admin.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template ?? 'template0')}`);
    },
    async dropDatabase(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${ident(name)}`);
    },
    async load(database, statements) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      // The servers notice on every CREATE ... IF NOT EXISTS etc.: not interesting here.
      client.on('notice', () => {});
      try {
        let batch: string[] = [];
        let chars = 0;
        const flush = async (): Promise<void> => {
          if (batch.length === 0) return;
          const sql = batch.join(';\n') + ';';
          try {
            await client.query(sql);
          } catch (e) {
            const err = e as Error & { position?: string };
            const pos = Number(err.position ?? NaN);
            const near = Number.isFinite(pos) ? `\n  near: ${sql.slice(Math.max(0, pos - 200), pos + 200).replace(/\s+/g, ' ')}` : '';
            throw new Error(`loading ${database}: ${err.message}${near}`, { cause: e });
          }
          batch = [];
          chars = 0;
        };
        for (const s of statements) {
          batch.push(s);
          chars += s.length;
          if (batch.length >= BATCH_STATEMENTS || chars >= BATCH_CHARS) await flush();
        }
        await flush();
      } finally {
        await client.end();
      }
    },
    async stop() {
      await admin.end().catch(() => {});
      await server.stop();
      removeRoot();
      process.off('exit', removeRoot);
    },
  };
};
