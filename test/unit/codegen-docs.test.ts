/** The README's codegen type table is the one the mapping code prints (docs cannot drift from code). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { typeTableMarkdown } from '../../src/core/emit/codegen/types/doc-table.js';
import { HELP } from '../../src/cli/help.js';
import { OPTION_SPECS } from '../../src/core/emit/codegen/option-spec.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

test('README codegen type table matches the type table', () => {
  const m = /<!-- codegen-types:begin -->\n([\s\S]*?)\n<!-- codegen-types:end -->/.exec(README);
  assert.ok(m, 'README has the codegen-types block');
  assert.equal(m[1], typeTableMarkdown(), 'regenerate the README block from typeTableMarkdown()');
});

test('every gen option is documented in --help and in the README', () => {
  for (const s of OPTION_SPECS) {
    assert.match(HELP['gen']!, new RegExp(`--${s.flag}\\b`), `--help lacks --${s.flag}`);
    assert.match(README, new RegExp(`\`--${s.flag}[ \`]`), `README lacks --${s.flag}`);
  }
});
