/**
 * `-- body: <sha256>` in a generated file's header: the hash of everything after the header as it
 * was written. `migrate rebase` regenerates unapplied files, which would silently lose a hand
 * edit (a backfill UPDATE, a reordered statement); with this line it can tell a file untouched
 * since generation from one edited by hand. Editing the header itself (say the label) is harmless
 * and not counted.
 */
import { createHash } from 'node:crypto';

const headerEnd = (text: string): number => {
  const i = text.indexOf('\n\n');
  return i < 0 ? text.length : i;
};

const digest = (body: string): string => createHash('sha256').update(body).digest('hex');

/** Add the body line as the last header line. */
export const stampBody = (text: string): string => {
  const end = headerEnd(text);
  return `${text.slice(0, end)}\n-- body: ${digest(text.slice(end))}${text.slice(end)}`;
};

export type BodyState = 'as-generated' | 'edited' | 'unknown';

export const bodyState = (raw: string): BodyState => {
  // A checkout that turned line ends into CRLF has not edited anything.
  const text = raw.replace(/\r\n/g, '\n');
  const end = headerEnd(text);
  const m = /^-- body: ([0-9a-f]{64})$/m.exec(text.slice(0, end));
  if (!m) return 'unknown';
  return digest(text.slice(end)) === m[1] ? 'as-generated' : 'edited';
};
