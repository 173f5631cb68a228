/**
 * `COMMENT ON` text of a model object, for doc comments and `@nonnull` / `@nullable` tags.
 * Comments reach the model in Coverage II; until then objects have no `comment` field and this
 * returns null, so every printer already handles both.
 */
export const commentOf = (o: unknown): string | null => {
  const c = (o as { comment?: unknown } | null)?.comment;
  return typeof c === 'string' && c.length > 0 ? c : null;
};

/** Lines of a comment, trimmed at the ends, for doc-comment printers. */
export const commentLines = (c: string | null): string[] => (c === null ? [] : c.replace(/\r\n?/g, '\n').trim().split('\n'));
