/**
 * Bytes of a schema file → text, refusing what would silently change meaning. Without these
 * checks a Latin-1 `'café'` became `'caf\uFFFD'` in the migration and in the database (and drift
 * then reported clean), and everything after a NUL byte was ignored by the parser (so plan
 * proposed dropping the tables declared there).
 */
import { DiagnosticError, diagnostic } from '../../core/model/diagnostic.js';

const fail = (path: string, line: number, column: number, message: string): never => {
  throw new DiagnosticError([diagnostic('invalid_definition', message, { file: path, line, column })]);
};

/** Line and column (1-based, in characters) of a byte offset in valid UTF-8 bytes before it. */
const position = (bytes: Uint8Array, offset: number): { line: number; column: number } => {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) { line++; lineStart = i + 1; }
  let column = 1;
  // Count characters, not bytes: continuation bytes (10xxxxxx) do not start one.
  for (let i = lineStart; i < offset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
};

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export const firstInvalidUtf8 = (b: Uint8Array): number => {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
};

const hex = (x: number): string => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`;

export const decodeSource = (path: string, bytes: Uint8Array): string => {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) fail(path, 1, 1, 'the file is UTF-16 (little-endian, it starts with a UTF-16 byte order mark); save it as UTF-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) fail(path, 1, 1, 'the file is UTF-16 (big-endian, it starts with a UTF-16 byte order mark); save it as UTF-8');
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // a UTF-8 byte order mark is skipped
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul >= 0) {
    // ASCII text saved as UTF-16 without a byte order mark: every other byte is NUL.
    const sample = body.subarray(0, Math.min(body.length, 64));
    let odd = 0;
    let even = 0;
    sample.forEach((x, i) => { if (x === 0) { if (i % 2) odd++; else even++; } });
    const half = Math.floor(sample.length / 2);
    if (sample.length >= 8 && Math.max(odd, even) >= half * 0.8)
      fail(path, 1, 1, 'the file looks like UTF-16 (every other byte is NUL); save it as UTF-8');
    const at = position(body, nul);
    fail(path, at.line, at.column, 'NUL byte (0x00) in the file: PostgreSQL would ignore everything after it; remove it (is this a binary file?)');
  }
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const at = position(body, bad);
    const latin1 = body[bad]! >= 0xa0 ? ' (it looks like Latin-1 or Windows-1252 text)' : '';
    fail(path, at.line, at.column, `invalid UTF-8: byte ${hex(body[bad]!)} does not start a valid character${latin1}; save the file as UTF-8`);
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
};
