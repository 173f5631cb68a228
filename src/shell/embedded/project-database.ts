/**
 * The "embedded default database": what commands use when no database is configured (no --db,
 * DATABASE_URL or `db:` in the config). A PostgreSQL 18 cluster kept per project, started on
 * demand and stopped again when the command is done. The same mechanism gives the project a
 * server of another major for the canonicaliser's scratch databases (openProjectServer).
 *
 * Data lives in `<project>/.pg-flux/pg<major>/data`. When running as root, the server runs as an
 * unprivileged user who may not be able to reach the project (e.g. a checkout under /root, mode
 * 0700); the cluster then lives under the temp dir instead, keyed by the project's path.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadPg } from '../db/pg-driver.js';
import { chownTo, chownTreeTo, isReachableBy, serverUser, type ServerUser } from './os-user.js';
import { processAlive, runningPostmaster, startEmbeddedServer, type EmbeddedServer } from './server.js';
import type { PgMajor } from './binaries.js';

export interface ProjectDatabase {
  /** URL of the `pgflux` database on the project's embedded server. */
  readonly url: string;
  /** One line for the user explaining where the database lives and why it is used. */
  readonly notice: string;
  /**
   * Stops the server if this call started it, once no other pg-flux command still uses it (it
   * waits for them); a server started by someone else keeps running.
   */
  close(): Promise<void>;
}

const MAJOR: PgMajor = 18;
const DATABASE = 'pgflux';
const HOST = '127.0.0.1';
const WHY = 'no --db, DATABASE_URL or db: configured';

export interface ProjectServer {
  /** Superuser URL of the server's `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  readonly major: PgMajor;
  /** Where its data lives, for messages. */
  readonly shown: string;
  /** Extra explanation when the data lives outside the project. */
  readonly why: string;
  /** True when another pg-flux process had it running already. */
  readonly reused: boolean;
  /** As ProjectDatabase.close. */
  close(): Promise<void>;
}

export async function openProjectDatabase(projectDir: string): Promise<ProjectDatabase> {
  const server = await openProjectServer(projectDir, MAJOR);
  try {
    await ensureDatabase(server.port);
  } catch (err) {
    await server.close();
    throw err;
  }
  const reused = server.reused ? `, reusing the server already running on port ${server.port}` : '';
  return {
    url: `postgresql://postgres@${HOST}:${server.port}/${DATABASE}`,
    notice: `using embedded PostgreSQL ${MAJOR} in ${server.shown} (${WHY}${server.why}${reused})`,
    close: () => server.close(),
  };
}

/** The project's embedded server of `major`, started on demand (shared with concurrent pg-flux commands). */
export async function openProjectServer(projectDir: string, major: PgMajor): Promise<ProjectServer> {
  const project = await realpath(resolve(projectDir));
  const user = await serverUser();
  const location = await dataLocation(project, user, major);
  await adoptDataDir(location.dataDir, user);

  // Reuse a server another pg-flux process has running on this cluster: two postmasters cannot
  // share a data dir, and stopping it under that process would break its command.
  let port: number;
  let owned: EmbeddedServer | null = null;
  const existing = await reusablePort(location.dataDir);
  if (existing !== null) {
    port = existing;
  } else {
    try {
      owned = await startEmbeddedServer({ major, dataDir: location.dataDir });
      port = owned.port;
    } catch (err) {
      // Lost a start race against a concurrent pg-flux process: use its server instead.
      const raced = await reusablePort(location.dataDir);
      if (raced === null) throw err;
      port = raced;
    }
  }

  const users = await registerUser(location.dataDir);
  return {
    adminUrl: `postgresql://postgres@${HOST}:${port}/postgres`,
    port, major, shown: location.shown, why: location.why, reused: owned === null,
    close: async () => {
      await users.leave();
      // The server is this process's child and goes when it exits: let the commands that
      // reused it finish first.
      if (owned) await users.othersGone();
      await owned?.stop();
    },
  };
}

