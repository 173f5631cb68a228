/**
 * What Coverage II brought into the model reaches generated code: COMMENT ON text becomes doc
 * comments, a domain column takes its base type (NOT NULL domains make it non-null), and a
 * composite type of the schema becomes a named type (node-postgres still returns its text, so the
 * TS column is a string; pgx scans it into the struct), with no warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from '../support/pipeline.js';
import { generateCode } from '../../src/core/emit/codegen/generate.js';
import { defaultOptions } from '../../src/core/emit/codegen/options.js';

const SOURCE = `
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (a int, b int);
CREATE TABLE people (id bigint PRIMARY KEY, mail email, p pair);
COMMENT ON TABLE people IS 'Everyone who signed up.';
COMMENT ON COLUMN people.mail IS 'Where we write to.';
`;

test('comments become doc comments; domains resolve to their base type; composites are named types', async () => {
  const s = await parseSource(SOURCE);
  const out = generateCode(s, defaultOptions('ts'));
  const text = out.files.map((f) => f.text).join('\n');
  assert.match(text, /Everyone who signed up\./);
  assert.match(text, /Where we write to\./);
  assert.match(text, /\bmail: string;/, 'a NOT NULL domain over text is a non-null string');
  assert.match(text, /\bp: string \| null;/, 'node-postgres returns a composite as its text literal');
  assert.match(text, /export interface Pair \{\n {2}a: number \| null;\n {2}b: number \| null;\n\}/, 'the parsed shape, every attribute nullable');
  assert.deepEqual(out.warnings, []);
  const go = generateCode(s, defaultOptions('go')).files.map((f) => f.text).join('\n');
  assert.match(go, /\tP +\*Pair\b/, 'pgx scans the composite into its struct');
  assert.match(go, /"public\.pair",\n\t\t"public\.pair\[\]",/, 'RegisterTypes loads it and its array type');
});
