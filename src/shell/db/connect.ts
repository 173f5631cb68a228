/**
 * Opening a database session and turning driver failures into errors that are safe to print.
 * The `pg` driver is imported lazily so commands that never touch a database (`--help`, `gen`
 * from a schema directory) do not pay for loading it.
 */
import type pg from 'pg';
import { loadPg } from './pg-driver.js';
import { redactText, redactUrl } from './redact.js';

export type Client = pg.Client;

/** Raised when a session cannot be opened. The message never contains the password. */
export class ConnectionError extends Error {
  /** The connection string with its password replaced by `***`. */
  readonly url: string;
  /** The driver's error code when it gave one (ECONNREFUSED, 28P01, 3D000, ...). */
  readonly code: string | null;
  constructor(url: string, reason: string, code: string | null) {
    super(`could not connect to ${redactUrl(url)}: ${redactText(reason, [url])}`);
    this.name = 'ConnectionError';
    this.url = redactUrl(url);
    this.code = code;
  }
}

/** A statement PostgreSQL rejected, with the fields needed to point at the cause. */
export class DbError extends Error {
  /** SQLSTATE, e.g. `42P01`. */
  readonly code: string;
  /** 1-based character position in `statement` reported by the server, or null. */
  readonly position: number | null;
  readonly detail: string | null;
  readonly hint: string | null;
  /** The statement text that was sent. */
  readonly statement: string;
  constructor(message: string, fields: { code: string; position: number | null; detail: string | null; hint: string | null; statement: string }) {
    super(message);
    this.name = 'DbError';
    this.code = fields.code;
    this.position = fields.position;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.statement = fields.statement;
  }
}

/** A server-reported error (pg's DatabaseError), recognised by shape so `pg` need not be loaded. */
const isDatabaseError = (e: unknown): e is pg.DatabaseError =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && 'severity' in e;

/** Wrap a server error raised while running `statement`; anything else is returned unchanged. */
export const toDbError = (e: unknown, statement: string): unknown => {
  if (!isDatabaseError(e)) return e;
  const pos = e.position === undefined ? NaN : Number(e.position);
  return new DbError(e.message, {
    code: e.code ?? 'XX000',
    position: Number.isInteger(pos) && pos > 0 ? pos : null,
    detail: e.detail ?? null,
    hint: e.hint ?? null,
    statement,
  });
};

/** Run one statement; a server error becomes a DbError carrying the statement text. */
export const exec = async <R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: Client,
  sql: string,
  params?: readonly unknown[],
): Promise<pg.QueryResult<R>> => {
  try {
    // Without params pg uses the simple query protocol, which accepts any single statement.
    return params === undefined ? await client.query<R>(sql) : await client.query<R>(sql, [...params]);
  } catch (e) {
    throw toDbError(e, sql);
  }
};

/** Node reports "connection refused" on a dual-stack host as an AggregateError with no message. */
const reasonOf = (e: unknown): string => {
  if (e instanceof AggregateError && e.message === '') return e.errors.map(reasonOf).join('; ');
  if (e instanceof Error) return e.message || (e as { code?: string }).code || e.name;
  return String(e);
};

/** Open a session. `application_name` defaults to `pg-flux` unless the URL sets one. */
export const connect = async (url: string, opts: { applicationName?: string } = {}): Promise<Client> => {
  const driver = await loadPg();
  let client: Client;
  try {
    client = new driver.Client({
      connectionString: url,
      application_name: opts.applicationName ?? 'pg-flux',
      connectionTimeoutMillis: 10_000,
    });
  } catch (e) {
    // pg-connection-string throws on malformed URLs, sometimes quoting the input.
    throw new ConnectionError(url, reasonOf(e), null);
  }
  // A session killed by the server later emits 'error'; without a listener Node would crash the
  // process. The next query on the client rejects anyway, which is where we report it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    const code = (e as { code?: unknown }).code;
    throw new ConnectionError(url, reasonOf(e), typeof code === 'string' ? code : null);
  }
  return client;
};
