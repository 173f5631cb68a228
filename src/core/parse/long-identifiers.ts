/**
 * Identifiers longer than PostgreSQL's 63-byte limit. The server (and libpg_query, whose trees
 * already hold the cut names) silently truncates them, so a long table name would be created
 * under another name — and two long names sharing their first 63 bytes would be one object.
 * pg-flux refuses them in the source instead, at their place.
 *
 * A small linear scanner over the text: it only needs to skip what is not an identifier
 * (strings, dollar-quoted bodies, comments) and measure the rest.
 */

export const MAX_IDENTIFIER_BYTES = 63;

export interface LongIdentifier {
  /** 0-based UTF-16 offset of the identifier's first character. */
  readonly offset: number;
  /** The identifier as PostgreSQL reads it (unquoted: lower-cased; quoted: `""` unescaped). */
  readonly name: string;
  readonly bytes: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

export const findLongIdentifiers = (text: string): LongIdentifier[] => {
  const out: LongIdentifier[] = [];
  const n = text.length;
  let i = 0;
  const report = (offset: number, name: string): void => {
    const bytes = byteLength(name);
    if (bytes > MAX_IDENTIFIER_BYTES) out.push({ offset, name, bytes });
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') { const nl = text.indexOf('\n', i); i = nl < 0 ? n : nl + 1; continue; }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 0;
      while (i < n) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; if (depth === 0) break; } else i++;
      }
      continue;
    }
    if (c === "'") {
      // E'...' strings allow backslash escapes; standard strings only ''.
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && !IDENT_CHAR.test(text[i - 2] ?? ' ');
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') { i += 2; continue; }
        if (text[i] === "'") { if (text[i + 1] === "'") { i += 2; continue; } i++; break; }
        i++;
      }
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 80));
      if (m && !(i > 0 && IDENT_CHAR.test(text[i - 1]!))) {
        const end = text.indexOf(m[0], i + m[0].length);
        i = end < 0 ? n : end + m[0].length;
        continue;
      }
      i++;
      continue;
    }
    if (c === '"') {
      const unicode = i >= 2 && (text[i - 1] === '&') && /[uU]/.test(text[i - 2]!);
      const start = unicode ? i - 2 : i;
      let name = '';
      i++;
      while (i < n) {
        if (text[i] === '"') { if (text[i + 1] === '"') { name += '"'; i += 2; continue; } i++; break; }
        name += text[i];
        i++;
      }
      // U&"..." escapes (\XXXX, \+XXXXXX) shorten the name: measure the decoded form.
      if (unicode) name = name.replace(/\\(\+[0-9A-Fa-f]{6}|[0-9A-Fa-f]{4}|\\)/g, (_m, x: string) => (x === '\\' ? '\\' : String.fromCodePoint(parseInt(x.replace('+', ''), 16))));
      report(start, name);
      continue;
    }
    if (IDENT_START.test(c) && !(i > 0 && IDENT_CHAR.test(text[i - 1]!))) {
      const start = i;
      while (i < n && IDENT_CHAR.test(text[i]!)) i++;
      report(start, text.slice(start, i).toLowerCase());
      continue;
    }
    i++;
  }
  return out;
};
