/**
 * Reads a live database into the model: a fixed number of catalog queries (see
 * core/inspect/queries.ts) in one REPEATABLE READ READ ONLY transaction, so every query sees the
 * same snapshot, then the pure builder. The client must be connected and idle (not inside a
 * transaction): this function opens and closes its own transaction, and its `SET LOCAL`s end with it.
 */
import type pg from 'pg';
import type { Schema } from '../../core/model/schema.js';
import {
  INSPECT_QUERIES, MIN_SERVER_VERSION_NUM, inspectQueryText, SESSION_SETUP_SQL, type InspectQueryName,
} from '../../core/inspect/queries.js';
import { SchemaAssembler } from '../../core/inspect/build-schema.js';
import { loadParser } from '../../core/parse/pg-query.js';

export interface InspectOptions {
  /** Only these schemas (and the extensions installed in them); all managed schemas when absent. */
  readonly schemas?: readonly string[];
  /** pg-flux's own tracking schema, never reported. */
  readonly trackingSchema?: string;
  /**
   * Only these queries (the model's other parts stay empty): for a reader that needs a few kinds,
   * such as the canonicaliser, which reads back only programmable objects and partition forms.
   */
  readonly only?: readonly InspectQueryName[];
  /** Called once the first catalog query has been sent (the caller may then keep this thread busy). */
  readonly onQueriesSent?: () => void;
}

export interface InspectResult {
  readonly schema: Schema;
  readonly serverVersionNum: number;
  /** Round trips made, setup and COMMIT included; constant whatever the object count. */
  readonly queryCount: number;
  /** The session's role (who applies a migration; CURRENT_USER in a policy), and every role of the cluster. */
  readonly currentUser: string;
  readonly roles: readonly string[];
}

export const DEFAULT_TRACKING_SCHEMA = '_pgflux';

export class UnsupportedServerError extends Error {
  constructor(version: string, versionNum: number) {
    super(`pg-flux needs PostgreSQL 14 or newer, but the server is PostgreSQL ${version} `
      + `(server_version_num ${versionNum}); upgrade the server or point pg-flux at a newer one`);
    this.name = 'UnsupportedServerError';
  }
}

const ignore = (): void => undefined;

/** The version row is the last result of the multi-statement setup. */
const versionOf = (results: unknown): { num: number; text: string; user: string } => {
  const list = Array.isArray(results) ? results as pg.QueryResult[] : [results as pg.QueryResult];
  const row: unknown = list[list.length - 1]?.rows[0];
  const r = (row ?? {}) as Record<string, unknown>;
  const num = Number(r['version_num']);
  if (!Number.isInteger(num) || typeof r['version'] !== 'string') {
    throw new Error(`could not read server_version_num from the server (got ${JSON.stringify(row)})`);
  }
  return { num, text: r['version'], user: String(r['current_user']) };
};

export const inspectDatabase = async (client: pg.Client, opts: InspectOptions = {}): Promise<InspectResult> => {
  const params = [opts.schemas === undefined ? null : [...opts.schemas], opts.trackingSchema ?? DEFAULT_TRACKING_SCHEMA];
  // The canonicalisers re-parse catalog text with the WebAssembly parser; start loading it now.
  const parserReady = loadParser();
  parserReady.catch(ignore); // awaited below; this only avoids an unhandled rejection on early exit
  let queryCount = 0;
  let inTransaction = false;
  let inFlight: Promise<pg.QueryResult> | undefined;
  const send = (sql: string): Promise<pg.QueryResult> => {
    queryCount++;
    const p = client.query(sql, params);
    p.catch(ignore); // awaited by the loop, or in `finally` after an error elsewhere
    return p;
  };
  try {
    // One simple-protocol round trip: BEGIN, the SET LOCALs and the version query.
    inTransaction = true;
    queryCount++;
    const version = versionOf(await client.query(SESSION_SETUP_SQL));
    if (version.num < MIN_SERVER_VERSION_NUM) throw new UnsupportedServerError(version.text, version.num);

    // One query at a time on the client (never queued behind another), but each is sent before
    // the previous result is built, so the server works while the canonicalisers run here.
    const names = (Object.keys(INSPECT_QUERIES) as InspectQueryName[]).filter((n) => opts.only?.includes(n) ?? true);
    const assembler = new SchemaAssembler();
    let pending = send(inspectQueryText(names[0]!, version.num));
    opts.onQueriesSent?.();
    for (const [i, name] of names.entries()) {
      inFlight = pending;
      const result = await pending;
      inFlight = undefined;
      const following = names[i + 1];
      if (following !== undefined) inFlight = pending = send(inspectQueryText(following, version.num));
      if (i === 0) await parserReady;
      assembler.add(name, result.rows);
    }
    const schema = assembler.finish();

    queryCount++;
    inTransaction = false;
    await client.query('COMMIT');
    return { schema, serverVersionNum: version.num, queryCount, currentUser: version.user, roles: assembler.roles() };
  } finally {
    // After an error, let the query on the wire finish so ROLLBACK is not queued behind it.
    if (inFlight) await inFlight.catch(ignore);
    if (inTransaction) {
      // Best effort: the original error matters more than a failed ROLLBACK on a broken connection.
      await client.query('ROLLBACK').catch(ignore);
    }
  }
};
