/**
 * Starts a throwaway or persistent PostgreSQL server from the embedded binaries.
 *
 * `postgres` is spawned directly (not through pg_ctl) so we own the process: we know its pid,
 * get its exit event, and can guarantee it does not outlive us. It listens on loopback TCP only
 * (no unix socket: socket dirs would need yet another directory the server user can write),
 * with durability switched off because these clusters are for diffing and tests, not for data
 * anyone needs to survive a power cut.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants, readFileSync, rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, open, readFile, readdir, rm, stat, truncate } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadPg } from '../db/pg-driver.js';
import { DEFAULT_MAJOR, resolveBinaries, stageBinaries, type PgBinaries, type PgMajor } from './binaries.js';
import { blockingAncestor, chownTo, serverUser, spawnIdentity, type ServerUser } from './os-user.js';

export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database (trust auth: no password). */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The database superuser (not the OS user the server runs as). */
  readonly user: 'postgres';
  readonly major: PgMajor;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  major?: PgMajor;
  /** Persistent data directory; initialised when it has no PG_VERSION. Default: fresh temp dir removed by stop(). */
  dataDir?: string;
  /** Fixed port; default: a free loopback port. */
  port?: number;
  /** Progress lines (timings, chosen port); nothing is printed by default. */
  log?: (line: string) => void;
  /**
   * A directory holding another build's `initdb`, `pg_ctl` and `postgres` of `major` (e.g. Debian's
   * /usr/lib/postgresql/15/bin, whose share/ has extensions such as PostGIS that the npm builds lack).
   */
  binDir?: string;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;
const LOG_TAIL_LINES = 25;
/** The log is appended to on every start of a persistent cluster; keep it bounded. */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

