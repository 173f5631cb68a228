/**
 * Generated code compiles with the real toolchains, for the kitchen sink in every option variant,
 * every fixture schema and every loadable real-world corpus schema: tsc --strict (with zod, and a
 * type-level proof that each z.infer equals its interface), go build + go vet + gofmt, pyright
 * --strict against pydantic v2, cargo check --offline against Debian's crates. One project per
 * language, one toolchain run each (see test/support/codegen-toolchains.ts).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCode } from '../../src/core/emit/codegen/generate.js';
import { defaultOptions, type GenOptions, type Language } from '../../src/core/emit/codegen/options.js';
import { parseSource } from '../support/pipeline.js';
import { withProgrammable } from '../support/codegen-model.js';
import { corpusCases, fixtureCases, type CodegenCase } from '../support/codegen-corpus.js';
import * as T from '../support/codegen-toolchains.js';

/** Option variants per language; each case takes one in turn, the kitchen sink takes all. */
const VARIANTS: Readonly<Record<Language, readonly Partial<GenOptions>[]>> = {
  ts: [
    { validators: 'zod', brandedIds: true },
    { validators: 'zod', case: 'camel', bigintAs: 'bigint', datesAs: 'temporal' },
    { validators: 'zod', datesAs: 'string', bigintAs: 'number', nullStyle: 'nullable', arrayElements: 'nonnull' },
    { validators: 'zod', case: 'pascal', writeTypes: false, brandedIds: true },
  ],
  go: [{ brandedIds: true }, { goTags: 'gorm' }, { goDriver: 'database/sql', goTags: 'sqlx', brandedIds: true }, { goTags: 'bun', arrayElements: 'nonnull' }],
  python: [{ brandedIds: true }, { case: 'camel', nullStyle: 'nullable' }],
  rust: [{ brandedIds: true }, { arrayElements: 'nonnull', writeTypes: false }],
};

interface Unit { readonly dir: string; readonly options: GenOptions; readonly schema: CodegenCase['schema'] }

let root = '';
let units: Unit[] = [];
let notLoadable: readonly string[] = [];
type Check = () => void;
const jobs: Record<'ts' | 'py' | 'go' | 'rust', Promise<Check>> = {} as Record<'ts' | 'py' | 'go' | 'rust', Promise<Check>>;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'pgflux-codegen-'));
  const kitchen = withProgrammable(await parseSource(readFileSync(join(T.REPO, 'test', 'codegen', 'kitchen-sink', 'schema.sql'), 'utf8'), 'kitchen-sink.sql'));
  const corpus = await corpusCases();
  notLoadable = corpus.notLoadable;
  const cases = [...await fixtureCases(), ...corpus.cases];
  units = [];
  for (const lang of Object.keys(VARIANTS) as Language[]) {
    VARIANTS[lang].forEach((v, i) => units.push({ dir: `kitchen_v${i}`, options: { ...defaultOptions(lang), ...v, out: `kitchen_v${i}` }, schema: kitchen }));
    cases.forEach((c, i) => {
      const v = VARIANTS[lang][i % VARIANTS[lang].length]!;
      const dir = T.caseIdent(c.name);
      units.push({ dir, options: { ...defaultOptions(lang), ...v, out: dir }, schema: c.schema });
    });
  }
  // tsc and pyright are single-threaded: they run side by side, then go and cargo (which use every core).
  const ts = tsJob();
  const py = pyJob();
  jobs.ts = ts;
  jobs.py = py;
  const first = Promise.allSettled([ts, py]);
  jobs.go = first.then(goJob);
  jobs.rust = first.then(rustJob);
});

const unitsOf = (lang: Language): Unit[] => units.filter((u) => u.options.lang === lang);

const report = (r: T.ToolResult): string => r.output.split('\n').slice(0, 60).join('\n');

