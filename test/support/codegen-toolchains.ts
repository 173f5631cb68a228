/**
 * Compiling generated code with the real toolchains, all cases of a run in ONE project per
 * language (one tsc, one go build + go vet, one pyright, one cargo check), so CI pays each
 * toolchain's start-up once. Toolchains are installed by .ci/run (Debian: golang-go, the
 * librust-*-dev crates, python3-psycopg; npm: typescript, zod, pyright).
 *
 * Stand-ins (test/codegen/standins/, clearly named): pgx v5's pgtype and bun's BaseModel (Go:
 * no Debian packages), sqlx's derives and type paths (Rust: crates.io unreachable). Python is
 * checked against the real pydantic v2 of the interpreter that has it (Debian ships v1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from '../../src/core/emit/codegen/header.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const STANDINS = join(REPO, 'test', 'codegen', 'standins');

export interface ToolResult { readonly ok: boolean; readonly output: string; readonly ms: number }

export const run = (cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<ToolResult> =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (e) => resolve({ ok: false, output: `${cmd}: ${e.message}`, ms: Date.now() - started }));
    child.on('close', (code) => resolve({ ok: code === 0, output, ms: Date.now() - started }));
  });

const write = (path: string, text: string): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

export const writeFiles = (dir: string, files: readonly GeneratedFile[]): void => {
  for (const f of files) write(join(dir, f.path), f.text);
};

/** A directory name that is a valid Go package, Python module and Rust module. */
export const caseIdent = (name: string): string => `c_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;

// TypeScript: one tsconfig over every case; node_modules from the repository (zod, temporal-polyfill, @types/node).
export const setupTs = (dir: string, extraTsconfig: Record<string, unknown> = {}): void => {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  write(join(dir, 'package.json'), JSON.stringify({ name: 'pgflux-ts-check', private: true, type: 'module' }));
  write(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'],
      types: ['node'], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: true, noUnusedLocals: false,
      ...extraTsconfig,
    },
    include: ['**/*.ts'], exclude: ['node_modules'],
  }, null, 2));
};

/**
 * A type-level proof that each zod schema's `z.infer` is the interface of the same name: a
 * mutual-assignability check per pair, which fails to compile when they differ.
 */
export const zodAssertions = (validatorsText: string, importPath: string): string => {
  const names = [...validatorsText.matchAll(/^export const (\w+)Schema = /gm)].map((m) => m[1]!);
  return [
    "import type { z } from 'zod';",
    `import type * as T from '${importPath}/tables.js';`,
    `import type * as V from '${importPath}/validators.js';`,
    'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
    'const same = <X extends true>(): X | undefined => undefined;',
    ...names.map((n) => `same<Same<z.infer<typeof V.${n}Schema>, T.${n}>>();`),
    '',
  ].join('\n');
};

export const tsc = (dir: string): Promise<ToolResult> => run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);

// Go: one module, one package per case; pgx and bun replaced by the stand-ins.
export const setupGo = (dir: string): void => {
  write(join(dir, 'go.mod'), [
    'module pgfluxcheck', '', 'go 1.19', '',
    'require (', '\tgithub.com/jackc/pgx/v5 v5.0.0', '\tgithub.com/uptrace/bun v1.0.0', ')', '',
    `replace github.com/jackc/pgx/v5 => ${join(STANDINS, 'pgx')}`, `replace github.com/uptrace/bun => ${join(STANDINS, 'bun')}`, '',
  ].join('\n'));
};

const GO_ENV = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };

export const goBuildVet = async (dir: string): Promise<ToolResult> => {
  const build = await run('go', ['build', './...'], dir, GO_ENV);
  if (!build.ok) return build;
  const vet = await run('go', ['vet', './...'], dir, GO_ENV);
  const fmt = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' });
  const unformatted = (fmt.stdout ?? '').trim();
  return { ok: vet.ok, output: `${vet.output}${unformatted ? `\n(gofmt would change: ${unformatted.split('\n').length} file(s))` : ''}`, ms: build.ms + vet.ms };
};

// Python: a package per case; pyright --strict against the interpreter with pydantic v2, psycopg from Debian.
export interface PythonEnv { readonly python: string; readonly pydantic: string; readonly psycopgPath: string | null }

/** The first interpreter whose pydantic is v2 (the machine's Python carries it; Debian's python3-pydantic is v1). */
export const findPydantic2 = (): PythonEnv | null => {
  const home = process.env['HOME'] ?? '/root';
  const pyenv = join(process.env['PYENV_ROOT'] ?? join(home, '.pyenv'), 'versions');
  const versions = existsSync(pyenv) ? readdirSync(pyenv).sort().reverse().map((v) => join(pyenv, v, 'bin', 'python3')) : [];
  for (const py of ['python3', ...versions, '/usr/bin/python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import sys, pydantic; print(sys.executable); print(pydantic.VERSION)'], { encoding: 'utf8' });
    const [exe, ver] = (r.stdout ?? '').trim().split('\n');
    if (r.status === 0 && exe && ver && Number(ver.split('.')[0]) >= 2) return { python: exe, pydantic: ver, psycopgPath: psycopgDir() };
  }
  return null;
};

/** Debian's psycopg (python3-psycopg), as a directory holding only it (its dist-packages also hold pydantic v1). */
const psycopgDir = (): string | null => {
  const src = '/usr/lib/python3/dist-packages/psycopg';
  if (!existsSync(src)) return null;
  const dir = join(REPO, 'node_modules', '.cache', 'pgflux-psycopg');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'psycopg'))) symlinkSync(src, join(dir, 'psycopg'));
  return dir;
};

export const setupPython = (dir: string, env: PythonEnv): void => {
  write(join(dir, 'pyrightconfig.json'), JSON.stringify({
    typeCheckingMode: 'strict', pythonVersion: '3.11', extraPaths: env.psycopgPath ? [env.psycopgPath] : [],
    reportMissingModuleSource: false,
  }, null, 2));
};

export const pyright = (dir: string, env: PythonEnv): Promise<ToolResult> =>
  run(process.execPath, [join(REPO, 'node_modules', 'pyright', 'index.js'), '--pythonpath', env.python, '-p', dir], dir);

// Rust: one crate, a module per case; crates from Debian's registry (/usr/share/cargo/registry), sqlx from the stand-in.
export const DEBIAN_CRATES = '/usr/share/cargo/registry';

export const setupRust = (dir: string, modules: readonly string[]): void => {
  write(join(dir, 'Cargo.toml'), [
    '[package]', 'name = "pgflux-rust-check"', 'version = "0.0.0"', 'edition = "2021"', 'publish = false', '',
    '[dependencies]',
    'serde = { version = "1", features = ["derive"] }', 'serde_json = "1"', 'chrono = { version = "0.4", features = ["serde"] }',
    'uuid = { version = "1", features = ["serde"] }', 'rust_decimal = "1"',
    `sqlx = { path = ${JSON.stringify(join(STANDINS, 'sqlx'))}, package = "sqlx-standin" }`, '',
  ].join('\n'));
  write(join(dir, '.cargo', 'config.toml'), [
    '[source.crates-io]', 'replace-with = "debian"', '', '[source.debian]', `directory = ${JSON.stringify(DEBIAN_CRATES)}`, '',
    '[net]', 'offline = true', '',
  ].join('\n'));
  write(join(dir, 'src', 'lib.rs'), `${modules.map((m) => `pub mod ${m};`).join('\n')}\n`);
};

export const cargoCheck = (dir: string): Promise<ToolResult> =>
  run('cargo', ['check', '--offline', '--quiet'], dir, { CARGO_TARGET_DIR: join(REPO, 'node_modules', '.cache', 'pgflux-cargo-target') });

export const listCases = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
