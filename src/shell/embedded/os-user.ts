/**
 * The OS account the embedded PostgreSQL server runs as.
 *
 * `postgres` and `initdb` refuse to run as root, and CI machines (and containers) often run us
 * as root. In that case the server is spawned with the uid/gid of an unprivileged account: the
 * distribution's `postgres` user if there is one, else a system user `pgflux` we create.
 * When we are not root the server simply runs as ourselves and none of this applies.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, parse, sep } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  /**
   * Primary group. The only group that counts for the spawned server: when uid/gid are set,
   * libuv drops supplementary groups (setgroups(0)) before exec.
   */
  readonly gid: number;
}

const PREFERRED_USER = 'postgres';
const CREATED_USER = 'pgflux';

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

let cached: Promise<ServerUser | null> | null = null;

/**
 * The account to run the server as, or null when no switch is needed (we are not root).
 * Creates the `pgflux` system user on first use if neither account exists.
 */
export function serverUser(): Promise<ServerUser | null> {
  cached ??= pickServerUser().catch((err: unknown) => {
    cached = null; // do not memoise a failure (e.g. a transient useradd lock)
    throw err;
  });
  return cached;
}

async function pickServerUser(): Promise<ServerUser | null> {
  if (!runningAsRoot()) return null;
  const existing = (await lookupUser(PREFERRED_USER)) ?? (await lookupUser(CREATED_USER));
  if (existing) return existing;
  const useradd = existsSync('/usr/sbin/useradd') ? '/usr/sbin/useradd' : 'useradd';
  try {
    await execFileAsync(useradd, ['--system', '--no-create-home', CREATED_USER]);
  } catch (err) {
    // Exit status 9 = "already exists": another process won the race, which is fine.
    const created = await lookupUser(CREATED_USER);
    if (created) return created;
    throw new Error(
      `running as root: PostgreSQL needs an unprivileged OS user, and creating '${CREATED_USER}' failed ` +
        `(${(err as Error).message.trim()}); create a '${PREFERRED_USER}' user or run as a non-root user`,
      { cause: err },
    );
  }
  const created = await lookupUser(CREATED_USER);
  if (!created) throw new Error(`useradd reported success but user '${CREATED_USER}' is not in /etc/passwd`);
  return created;
}

/** Reads /etc/passwd directly: no `id`/getent dependency, and NSS users are not expected here. */
async function lookupUser(name: string): Promise<ServerUser | null> {
  let passwd: string;
  try {
    passwd = await readFile('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  return null;
}

/** `spawn` options that run the child as `user` (nothing when no switch is needed). */
export function spawnIdentity(user: ServerUser | null): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/** Hands `path` (not its contents) to `user`; a no-op when no switch is needed. */
export async function chownTo(path: string, user: ServerUser | null): Promise<void> {
  if (user) await chown(path, user.uid, user.gid);
}

/**
 * Hands a whole tree to `user` (symlinks themselves, never their targets). Used for data
 * directories that were created or touched by root, e.g. restored from a cache.
 */
export async function chownTreeTo(path: string, user: ServerUser | null): Promise<void> {
  if (!user) return;
  const info = await lstat(path);
  if (info.isDirectory()) {
    for (const entry of await readdir(path)) await chownTreeTo(join(path, entry), user);
  }
  if (!info.isSymbolicLink()) await chown(path, user.uid, user.gid);
}

/**
 * The first directory on the way to `path` that `user` cannot traverse (search permission),
 * or null if every existing component is traversable. Components that do not exist yet are
 * ignored: we create them ourselves and chown as needed. Symlinks are resolved first because
 * traversal applies to the real directories.
 */
export async function blockingAncestor(path: string, user: ServerUser | null): Promise<string | null> {
  if (!user || user.uid === 0) return null;
  const real = await realpath(deepestExisting(path)).catch(() => null);
  if (real === null) return null;
  const { root } = parse(real);
  const parts = real.slice(root.length).split(sep).filter(Boolean);
  let current = root;
  for (let i = 0; i <= parts.length; i++) {
    const info = await stat(current);
    if (info.isDirectory() && !canSearch(info.mode, info.uid, info.gid, user)) return current;
    const next = parts[i];
    if (next === undefined) break;
    current = join(current, next);
  }
  return null;
}

/** True when `user` can reach `path` (every existing directory on the way is traversable). */
export async function isReachableBy(path: string, user: ServerUser | null): Promise<boolean> {
  return (await blockingAncestor(path, user)) === null;
}

function canSearch(mode: number, ownerUid: number, ownerGid: number, user: ServerUser): boolean {
  // Unix checks exactly one class: owner, else group, else other.
  if (ownerUid === user.uid) return (mode & 0o100) !== 0;
  if (ownerGid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

function deepestExisting(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
