/**
 * What Coverage II brought into the model reaches generated code: COMMENT ON text becomes doc
 * comments, a domain column takes its base type (NOT NULL domains make it non-null), and a
 * composite or range type of the schema is typed as its text form with a warning naming it.
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

test('comments become doc comments; domains resolve to their base type; composites are text with a warning', async () => {
  const s = await parseSource(SOURCE);
  const out = generateCode(s, defaultOptions('ts'));
  const text = out.files.map((f) => f.text).join('\n');
  assert.match(text, /Everyone who signed up\./);
  assert.match(text, /Where we write to\./);
  assert.match(text, /\bmail: string;/, 'a NOT NULL domain over text is a non-null string');
  assert.match(text, /\bp: string \| null;/);
  assert.deepEqual(out.warnings, ['public.people.p: type public.pair is not known to codegen; typed as its text form']);
});