export async function startEmbeddedServer(opts: StartOptions = {}): Promise<EmbeddedServer> {
  const major = opts.major ?? DEFAULT_MAJOR;
  const log = opts.log ?? (() => {});
  const user = await serverUser();
  const bins = await reachableBinaries(opts.binDir !== undefined ? await systemBinaries(opts.binDir, major) : await resolveBinaries(major), user);

  // Tracked from the start, so an interrupted start (Ctrl-C during initdb) cleans up as well.
  const entry: LiveServer = { child: null, tempRoot: null };
  track(entry);
  try {
    let dataDir: string;
    if (opts.dataDir !== undefined) {
      dataDir = resolve(opts.dataDir);
    } else {
      // mkdtemp makes a 0700 root-owned dir: hand it to the server user so initdb can create data/.
      entry.tempRoot = await mkdtemp(join(tmpdir(), 'pg-flux-'));
      await chownTo(entry.tempRoot, user);
      dataDir = join(entry.tempRoot, 'data');
    }
    const existing = await dataDirMajor(dataDir);
    if (existing !== null && existing !== major) {
      throw new Error(
        `data directory ${dataDir} was initialised by PostgreSQL ${existing}, not ${major}; ` +
          `use PostgreSQL ${existing} with it, or remove the directory to start over`,
      );
    }
    if (user) await checkAccess(dataDir, user, existing !== null);
    if (existing === null) await initialise(bins, dataDir, user, log, entry);
    const logPath = await logFileFor(dataDir);
    const running = await launch(bins, dataDir, logPath, user, opts.port, log, entry);
    return handle(running, major, dataDir, entry, log);
  } catch (err) {
    untrack(entry);
    if (entry.tempRoot !== null) await rm(entry.tempRoot, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}

/** Binaries of another build: checked to exist and to be the major asked for, before initdb runs. */
async function systemBinaries(binDir: string, major: PgMajor): Promise<PgBinaries> {
  const dir = resolve(binDir);
  const path = (name: string): string => join(dir, name);
  for (const name of ['initdb', 'pg_ctl', 'postgres']) {
    try {
      await access(path(name), constants.X_OK);
    } catch {
      throw new Error(`${path(name)} is not an executable: --server-bin must name a directory with initdb, pg_ctl and postgres`);
    }
  }
  const version = (await promisify(execFile)(path('postgres'), ['--version'])).stdout.trim();
  // `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`
  const found = /\(PostgreSQL\)\s*(\d+)/.exec(version)?.[1];
  if (Number(found) !== major) throw new Error(`${path('postgres')} is ${version}, not PostgreSQL ${major}`);
  return { initdb: path('initdb'), pgCtl: path('pg_ctl'), postgres: path('postgres'), major, packageDir: dirname(dir), version };
}

/** Fails early, with the fix in the message, where postgres would fail with a terse FATAL. */
async function checkAccess(dataDir: string, user: ServerUser, initialised: boolean): Promise<void> {
  const blocked = await blockingAncestor(dirname(dataDir), user);
  if (blocked !== null) {
    throw new Error(
      `data directory ${dataDir} is not reachable by OS user '${user.name}' (the PostgreSQL server cannot run as root): ` +
        `${blocked} is not traversable; chmod o+x it or use another directory`,
    );
  }
  // An uninitialised dir is chowned by initialise(); a cluster's files are not ours to re-own.
  const info = initialised ? await stat(dataDir) : null;
  if (info !== null && info.uid !== user.uid) {
    throw new Error(
      `data directory ${dataDir} is owned by uid ${info.uid}, but the server runs as OS user '${user.name}' (uid ${user.uid}); ` +
        `run: chown -R ${user.name}: ${dataDir}`,
    );
  }
}

/** The major version recorded in `<dataDir>/PG_VERSION`, or null if it is not (yet) a cluster. */
export async function dataDirMajor(dataDir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, 'PG_VERSION'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const value = Number.parseInt(text.trim(), 10);
  if (!Number.isFinite(value)) throw new Error(`${join(dataDir, 'PG_VERSION')} is not a version number: ${JSON.stringify(text)}`);
  return value;
}

/**
 * The pid and port of the postmaster currently running on `dataDir`, or null.
 * postmaster.pid lines: 1 pid, 2 data dir, 3 start time, 4 port, …
 */
export async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  let lines: string[];
  try {
    lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!(pid > 0) || !(port > 0)) return null;
  return processAlive(pid) ? { pid, port } : null; // a stale file after a crash
}

/** True when a process with this pid exists (ours to signal or not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, just not ours to signal
  }
}

/** A loopback port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

/**
 * When the server user cannot traverse to the package (a checkout under /root), run a copy of
 * the binaries from the temp dir instead of failing with a bare EACCES from spawn.
 */
async function reachableBinaries(bins: PgBinaries, user: ServerUser | null): Promise<PgBinaries> {
  if (!user || (await blockingAncestor(bins.postgres, user)) === null) return bins;
  const staged = await stageBinaries(bins, join(tmpdir(), 'pg-flux-bin'));
  const blocked = await blockingAncestor(staged.postgres, user);
  if (blocked !== null) {
    throw new Error(`PostgreSQL binaries are not reachable by OS user '${user.name}': ${blocked} is not traversable`);
  }
  return staged;
}

async function initialise(
  bins: PgBinaries,
  dataDir: string,
  user: ServerUser | null,
  log: (line: string) => void,
  entry: LiveServer,
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const leftovers = await readdir(dataDir);
  if (leftovers.length > 0) {
    throw new Error(`${dataDir} is not empty and is not a PostgreSQL data directory (no PG_VERSION); refusing to initialise it`);
  }
  await chownTo(dataDir, user);
  const started = Date.now();
  const base = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'];
  let result = await run(bins.initdb, [...base, '--locale=C.UTF-8'], user, entry);
  // C.UTF-8 needs the locale in the C library; minimal images without it still have plain C.
  // initdb cleans the directory's contents on failure, so a retry starts from empty.
  if (result.code !== 0 && /locale/i.test(result.output)) {
    result = await run(bins.initdb, [...base, '--locale=C'], user, entry);
  }
  if (result.code !== 0) {
    throw new Error(`initdb (PostgreSQL ${bins.major}) failed with exit code ${result.code}:\n${tail(result.output, LOG_TAIL_LINES)}`);
  }
  log(`initdb (PostgreSQL ${bins.major}) in ${Date.now() - started} ms: ${dataDir}`);
}

function run(file: string, args: string[], user: ServerUser | null, entry: LiveServer): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, { ...spawnIdentity(user), stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolveRun({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/**
 * Next to the data dir (not inside, so it never ends up in a copy of the cluster), unless that
 * directory is not writable for us (not root, read-only parent): then inside the data dir.
 */
async function logFileFor(dataDir: string): Promise<string> {
  const parentWritable = await access(dirname(dataDir), constants.W_OK).then(() => true, () => false);
  const path = join(parentWritable ? dirname(dataDir) : dataDir, 'postgres.log');
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size > MAX_LOG_BYTES) await truncate(path, 0);
  return path;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  port: number;
}

async function launch(
  bins: PgBinaries,
  dataDir: string,
  logPath: string,
  user: ServerUser | null,
  fixedPort: number | undefined,
  log: (line: string) => void,
  entry: LiveServer,
): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const started = Date.now();
    const logStart = await stat(logPath).then((s) => s.size, () => 0);
    const running = await spawnPostmaster(bins, dataDir, logPath, port, user);
    entry.child = running.child;
    const failure = await waitUntilReady(running, port);
    if (failure === null) {
      log(`PostgreSQL ${bins.major} accepting connections on ${HOST}:${port} after ${Date.now() - started} ms`);
      return running;
    }
    if (running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    const serverLog = await readFrom(logPath, logStart);
    // Another process can grab the port between our probe and the server's bind.
    const portTaken = /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(serverLog);
    if (portTaken && fixedPort === undefined && attempt < PORT_ATTEMPTS) {
      log(`port ${port} was taken, retrying`);
      continue;
    }
    throw new Error(`PostgreSQL ${bins.major} did not start (${failure}); server log ${logPath}:\n${tail(serverLog, LOG_TAIL_LINES)}`);
  }
}

async function spawnPostmaster(bins: PgBinaries, dataDir: string, logPath: string, port: number, user: ServerUser | null): Promise<Running> {
  const args = [
    '-D', dataDir,
    '-p', String(port),
    '-c', `listen_addresses=${HOST}`,
    '-c', 'unix_socket_directories=',
    '-c', 'fsync=off',
    '-c', 'full_page_writes=off',
    '-c', 'synchronous_commit=off',
    '-c', 'max_connections=100',
  ];
  // Opened by us (possibly root) and inherited by the child, so the server user needs no write
  // access to the log's directory.
  const logFile = await open(logPath, 'a');
  try {
    await logFile.write(`\n--- pg-flux: starting PostgreSQL ${bins.major} on port ${port} at ${new Date().toISOString()}\n`);
    const child = spawn(bins.postgres, args, {
      ...spawnIdentity(user),
      stdio: ['ignore', logFile.fd, logFile.fd],
      // Own process group: a terminal Ctrl-C reaches us, and we decide how the server stops.
      detached: true,
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    await new Promise<void>((spawned, failed) => {
      child.once('spawn', spawned);
      child.once('error', failed);
    });
    // A forgotten stop() must not keep the CLI alive forever; the exit hook still stops it.
    child.unref();
    return { child, exited, port };
  } finally {
    await logFile.close();
  }
}

/** null once the server accepts a query; otherwise why it never did. */
async function waitUntilReady(running: Running, port: number): Promise<string | null> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) {
      return `postgres exited with ${running.child.exitCode !== null ? `code ${running.child.exitCode}` : running.child.signalCode}`;
    }
    const client = new (await loadPg()).Client({ host: HOST, port, user: 'postgres', database: 'postgres', ssl: false, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      // ECONNREFUSED before bind, then 57P03 "the database system is starting up".
      lastError = (err as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((wake) => setTimeout(wake, 40));
  }
  return `not accepting connections after ${READY_TIMEOUT_MS / 1000} s: ${lastError}`;
}

async function readFrom(path: string, offset: number): Promise<string> {
  const text = await readFile(path).catch(() => Buffer.alloc(0));
  return text.subarray(Math.min(offset, text.length)).toString('utf8');
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function handle(running: Running, major: PgMajor, dataDir: string, entry: LiveServer, log: (line: string) => void): EmbeddedServer {
  const { tempRoot } = entry;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const started = Date.now();
      const { child } = running;
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // keep the loop alive until the exit event (the child is normally unref'd)
        child.kill('SIGINT'); // fast shutdown: roll back sessions, checkpoint, exit
        const timedOut = await Promise.race([
          running.exited.then(() => false),
          new Promise<boolean>((wake) => setTimeout(() => wake(true), STOP_TIMEOUT_MS).unref()),
        ]);
        if (timedOut) {
          child.kill('SIGKILL');
          await running.exited;
        }
      }
      untrack(entry);
      if (tempRoot !== null) await rm(tempRoot, { recursive: true, force: true, maxRetries: 3 });
      log(`PostgreSQL ${major} stopped in ${Date.now() - started} ms`);
    })());
  return {
    url: `postgresql://postgres@${HOST}:${running.port}/postgres`,
    host: HOST,
    port: running.port,
    user: 'postgres',
    major,
    dataDir,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Last-resort cleanup: no server may outlive this process, even when the caller never reaches
// stop() (uncaught error, process.exit(), Ctrl-C). Handlers exist only while servers run, so
// they do not change signal behaviour for processes that never start one.

interface LiveServer {
  /** The process to stop: initdb while initialising, then the postmaster. */
  child: ChildProcess | null;
  tempRoot: string | null;
}

const live = new Set<LiveServer>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function track(entry: LiveServer): void {
  live.add(entry);
  if (live.size === 1) {
    process.on('exit', stopAllNow);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
}

function untrack(entry: LiveServer): void {
  live.delete(entry);
  if (live.size === 0) {
    process.off('exit', stopAllNow);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  stopAllNow();
  // If nobody else handles the signal, restore the default action (terminate) and re-raise it,
  // so e.g. Ctrl-C still ends the process with the conventional status.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Synchronous on purpose: 'exit' handlers cannot await. Temp clusters are discarded, so they get
 * an immediate shutdown (SIGQUIT); persistent clusters a fast shutdown (SIGINT). initdb cleans
 * up its half-written directory on either signal. We then wait briefly so the server is really
 * gone (and temp dirs can be removed) before this process ends.
 */
function stopAllNow(): void {
  const entries = [...live];
  const alive = (child: ChildProcess | null): child is ChildProcess =>
    child !== null && child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  for (const entry of entries) {
    untrack(entry);
    if (alive(entry.child)) entry.child.kill(entry.tempRoot !== null ? 'SIGQUIT' : 'SIGINT');
  }
  const deadline = Date.now() + 5000;
  for (const entry of entries) {
    const pid = alive(entry.child) ? entry.child.pid : undefined;
    if (pid !== undefined && !waitForExitSync(pid, deadline)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      waitForExitSync(pid, Date.now() + 1000);
    }
    if (entry.tempRoot !== null) rmSync(entry.tempRoot, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The event loop does not run inside an 'exit' handler, so the child's exit cannot be observed
 * the normal way and it stays a zombie (kill(pid, 0) still succeeds). /proc shows the state.
 */
function waitForExitSync(pid: number, deadline: number): boolean {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let state: string | undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {
      return true; // no such process
    }
    if (state === 'Z' || state === 'X') return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(sleeper, 0, 0, 10);
  }
}