test('corpus schemas that do not load are listed, not skipped silently', () => {
  // Known: PostGIS and pg_partman are not part of the embedded server (openstreetmap, lago, postgrest-fixtures).
  for (const n of notLoadable) process.stderr.write(`codegen compile: not loadable here: ${n}\n`);
  assert.ok(unitsOf('ts').length > 80, 'the fixture and corpus cases were generated');
});

const tsJob = async (): Promise<Check> => {
  const dir = join(root, 'ts');
  T.setupTs(dir);
  for (const u of unitsOf('ts')) {
    const files = generateCode(u.schema, u.options).files;
    T.writeFiles(join(dir, u.dir), files);
    const validators = files.find((f) => f.path === 'validators.ts');
    if (validators) T.writeFiles(dir, [{ path: `${u.dir}.assert.ts`, text: T.zodAssertions(validators.text, `./${u.dir}`) }]);
  }
  const r = await T.tsc(dir);
  return () => assert.ok(r.ok, report(r));
};

const goJob = async (): Promise<Check> => {
  const dir = join(root, 'go');
  T.setupGo(dir);
  for (const u of unitsOf('go')) T.writeFiles(join(dir, u.dir), generateCode(u.schema, u.options).files);
  const r = await T.goBuildVet(dir);
  return () => assert.ok(r.ok && !r.output.includes('gofmt would change'), report(r));
};

/**
 * pyright takes about 0.1 s per pydantic model on this machine; GitLab's ~1,000 tables alone
 * would cost minutes. Schemas above this size are checked by importing them under pydantic v2
 * instead (which builds every model and resolves every annotation), the rest by pyright --strict.
 */
const PYRIGHT_MAX_RELATIONS = 400;

const pyJob = async (): Promise<Check> => {
  const env = T.findPydantic2();
  if (!env) return () => assert.fail('no python3 with pydantic >= 2 found (the machine image carries one; Debian python3-pydantic is v1)');
  const dir = join(root, 'py');
  const big = join(root, 'py-import');
  T.setupPython(dir, env);
  const imported: string[] = [];
  for (const u of unitsOf('python')) {
    const large = Object.keys(u.schema.tables).length + Object.keys(u.schema.views).length > PYRIGHT_MAX_RELATIONS;
    T.writeFiles(join(large ? big : dir, u.dir), generateCode(u.schema, u.options).files);
    if (large) imported.push(u.dir);
  }
  const r = await T.pyright(dir, env);
  const imports: [string, T.ToolResult][] = [];
  for (const m of imported) {
    imports.push([m, await T.run(env.python, ['-c', `import ${m}.models`], big, { PYTHONPATH: [big, env.psycopgPath].filter(Boolean).join(':') })]);
  }
  return () => {
    assert.ok(r.ok, report(r));
    for (const [m, i] of imports) assert.ok(i.ok, `${m}: ${report(i)}`);
  };
};

const rustJob = async (): Promise<Check> => {
  const dir = join(root, 'rust');
  const us = unitsOf('rust');
  T.setupRust(dir, us.map((u) => u.dir));
  for (const u of us) T.writeFiles(join(dir, 'src', u.dir), generateCode(u.schema, u.options).files);
  const r = await T.cargoCheck(dir);
  return () => assert.ok(r.ok, report(r));
};

test('TypeScript: tsc --strict (exactOptionalPropertyTypes) with zod; z.infer equals every interface', async () => (await jobs.ts)());
test('Go: go build, go vet and gofmt (pgx v5 against the pgtype stand-in; database/sql; gorm, sqlx, bun tags)', async () => (await jobs.go)());
test('Python: pyright --strict against pydantic v2 and psycopg 3 (largest schemas: imported under pydantic v2)', async () => (await jobs.py)());
test('Rust: cargo check --offline against Debian crates and the sqlx stand-in', async () => (await jobs.rust)());

after(async () => {
  await Promise.allSettled(Object.values(jobs));
  if (!process.env['PGFLUX_KEEP_CODEGEN']) rmSync(root, { recursive: true, force: true }); else process.stderr.write(`kept ${root}\n`);
});
