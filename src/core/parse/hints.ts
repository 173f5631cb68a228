/**
 * `-- pg-flux:<name> value` comments on the line right above something in a source file (an
 * object, a column, an enum value), found with PostgreSQL's own lexer so a comment-looking
 * line inside a string is never taken for one. Only `renamed-from` exists today.
 */
import { byteToIndex, scanComments } from './pg-query.js';

const HINT = /^--\s*pg-flux:renamed-from\s+(\S(?:.*\S)?)\s*$/;
export const RENAMED_FROM = 'pg-flux:renamed-from';

export class SourceHints {
  private readonly byLine = new Map<number, string>();
  private readonly lineStarts: number[] = [0];
  private readonly toIndex: (byteOffset: number) => number;

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.toIndex = byteToIndex(text);
    let comments: ReturnType<typeof scanComments> = [];
    try { comments = scanComments(text); } catch { /* the parser reports the syntax error */ }
    for (const c of comments) {
      const m = HINT.exec(c.text.replace(/\r$/, ''));
      if (m) this.byLine.set(this.lineOf(c.start), m[1]!);
    }
  }

  /** Only files that mention a hint pay for the scan. */
  static of(text: string): SourceHints | null { return text.includes(RENAMED_FROM) ? new SourceHints(text) : null; }

  private lineOf(index: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= index) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** The value of a `renamed-from` hint on the line above the one holding string index `index`. */
  renamedFromAbove(index: number): string | null { return this.byLine.get(this.lineOf(index) - 1) ?? null; }

  /** The same for a parse-tree location (a UTF-8 byte offset). */
  renamedFromAboveLocation(location: number): string | null { return this.renamedFromAbove(this.toIndex(location)); }
}
