/**
 * Golden output per language and option variant for the kitchen-sink schema, plus views and
 * functions (hand-built model values) in every language. PGFLUX_UPDATE_GOLDEN=1 rewrites them;
 * the compile test (test/integration/codegen-compile.test.ts) proves the same output compiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource } from '../support/pipeline.js';
import { generateCode } from '../../src/core/emit/codegen/generate.js';
import { defaultOptions, type GenOptions, type Language } from '../../src/core/emit/codegen/options.js';
import type { Schema } from '../../src/core/model/schema.js';
import { withProgrammable } from '../support/codegen-model.js';

const DIR = join(import.meta.dirname, '..', 'codegen');
const GOLDEN = join(DIR, 'golden');

const GOLDEN_VARIANTS: readonly [string, Language, Partial<GenOptions>][] = [
  ['ts-default', 'ts', {}],
  ['ts-zod-branded', 'ts', { validators: 'zod', brandedIds: true }],
  ['ts-camel-bigint-temporal', 'ts', { validators: 'zod', case: 'camel', bigintAs: 'bigint', datesAs: 'temporal' }],
  ['ts-strings-nullable', 'ts', { datesAs: 'string', bigintAs: 'number', nullStyle: 'nullable', arrayElements: 'nonnull', writeTypes: true }],
  ['go-pgx-branded', 'go', { brandedIds: true }],
  ['go-database-sql-sqlx', 'go', { goDriver: 'database/sql', goTags: 'sqlx' }],
  ['go-gorm', 'go', { goTags: 'gorm' }],
  ['go-bun', 'go', { goTags: 'bun', brandedIds: true }],
  ['python-default', 'python', {}],
  ['python-branded-camel', 'python', { brandedIds: true, case: 'camel' }],
  ['rust-default', 'rust', {}],
  ['rust-branded-nonnull', 'rust', { brandedIds: true, arrayElements: 'nonnull' }],
];

const kitchenSink = (): Promise<Schema> => parseSource(readFileSync(join(DIR, 'kitchen-sink', 'schema.sql'), 'utf8'), 'kitchen-sink.sql');

const read = (dir: string): Record<string, string> =>
  existsSync(dir) ? Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')])) : {};

test('golden output per language and option variant (kitchen sink + views + functions)', async () => {
  const s = withProgrammable(await kitchenSink());
  const update = process.env['PGFLUX_UPDATE_GOLDEN'] === '1';
  for (const [name, lang, v] of GOLDEN_VARIANTS) {
    const files = generateCode(s, { ...defaultOptions(lang), ...v }).files;
    const got = Object.fromEntries(files.map((f) => [f.path, f.text]));
    const dir = join(GOLDEN, name);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const f of files) writeFileSync(join(dir, f.path), f.text);
      continue;
    }
    const want = read(dir);
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want), `${name}: files (PGFLUX_UPDATE_GOLDEN=1 npm test -- test/unit/codegen-golden.test.ts rewrites)`);
    for (const [p, text] of Object.entries(got)) assert.equal(text, want[p], `${name}/${p} differs from the golden file`);
  }
});

test('every column of the kitchen sink maps to a known type (no text fallback, no warning)', async () => {
  const s = withProgrammable(await kitchenSink());
  for (const lang of ['ts', 'go', 'python', 'rust'] as const) assert.deepEqual(generateCode(s, defaultOptions(lang)).warnings, [], lang);
});

test('output is deterministic: the same model and options give the same bytes', async () => {
  const s = withProgrammable(await kitchenSink());
  for (const [, lang, v] of GOLDEN_VARIANTS) {
    const a = generateCode(s, { ...defaultOptions(lang), ...v }).files;
    const b = generateCode(JSON.parse(JSON.stringify(s)) as Schema, { ...defaultOptions(lang), ...v }).files;
    assert.deepEqual(a, b);
  }
});
