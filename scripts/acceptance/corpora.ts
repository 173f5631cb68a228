/**
 * Which cases exist: the before/after diff corpora, and the real-world schema files with the
 * load order and cluster setup their NOTICE files describe. Ordering is by name everywhere so
 * results and reports are deterministic.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DIFF_CORPORA = [
  'migra', 'pgschema', 'pg-schema-diff', 'sqldef-psqldef', 'pg-flux-matrix', 'lemmy-evolution', 'pagila-evolution',
] as const;

/** Real-world corpora: each case is one or more files loaded in order. */
interface RealCorpus {
  /** Files making up the cases: a list of cases, each a list of file names in load order. */
  readonly cases: (dir: string) => readonly (readonly string[])[];
  /** Cluster-wide setup files (roles) run once before any case; not part of the schema source. */
  readonly clusterSetup?: readonly string[];
}

const one = (file: string) => (): string[][] => [[file]];
const each = (test: (f: string) => boolean) => (dir: string): string[][] =>
  readdirSync(dir).filter(test).sort().map((f) => [f]);

export const REAL_CORPORA: Readonly<Record<string, RealCorpus>> = {
  gitlab: { cases: one('structure.sql') },
  pagila: { cases: each((f) => /^pagila-schema-2024-.*\.sql$/.test(f)) },
  sakila: { cases: one('postgres-sakila-schema.sql') },
  danbooru: { cases: one('structure.sql') },
  adventureworks: { cases: one('adventureworks-schema.pgdump.sql') },
  lemmy: { cases: one('lemmy-schema.pgdump.sql') },
  chinook: { cases: each((f) => f.endsWith('.sql')) },
  northwind: { cases: one('northwind-schema.sql') },
  pgbench: { cases: each((f) => f.endsWith('.sql')) },
  // The contrib-only derivative needs the Supabase roles (globals.sql) first.
  'supabase-cli': { cases: one('initial-schema-14.contrib-only.pgdump.sql'), clusterSetup: ['globals.sql'] },
  // Upstream load order; roles.sql creates cluster-wide roles, so it runs once, not per database.
  'postgrest-fixtures': {
    cases: () => [['database.sql', 'schema.sql', 'jwt.sql', 'jsonschema.sql', 'privileges.sql']],
    clusterSetup: ['roles.sql'],
  },
  lago: { cases: one('structure.sql') },
  openstreetmap: { cases: one('structure.sql') },
};

export interface DiffCase {
  readonly kind: 'diff';
  readonly corpus: string;
  readonly name: string;
  readonly dir: string;
  /** Roles case.json asks for (pg-schema-diff), as SQL identifiers. */
  readonly roles: readonly string[];
  /**
   * The case says the roles' privileges are managed (sqldef's `managed_roles`): what a target
   * without grants means is "revoke them", which is `manage: { privileges: always }` here.
   */
  readonly managesPrivileges: boolean;
  /** Total size of the SQL, used to scale the timeout. */
  readonly bytes: number;
}

export interface RealCase {
  readonly kind: 'real';
  readonly corpus: string;
  readonly name: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

export type CaseSpec = DiffCase | RealCase;

export const ALL_CORPORA: readonly string[] = [...DIFF_CORPORA, ...Object.keys(REAL_CORPORA)];

const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

const managesPrivilegesOf = (caseDir: string): boolean => {
  const path = join(caseDir, 'case.json');
  if (!existsSync(path)) return false;
  const json = JSON.parse(readFileSync(path, 'utf8')) as { managed_roles?: unknown };
  return Array.isArray(json.managed_roles) && json.managed_roles.length > 0;
};

const rolesOf = (caseDir: string): string[] => {
  const path = join(caseDir, 'case.json');
  if (!existsSync(path)) return [];
  const json = JSON.parse(readFileSync(path, 'utf8')) as { roles?: unknown };
  return Array.isArray(json.roles) ? json.roles.filter((r): r is string => typeof r === 'string') : [];
};

const diffCases = (root: string, corpus: string): DiffCase[] => {
  const dir = join(root, corpus);
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'before.sql')) && existsSync(join(dir, n, 'after.sql')))
    .sort()
    .map((name) => {
      const d = join(dir, name);
      const bytes = ['setup.sql', 'before.sql', 'after.sql'].reduce((n, f) => n + size(join(d, f)), 0);
      return { kind: 'diff' as const, corpus, name, dir: d, roles: rolesOf(d), managesPrivileges: managesPrivilegesOf(d), bytes };
    });
};

const realCases = (root: string, corpus: string): RealCase[] => {
  const dir = join(root, corpus);
  return REAL_CORPORA[corpus]!.cases(dir).map((files) => ({
    kind: 'real' as const,
    corpus,
    // A multi-file case is named after its corpus; a single file after the file.
    name: files.length === 1 ? files[0]!.replace(/\.sql$/, '') : 'fixtures',
    dir,
    files,
    bytes: files.reduce((n, f) => n + size(join(dir, f)), 0),
  }));
};

/** Every case of the given corpora (all when null), filtered by the case pattern. */
export const discoverCases = (root: string, corpora: readonly string[] | null, pattern: RegExp | null): CaseSpec[] => {
  const chosen = corpora ?? ALL_CORPORA;
  const unknown = chosen.filter((c) => !ALL_CORPORA.includes(c));
  if (unknown.length) throw new Error(`unknown corpus ${unknown.join(', ')}; known: ${ALL_CORPORA.join(', ')}`);
  const missing = chosen.filter((c) => !existsSync(join(root, c)));
  if (missing.length) throw new Error(`corpus folder(s) not found under ${root}: ${missing.join(', ')} (set PGFLUX_CORPUS)`);
  const cases = chosen.flatMap((c): CaseSpec[] => ((DIFF_CORPORA as readonly string[]).includes(c) ? diffCases(root, c) : realCases(root, c)));
  return pattern === null ? cases : cases.filter((c) => pattern.test(`${c.corpus}/${c.name}`) || pattern.test(c.name));
};

