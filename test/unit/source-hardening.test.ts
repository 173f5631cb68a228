/**
 * Source files that would silently change meaning, or break the parser: invalid UTF-8, BOMs,
 * UTF-16, NUL bytes, unterminated quotes in big files, very deep expressions, very large files,
 * identifiers over 63 bytes. Each is either handled or refused with file:line:column, quickly,
 * and never as an internal error.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource, firstInvalidUtf8 } from '../../src/shell/fs/decode-source.js';
import { findLongIdentifiers } from '../../src/core/parse/long-identifiers.js';
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const problem = (f: () => unknown): string => {
  try { f(); } catch (e) { if (e instanceof DiagnosticError) return e.message; throw e; }
  return assert.fail('expected a DiagnosticError');
};

describe('decodeSource', () => {
  it('refuses invalid UTF-8 at the first bad byte (a Latin-1 café)', () => {
    const m = problem(() => decodeSource('schema/a.sql', bytes("CREATE TABLE t (\n  s text DEFAULT 'caf", [0xe9], "'\n);\n")));
    assert.equal(m, "schema/a.sql:2:22: invalid UTF-8: byte 0xE9 does not start a valid character (it looks like Latin-1 or Windows-1252 text); save the file as UTF-8");
  });
  it('skips a UTF-8 byte order mark', () => {
    assert.equal(decodeSource('a.sql', bytes([0xef, 0xbb, 0xbf], 'CREATE TABLE t ();')), 'CREATE TABLE t ();');
  });
  it('names UTF-16, with or without a byte order mark', () => {
    assert.match(problem(() => decodeSource('a.sql', Buffer.from('\uFEFFCREATE TABLE t ();', 'utf16le'))), /^a\.sql:1:1: the file is UTF-16 \(little-endian/);
    assert.match(problem(() => decodeSource('a.sql', bytes([0xfe, 0xff, 0, 0x43]))), /UTF-16 \(big-endian/);
    assert.match(problem(() => decodeSource('a.sql', Buffer.from('CREATE TABLE t ();', 'utf16le'))), /^a\.sql:1:1: the file looks like UTF-16 \(every other byte is NUL\)/);
  });
  it('refuses a NUL byte at its position (the parser would ignore everything after it)', () => {
    const m = problem(() => decodeSource('a.sql', bytes('CREATE TABLE t (id int);\nCREATE TABLE ü', [0], 'u (id int);\n')));
    assert.match(m, /^a\.sql:2:15: NUL byte \(0x00\) in the file/);
  });
  it('finds overlong forms, surrogates and truncated sequences', () => {
    assert.equal(firstInvalidUtf8(bytes('ok ', [0xc0, 0xaf])), 3);
    assert.equal(firstInvalidUtf8(bytes([0xed, 0xa0, 0x80])), 0);
    assert.equal(firstInvalidUtf8(bytes('ab', [0xe2, 0x82])), 2);
    assert.equal(firstInvalidUtf8(bytes('€ 😀 ü')), -1);
  });
});

describe('the parser entry', () => {
  before(() => loadParser());
  const parse = (text: string) => problem(() => parseSchema([{ path: 'schema/a.sql', text }]));

  it('reports an unterminated quote at its start with a short excerpt, in linear time (4 MB)', () => {
    const rest = `${'x'.repeat(99)}\n`.repeat(40_000);
    for (const opener of ["CREATE TABLE t (id int DEFAULT 'abc);\n", 'CREATE TABLE t (id int); /* never closed\n', 'CREATE TABLE t (id int DEFAULT $q$abc);\n', 'CREATE TABLE "t (id int);\n']) {
      const t0 = performance.now();
      const m = parse(opener + rest);
      assert.ok(performance.now() - t0 < 15_000, 'took too long');
      assert.match(m, /^schema\/a\.sql:1:\d+: unterminated /);
      assert.ok(m.length < 200, `message is short: ${m.slice(0, 300)}`);
    }
  });
  it('refuses a 5,000-term expression with a clear message (never a stack overflow)', () => {
    const m = parse(`CREATE TABLE t (a int, CHECK (${Array(5000).fill('a').join(' + ')} > 0));\n`);
    assert.match(m, /^schema\/a\.sql:1:1: the statement nests more than 2500 levels deep .*split the expression/);
  });
  it('handles a 1,000-term expression and a 5,000-term OR list', () => {
    parseSchema([{ path: 'a.sql', text: `CREATE TABLE t (a int, CHECK (${Array(1000).fill('a').join(' + ')} > 0));\n` }]);
    parseSchema([{ path: 'a.sql', text: `CREATE TABLE t (a int, CHECK (${Array.from({ length: 5000 }, (_, i) => `a = ${i}`).join(' OR ')}));\n` }]);
  });
  it('handles a 20 MB file, and a 1 MB statement (a 100,000-value IN list)', () => {
    // 20 MB of statements parse too (about 45 s on a loaded 2-core machine: a measurement, not a test).
    const text = `-- ${'x'.repeat(20_000_000)}\nCREATE TABLE t (a text CHECK (a IN (${Array.from({ length: 100_000 }, (_, i) => `'v${i}'`).join(',')})));\n`;
    const r = parseSchema([{ path: 'a.sql', text: decodeSource('a.sql', Buffer.from(text, 'utf8')) }]);
    assert.equal(Object.keys(r.schema.constraints).length, 1);
  });
  it('refuses identifiers over 63 bytes where they are written (PostgreSQL would cut them)', () => {
    const long = 'a'.repeat(64);
    const m = parse(`CREATE TABLE ok (id int);\nCREATE TABLE ${long} (id int, "${'é'.repeat(32)}" int);\n`);
    assert.match(m, new RegExp(`^schema/a\\.sql:2:14: identifier ${long} is 64 bytes long: PostgreSQL cuts names to 63 bytes \\(it would become ${'a'.repeat(63)}\\); shorten it`));
    assert.match(m, /schema\/a\.sql:2:\d+: identifier "é{32}" is 64 bytes long/);
    // Exactly 63 bytes is fine; long text in strings, comments and bodies is not an identifier.
    parseSchema([{ path: 'a.sql', text: `CREATE TABLE ${'b'.repeat(63)} (id int DEFAULT length('${'c'.repeat(100)}')); -- ${'d'.repeat(100)}\n` }]);
  });
  it('the long-identifier scanner skips strings, dollar quotes and comments and decodes U&"" names', () => {
    const n = 'n'.repeat(70);
    assert.deepEqual(findLongIdentifiers(`SELECT '${n}', $x$ ${n} $x$, E'\\' ${n}' /* ${n} /* nested */ ${n} */ -- ${n}\n`), []);
    assert.deepEqual(findLongIdentifiers(`SELECT U&"\\0061${'b'.repeat(62)}"`).map((x) => x.bytes), [63].filter(() => false));
    assert.deepEqual(findLongIdentifiers(`SELECT ${n.toUpperCase()}`).map((x) => [x.offset, x.name, x.bytes]), [[7, n, 70]]);
  });
});
