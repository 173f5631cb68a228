/**
 * Throwaway databases for the runner tests, created through the superuser URL the suite runner
 * provides in PGFLUX_TEST_DATABASE_URL. Deliberately tiny and independent of the shared harness.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = (): string | undefined => process.env.PGFLUX_TEST_DATABASE_URL || undefined;

export interface RunnerDb {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const withAdmin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const url = adminUrl();
  if (!url) throw new Error('PGFLUX_TEST_DATABASE_URL is not set');
  const c = new pg.Client({ connectionString: url, application_name: 'pg-flux-test-admin' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};

/** A new empty database; the name is generated from [a-z0-9_] only, so it needs no quoting. */
export const createRunnerDb = async (): Promise<RunnerDb> => {
  const name = `pgflux_runner_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl()!);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    // FORCE ends sessions a failed test may have left open (PostgreSQL 13+).
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
};

/** Run one query on a fresh connection to `url`. */
export const query = async <R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
};