/**
 * The CI slice: every third case of migra and pg-flux-matrix, every 30th case (by sorted name)
 * of the three big peer corpora, and the small real-world schemas. Fixed, so expected-pass.txt
 * stays valid. It is the costliest CI phase (about 4 s of CPU per case-direction, three CLI
 * runs each): every other / every 20th took CI to 1859 s, past its 30-minute budget. The full
 * corpora run outside CI (`npm run acceptance`, docs/acceptance.md).
 */
export const ciSlice = (root: string): CaseSpec[] => {
  const whole = ['migra', 'pg-flux-matrix'].flatMap((c) => diffCases(root, c).filter((_, i) => i % 3 === 0));
  const sampled = ['pgschema', 'pg-schema-diff', 'sqldef-psqldef'].flatMap((c) => diffCases(root, c).filter((_, i) => i % 30 === 0));
  const real = ['chinook', 'northwind', 'pgbench', 'pagila', 'sakila'].flatMap((c) => realCases(root, c));
  return [...whole, ...sampled, ...real];
};

/** Cluster-wide role setup needed by the chosen cases: SQL to run once, in order. */
export const clusterSetupSql = (root: string, cases: readonly CaseSpec[]): { label: string; sql: string }[] => {
  const corpora = new Set(cases.map((c) => c.corpus));
  const out: { label: string; sql: string }[] = [];
  const roles = new Set<string>();
  if (corpora.has('migra')) roles.add('schemainspect_test_role');
  if (corpora.has('pgschema')) roles.add('testuser');
  if (corpora.has('pg-flux-matrix')) for (const r of ['app_reader', 'app_writer', 'app_owner']) roles.add(r);
  for (const c of cases) if (c.kind === 'diff') for (const r of c.roles) roles.add(r);
  if (roles.size) {
    // case.json roles are already SQL identifiers (quoted where needed); plain names are valid identifiers too.
    const ident = (r: string): string => (r.startsWith('"') ? r : `"${r}"`);
    const stmts = [...roles].sort().map((r) => `DO $$BEGIN CREATE ROLE ${ident(r)}; EXCEPTION WHEN duplicate_object THEN NULL; END$$;`);
    out.push({ label: 'corpus roles', sql: stmts.join('\n') });
  }
  if (corpora.has('sqldef-psqldef')) {
    out.push({ label: 'sqldef-psqldef/_setup/roles.sql', sql: readFileSync(join(root, 'sqldef-psqldef/_setup/roles.sql'), 'utf8') });
  }
  for (const corpus of [...corpora].sort()) {
    for (const f of REAL_CORPORA[corpus]?.clusterSetup ?? []) {
      out.push({ label: `${corpus}/${f}`, sql: substitutePsqlVars(readFileSync(join(root, corpus, f), 'utf8'), 'postgres') });
    }
  }
  return out;
};

/**
 * Rails' structure.sql (lago, openstreetmap) ends with `INSERT INTO "schema_migrations" (version)
 * VALUES ...`: the framework's migration bookkeeping, data that schema/ refuses by design (a user
 * moves it out of the schema source; so does the harness).
 */
export const withoutRailsBookkeeping = (sql: string): string => sql.replace(/^INSERT INTO "?schema_migrations"?\s*\(version\)\s*VALUES[^;]*;/gm, '');

/**
 * pgschema and sqldef cases open with `DO $$ ... CREATE ROLE ... $$` so that their grants have
 * grantees. Roles are cluster-level and pg-flux does not manage them (README: a DO block declares
 * nothing and is refused in schema/), so a user keeps that block in a once-per-cluster setup
 * script; the harness does the same: the database load runs it, the schema source goes without it.
 * Only a block that does nothing but create roles is moved: anything else in it stays and is judged.
 */
export const withoutRoleSetupBlocks = (sql: string): string => sql.replace(/^DO\s+(\$\w*\$)([\s\S]*?)\1\s*;/gm, (block, _tag: string, body: string) => {
  const rest = body
    .replace(/--[^\n]*/g, ' ')
    .replace(/\bIF\s+NOT\s+EXISTS\s*\(\s*SELECT[^;]*?\bpg_roles\b[^;]*?\)\s*THEN/gi, ' ')
    .replace(/\bCREATE\s+(ROLE|USER)\b[^;]*;/gi, ' ')
    .replace(/\bEXCEPTION\s+WHEN\s+duplicate_object\s+THEN\s+NULL\s*;/gi, ' ')
    .replace(/\bEND\s+IF\s*;/gi, ' ')
    .replace(/\b(BEGIN|END)\b\s*;?/gi, ' ');
  return rest.trim() === '' ? '' : block;
});

/** psql variables used by the postgrest fixtures (psql -v DBNAME=… -v PGUSER=…). */
export const substitutePsqlVars = (sql: string, dbName: string): string =>
  sql.replace(/:DBNAME\b/g, `"${dbName}"`).replace(/:"PGUSER"/g, '"postgres"').replace(/:PGUSER\b/g, 'postgres');
