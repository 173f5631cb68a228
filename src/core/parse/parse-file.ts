/**
 * One source file's text → its statements, before anything looks at other files: a pure function
 * of the text alone (no path, no draft), and plain JSON data. That makes it the per-file result
 * the shell can cache by content (shell/fs/parse-cache.ts): the grammar's parse is the most
 * expensive step that does not depend on other files, and everything after it (dispatch into the
 * shared draft, cross-file resolution) does.
 */
import { parseStatements, SqlSyntaxError, type RawStatement } from './pg-query.js';
import { blankDumpMetaCommands } from './meta-commands.js';
import { findLongIdentifiers, type LongIdentifier } from './long-identifiers.js';

export interface ParsedFile {
  /** The file's statements in order (psql meta-commands of dumps blanked, offsets unchanged). */
  readonly statements: readonly RawStatement[];
  /** Identifiers PostgreSQL would cut to 63 bytes, refused at their place by parseSchema. */
  readonly longIdentifiers: readonly LongIdentifier[];
}

export interface FileSyntaxError {
  readonly syntaxError: { readonly message: string; readonly offset: number | null };
}

export type FileParse = ParsedFile | FileSyntaxError;

export const isSyntaxError = (p: FileParse): p is FileSyntaxError => 'syntaxError' in p;

/** Parse one file's text. A syntax error is a result, not an exception: parseSchema reports it at its place. */
export const parseFileText = (text: string): FileParse => {
  let statements: readonly RawStatement[];
  try {
    statements = parseStatements(blankDumpMetaCommands(text));
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    return { syntaxError: { message: e.message, offset: e.offset } };
  }
  return { statements, longIdentifiers: findLongIdentifiers(text) };
};

/**
 * Whether a value read back from storage has ParsedFile's shape (a cache entry that does not is
 * ignored). Checks every statement's fields, not the trees inside them: those come from the same
 * JSON the parser itself produces.
 */
export const isParsedFile = (v: unknown): v is ParsedFile => {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (!Array.isArray(o['statements']) || !Array.isArray(o['longIdentifiers'])) return false;
  for (const s of o['statements'] as unknown[]) {
    if (typeof s !== 'object' || s === null) return false;
    const r = s as Record<string, unknown>;
    if (typeof r['node'] !== 'object' || r['node'] === null || Array.isArray(r['node'])) return false;
    if (typeof r['offset'] !== 'number' || typeof r['text'] !== 'string') return false;
  }
  for (const l of o['longIdentifiers'] as unknown[]) {
    if (typeof l !== 'object' || l === null) return false;
    const r = l as Record<string, unknown>;
    if (typeof r['offset'] !== 'number' || typeof r['name'] !== 'string' || typeof r['bytes'] !== 'number') return false;
  }
  return true;
};
