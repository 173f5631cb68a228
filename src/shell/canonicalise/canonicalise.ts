/**
 * parse(schema/) + the server's canonical forms = the desired model (DESIGN.md, "Desired state:
 * parse for structure, the server for semantics"). The statements of views, routines, triggers
 * and rules are loaded, over a skeleton of the schema, into a scratch database on a server of
 * the target's major, and read back through the same inspector as the live database. Results are
 * cached by content; without programmable objects no server is needed at all.
 */
import type { ParseResult } from '../../core/parse/parse-schema.js';
import type { Schema } from '../../core/model/schema.js';
import { canonScript, type CanonStatement } from '../../core/canonicalise/script.js';
import { mergeCanonical, needsPartitionForms, pickCanonical, type CanonicalObjects } from '../../core/canonicalise/merge.js';
import { DiagnosticError, diagnostic } from '../../core/model/diagnostic.js';
import { connect, exec, DbError } from '../db/connect.js';
import { inspectDatabase } from '../db/inspect-database.js';
import type { InspectQueryName } from '../../core/inspect/queries.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { withScratchDatabase, type ScratchServer } from './scratch-server.js';

export interface CanonicaliseOptions {
  /** Major of the target server: canonical forms are those of this major. */
  readonly major: number;
  /** Opens the server for scratch databases (called only on a cache miss). */
  readonly server: () => Promise<ScratchServer>;
  /** Where results are cached, or null for no cache. */
  readonly cacheDir: string | null;
  readonly toolVersion: string;
}

export class CanonicaliserError extends Error {}

const firstLine = (sql: string): string => {
  const l = sql.trim().split('\n')[0]!;
  return l.length > 100 ? `${l.slice(0, 97)}...` : l;
};

/** A statement the scratch database refused: a source problem at its place, or a skeleton problem. */
const failure = (stmt: CanonStatement, e: unknown, server: ScratchServer): Error => {
  if (!(e instanceof DbError)) return e instanceof Error ? e : new Error(String(e));
  const extra = [e.detail ? `detail: ${e.detail}` : null, e.hint ? `hint: ${e.hint}` : null].filter(Boolean).join('; ');
  if (stmt.body) {
    const at = e.position !== null ? stmt.body.at(e.position) : stmt.body.span;
    return new DiagnosticError([diagnostic('invalid_definition', `PostgreSQL ${server.major} rejects this ${stmt.body.kind}: ${e.message}${extra ? ` (${extra})` : ''}`, at,
      'fix the statement; pg-flux loads it into a scratch database to read its canonical form')]);
  }
  if (stmt.source) {
    return new DiagnosticError([diagnostic('invalid_definition', `PostgreSQL ${server.major} rejects this ${stmt.what ?? 'table'}: ${e.message}${extra ? ` (${extra})` : ''}`, stmt.source,
      stmt.what === 'cast' ? 'fix the statement: its function and types must exist, and match the cast' : 'fix its PARTITION BY, partition bound or INHERITS')]);
  }
  const missingExtension = e.code === '0A000' || /extension .* is not available|could not open extension control file/.test(e.message);
  return new CanonicaliserError(`could not prepare the canonicaliser's scratch database on ${server.describe}: ${e.message} (statement: ${firstLine(stmt.sql)})`
    + (missingExtension ? '; that server lacks an extension the schema declares: pass --shadow-dsn (or PGFLUX_SHADOW_DSN) to a server that has it' : ''));
};

/**
 * The catalog queries whose parts the canonical objects are built from (pickCanonical), plus the
 * dependencies attached to them; the scratch database needs no comments, privileges or coverage.
 */
const CANONICAL_QUERIES: readonly InspectQueryName[] = ['tables', 'functions', 'dependencies', 'views', 'triggers', 'aggregates', 'rules', 'policies'];

const load = async (statements: readonly CanonStatement[], server: ScratchServer): Promise<CanonicalObjects> =>
  withScratchDatabase(server, async (url) => {
    const client = await connect(url, { applicationName: 'pg-flux canonicaliser' });
    try {
      // One statement per round trip: a refusal then names exactly the statement refused.
      for (const s of statements) {
        try {
          await exec(client, s.sql);
        } catch (e) {
          throw failure(s, e, server);
        }
      }
      return pickCanonical((await inspectDatabase(client, { only: CANONICAL_QUERIES })).schema);
    } finally {
      await client.end().catch(() => undefined);
    }
  });

export const canonicalise = async (parsed: ParseResult, opts: CanonicaliseOptions): Promise<Schema> => {
  // Casts alone need no server: they are loaded only for the bodies that may apply them.
  if (parsed.bodies.length === 0 && !needsPartitionForms(parsed.schema)) return parsed.schema;
  const statements = canonScript(parsed.schema, parsed.bodies);
  const key = cacheKey({ toolVersion: opts.toolVersion, major: opts.major, statements: statements.map((s) => s.sql) });
  let objects = opts.cacheDir ? await readCache(opts.cacheDir, key) : null;
  if (!objects) {
    const server = await opts.server();
    try {
      objects = await load(statements, server);
    } finally {
      await server.close();
    }
    if (opts.cacheDir) await writeCache(opts.cacheDir, key, objects);
  }
  return mergeCanonical(parsed.schema, parsed.bodies, objects);
};
