/**
 * `COMMENT ON` text of a model object, for doc comments and `@nonnull` / `@nullable` tags: the
 * model keeps comments in one record keyed by the object they are on (`column:s.t.c`).
 */
import type { ObjectKind } from '../../model/objects.js';
import type { Schema } from '../../model/schema.js';

export const commentOf = (s: Schema, kind: ObjectKind, key: string): string | null => {
  const c = s.comments[`${kind}:${key}`]?.text;
  return typeof c === 'string' && c.length > 0 ? c : null;
};

/** Lines of a comment, trimmed at the ends, for doc-comment printers. */
export const commentLines = (c: string | null): string[] => (c === null ? [] : c.replace(/\r\n?/g, '\n').trim().split('\n'));
