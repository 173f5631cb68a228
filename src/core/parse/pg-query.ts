/**
 * The only module that touches the PostgreSQL parser (libpg-query, PostgreSQL 18 grammar) and
 * the AST printer (pgsql-deparser). Everything else sees plain JSON nodes and these functions.
 *
 * The parser is WebAssembly: `loadParser()` must have resolved once before the sync functions
 * are used (the shell does this at start-up of commands that parse).
 */
import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { escapeControlIdentifiers } from '../emit/sql/quote.js';

/** A raw AST node as libpg-query returns it: `{ NodeType: { ...fields } }`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = Record<string, any>;

export interface RawStatement {
  /** The statement node, e.g. `{ CreateStmt: {...} }`. */
  readonly node: Node;
  /** Offset of the statement's first character in the parsed text (0-based, UTF-16 units). */
  readonly offset: number;
  /** The statement's text (without the terminating semicolon). */
  readonly text: string;
}

export class SqlSyntaxError extends Error {
  /** 0-based offset in the parsed text, or null when the parser gave none. */
  readonly offset: number | null;
  constructor(message: string, offset: number | null) {
    super(message);
    this.name = 'SqlSyntaxError';
    this.offset = offset;
  }
}

let loaded: Promise<void> | null = null;
export const loadParser = (): Promise<void> => (loaded ??= loadModule());

/**
 * Byte offsets from libpg-query are UTF-8 offsets; JavaScript strings index UTF-16 units.
 * Convert once per text so non-ASCII identifiers keep exact positions.
 */
const utf8ToUtf16 = (text: string): ((byteOffset: number) => number) => {
  let ascii = true;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) { ascii = false; break; }
  if (ascii) return (b) => b;
  const map: number[] = [];
  let u16 = 0;
  for (const ch of text) {
    const bytes = Buffer.byteLength(ch, 'utf8');
    for (let k = 0; k < bytes; k++) map.push(u16);
    u16 += ch.length;
  }
  map.push(u16);
  return (b) => map[Math.min(Math.max(b, 0), map.length - 1)] ?? u16;
};

/**
 * The parser quotes the rest of the text after `at or near` — for an unterminated quote or
 * comment, the whole rest of the file. Keep the first line, and at most 40 characters of it.
 */
export const shortenParserMessage = (message: string): string =>
  message.replace(/ at or near "([\s\S]*)"$/, (_m, near: string) => {
    const line = near.split('\n')[0]!;
    const cut = line.length > 40 ? `${line.slice(0, 40)}…` : line;
    return ` at or near "${cut}${cut === near ? '' : cut.endsWith('…') ? '' : '…'}"`;
  });

/**
 * Parse trees nested deeper than this are refused: the canonicalisers and printers walk trees
 * recursively, and Node's stack ends somewhere past 3,000 levels (a chain of about 1,500 `+`
 * terms). PostgreSQL accepts deeper ones; splitting the expression is the way out.
 */
export const MAX_TREE_DEPTH = 2_500;

/** Depth of a JSON tree, computed without recursion. */
const treeDepth = (root: unknown, limit: number): number => {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) { max = d; if (max > limit) return max; }
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, d + 1]);
  }
  return max;
};

