/**
 * Identifier rules of PostgreSQL that the parser applies to source names: truncation to
 * NAMEDATALEN-1 bytes, and reading a possibly quoted, possibly qualified name from a string
 * (as in nextval('"My Seq"') or a regclass literal).
 */
import type { QualifiedName } from '../model/names.js';
import { quoteIdent } from '../emit/sql/quote.js';

export const NAMEDATALEN = 64;

/** Cut a name to at most `maxBytes` UTF-8 bytes without splitting a character. */
export const clipBytes = (s: string, maxBytes: number): string => {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (used + b > maxBytes) break;
    out += ch;
    used += b;
  }
  return out;
};

/** PostgreSQL truncates identifiers longer than 63 bytes. */
export const truncateIdentifier = (s: string): string => clipBytes(s, NAMEDATALEN - 1);

/** Split `a."B c".d` into raw parts (unquoted parts are lower-cased, as PostgreSQL does). */
export const splitQualified = (text: string): string[] | null => {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === '"') {
          if (text[j + 1] === '"') { part += '"'; j += 2; continue; }
          break;
        }
        part += text[j++];
      }
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.') j++;
      parts.push(text.slice(i, j).trim().toLowerCase());
      i = j;
    }
    if (i < text.length) {
      if (text[i] !== '.') return null;
      i++;
    }
  }
  return parts.map(truncateIdentifier);
};

export const parseQualifiedText = (text: string, defaultSchema: string): QualifiedName | null => {
  const parts = splitQualified(text);
  if (!parts || parts.length === 0 || parts.length > 2) return null;
  return parts.length === 1 ? { schema: defaultSchema, name: parts[0]! } : { schema: parts[0]!, name: parts[1]! };
};

export const qualifiedText = (n: QualifiedName): string => `${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;