const USER_POLL_MS = 200;

/**
 * Every command using the project's server leaves a file `users/<pid>-<random>` beside the data
 * dir while it does, so the process that started the server (and must stop it) knows who else
 * still needs it. Files of processes that died are ignored.
 */
async function registerUser(dataDir: string): Promise<{ leave(): Promise<void>; othersGone(): Promise<void> }> {
  const dir = join(dirname(dataDir), 'users');
  await mkdir(dir, { recursive: true });
  const mine = `${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(join(dir, mine), '');
  const others = async (): Promise<number> => {
    let alive = 0;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name === mine) continue;
      const pid = Number.parseInt(name, 10);
      if (pid > 0 && processAlive(pid)) alive++;
      else await unlink(join(dir, name)).catch(() => {});
    }
    return alive;
  };
  return {
    leave: () => unlink(join(dir, mine)).catch(() => {}),
    othersGone: async () => {
      while ((await others()) > 0) await new Promise((r) => setTimeout(r, USER_POLL_MS));
    },
  };
}

interface DataLocation {
  dataDir: string;
  /** How the location is described in the notice. */
  shown: string;
  /** Extra explanation appended to the notice when the fallback is used. */
  why: string;
}

async function dataLocation(project: string, user: ServerUser | null, major: PgMajor): Promise<DataLocation> {
  const clusterDir = join(project, '.pg-flux', `pg${major}`);
  if (await isReachableBy(clusterDir, user)) {
    await mkdir(clusterDir, { recursive: true });
    // Keeps the cluster out of git even in projects whose .gitignore does not mention it.
    await writeFile(join(project, '.pg-flux', '.gitignore'), '*\n', { flag: 'wx' }).catch(() => {});
    return { dataDir: join(clusterDir, 'data'), shown: '.pg-flux/', why: '' };
  }
  // Keyed by the project's real path so each project keeps its own cluster across runs.
  const key = createHash('sha256').update(project).digest('hex').slice(0, 16);
  const base = join(tmpdir(), 'pg-flux-data');
  await mkdir(base, { recursive: true, mode: 0o755 });
  const fallback = join(base, key, `pg${major}`);
  await mkdir(fallback, { recursive: true });
  await chownTo(fallback, user);
  return {
    dataDir: join(fallback, 'data'),
    shown: `${fallback}/`,
    why: `; the project directory is not accessible to OS user '${user?.name ?? 'unknown'}'`,
  };
}

/**
 * PostgreSQL refuses a data dir owned by another user. The cluster is ours (pg-flux created it),
 * so if it was created under a different server user (e.g. before a `postgres` user existed,
 * as `pgflux`) or restored by root, hand it over instead of failing. Only ever done for this
 * managed directory, never for a data dir the user points us at.
 */
async function adoptDataDir(dataDir: string, user: ServerUser | null): Promise<void> {
  if (!user) return;
  const info = await stat(dataDir).catch(() => null);
  if (info !== null && info.uid !== user.uid && (await runningPostmaster(dataDir)) === null) {
    await chownTreeTo(dataDir, user);
  }
}

/** The port of a live postmaster on `dataDir` that answers, or null. */
async function reusablePort(dataDir: string): Promise<number | null> {
  const running = await runningPostmaster(dataDir);
  if (running === null) return null;
  // The pid may be recycled by an unrelated process after a crash: only trust a server that answers.
  const client = new (await loadPg()).Client({ host: HOST, port: running.port, user: 'postgres', database: 'postgres', ssl: false, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return running.port;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new (await loadPg()).Client({ host: HOST, port, user: 'postgres', database: 'postgres', ssl: false });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database ${DATABASE}`);
      } catch (err) {
        // A concurrent process created it first: 42P04 duplicate_database, or 23505 when both
        // inserts into pg_database race past the existence check.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}