/** Parse a whole SQL text into statements. Throws SqlSyntaxError with the error offset. */
export const parseStatements = (text: string): readonly RawStatement[] => {
  let tree: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = parseSync(text) as typeof tree;
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
    // A text of only blanks and comments is an empty script, not an error.
    if (err.message === 'Query cannot be empty') return [];
    const pos = err.sqlDetails?.cursorPosition;
    const toU16 = utf8ToUtf16(text);
    const message = err.message ?? String(e);
    // Seen on inputs the parser's own stack cannot take; say what it means.
    const known = message === 'No parse tree generated' || /stack/i.test(message)
      ? 'the statement is too deeply nested or too large for the parser; split it into smaller statements or expressions'
      : shortenParserMessage(message);
    throw new SqlSyntaxError(known, typeof pos === 'number' ? toU16(pos) : null);
  }
  const toU16 = utf8ToUtf16(text);
  const textBytes = Buffer.from(text, 'utf8');
  for (const s of tree.stmts ?? []) {
    const depth = treeDepth(s.stmt, MAX_TREE_DEPTH);
    if (depth > MAX_TREE_DEPTH) {
      throw new SqlSyntaxError(`the statement nests more than ${MAX_TREE_DEPTH} levels deep (a very long chain of operators?); ` +
        'pg-flux cannot process it: split the expression (e.g. several CHECK constraints, or an IN list instead of a chain of OR)', toU16(s.stmt_location ?? 0) + leadingTrivia(textBytes.subarray(s.stmt_location ?? 0, (s.stmt_location ?? 0) + 4096).toString('utf8')));
    }
  }
  return (tree.stmts ?? []).map((s) => {
    const startByte = s.stmt_location ?? 0;
    const endByte = s.stmt_len ? startByte + s.stmt_len : textBytes.length;
    const raw = textBytes.subarray(startByte, endByte).toString('utf8');
    // stmt_location points at the end of the previous statement: skip leading blanks/comments.
    const lead = leadingTrivia(raw);
    return { node: s.stmt, offset: toU16(startByte) + lead, text: raw.slice(lead).trimEnd() };
  });
};

/** Length of leading whitespace and comments (`--` and nested `/* *\/`). */
const leadingTrivia = (s: string): number => {
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (s.startsWith('--', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
    } else if (s.startsWith('/*', i)) {
      let depth = 0;
      while (i < s.length) {
        if (s.startsWith('/*', i)) { depth++; i += 2; }
        else if (s.startsWith('*/', i)) { depth--; i += 2; if (depth === 0) break; }
        else i++;
      }
    } else return i;
  }
};

export interface CommentToken {
  /** Offsets in the text (0-based, UTF-16 units), end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The comments of a SQL text as PostgreSQL's lexer finds them: never inside a string, quoted
 * identifier or dollar-quoted body. Throws SqlSyntaxError when a quote or comment is not closed.
 */
export const scanComments = (text: string): readonly CommentToken[] => scanTokens(text, ['SQL_COMMENT', 'C_COMMENT']);

/** String constants ('...', E'...', $$...$$) of a SQL text, as the lexer finds them. */
export const scanStrings = (text: string): readonly CommentToken[] => scanTokens(text, ['SCONST', 'USCONST']);

/** UTF-8 byte offsets (parse-tree locations) → offsets in the JavaScript string. */
export const byteToIndex = (text: string): ((byteOffset: number) => number) => utf8ToUtf16(text);

const scanTokens = (text: string, names: readonly string[]): readonly CommentToken[] => {
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    tokens = scanSync(text).tokens;
  } catch {
    // The scanner reports no position; the parser does, for the same lexical error.
    try { parseStatements(text); } catch (e) { if (e instanceof SqlSyntaxError) throw e; }
    throw new SqlSyntaxError('unterminated quoted string, identifier or comment', null);
  }
  const toU16 = utf8ToUtf16(text);
  return tokens
    .filter((t) => names.includes(t.tokenName))
    .map((t) => {
      const start = toU16(t.start);
      const end = toU16(t.end);
      return { start, end, text: text.slice(start, end) };
    });
};

/** Split a SQL script into statement texts, exactly as PostgreSQL's grammar sees them. */
export const splitStatements = (text: string): readonly { readonly sql: string; readonly offset: number }[] =>
  parseStatements(text).map((s) => ({ sql: s.text, offset: s.offset }));

/** Print an AST node (statement or expression) as SQL. */
export const deparseNode = (node: Node): string => escapeControlIdentifiers(deparseSync(node, { pretty: false }));

/**
 * The PL/pgSQL tree of a complete `CREATE FUNCTION ... LANGUAGE plpgsql` statement (the
 * function's own parser: declarations, statements, and each embedded SQL text with its parse
 * mode), or null when it does not parse.
 */
export const parsePlpgsqlFunction = (createFunctionSql: string): Node | null => {
  try {
    const r = parsePlPgSQLSync(createFunctionSql) as unknown as { plpgsql_funcs?: Node[] };
    return r.plpgsql_funcs?.[0]?.['PLpgSQL_function'] ?? null;
  } catch {
    return null;
  }
};
