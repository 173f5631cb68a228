/**
 * Database helpers for tests. `npm test` (scripts/run-tests.mjs) starts one PostgreSQL server
 * for the whole run and passes its superuser URL in PGFLUX_TEST_DATABASE_URL; each test takes
 * its own database from it, so test files can run concurrently without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function testServerUrl(): string {
  const url = process.env['PGFLUX_TEST_DATABASE_URL'];
  if (!url) {
    throw new Error('PGFLUX_TEST_DATABASE_URL is not set: run tests with npm test (it starts the test PostgreSQL server)');
  }
  return url;
}

/** The test server's major version (14…18). */
export function testMajor(): number {
  const value = Number.parseInt(process.env['PGFLUX_TEST_PG_MAJOR'] ?? '', 10);
  if (!Number.isFinite(value)) {
    throw new Error('PGFLUX_TEST_PG_MAJOR is not set: run tests with npm test');
  }
  return value;
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `sql` (may hold several statements) in one simple-protocol round trip. */
export async function execSql(url: string, sql: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(sql);
  });
}

export interface FreshDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * An empty database named `t_<prefix>_<random>`. TEMPLATE template0 because nobody can be
 * connected to it, so concurrent creations never fail with "source database is being accessed".
 */
/** `template`: copy that database (nobody may be connected to it) instead of an empty one. */
export async function freshDatabase(prefix = 'db', template = 'template0'): Promise<FreshDatabase> {
  const server = testServerUrl();
  // Identifiers are capped at 63 bytes; keep the random suffix intact.
  const safe = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  const name = `t_${safe}_${randomBytes(5).toString('hex')}`;
  // FILE_COPY (15+) copies template0's few files instead of WAL-logging every block: twice as
  // fast on the test server (fsync off), and test runs create thousands of databases.
  const strategy = testMajor() >= 15 ? ' strategy file_copy' : '';
  await execSql(server, `create database ${quoteIdent(name)} template ${quoteIdent(template)}${strategy}`);
  const url = withDatabase(server, name);
  return {
    url,
    name,
    drop: async () => {
      await withClient(server, async (client) => {
        // Clients a test forgot to close would otherwise make DROP DATABASE fail.
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await client.query(`drop database if exists ${quoteIdent(name)}`);
      });
    },
  };
}

/**
 * Creates NOLOGIN roles that do not exist yet. Roles are cluster-wide, so tests running in
 * parallel may create the same one at the same time; losing that race is fine.
 */
export async function ensureRoles(url: string, roles: string[]): Promise<void> {
  await withClient(url, async (client) => {
    for (const role of roles) {
      const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      if (found.rowCount !== 0) continue;
      try {
        await client.query(`create role ${quoteIdent(role)} nologin`);
      } catch (err) {
        // 42710 duplicate_object; 23505 when both inserts race past the existence check.
        const code = (err as { code?: string }).code;
        if (code !== '42710' && code !== '23505') throw err;
      }
    }
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
