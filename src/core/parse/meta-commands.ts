/**
 * psql meta-commands that pg_dump writes into plain dumps: `\restrict KEY` at the top and
 * `\unrestrict KEY` at the end (pg_dump 17.6+, 18). They are instructions to psql, not SQL,
 * so the parser would reject them. They are blanked out (replaced by spaces of the same
 * length, line breaks kept) so that every offset after them still points at the same
 * line:column of the user's file.
 */
const DUMP_META_COMMAND = /^\\(?:restrict|unrestrict)(?:[ \t]+[A-Za-z0-9]*)?[ \t]*\r?$/gm;

export const blankDumpMetaCommands = (text: string): string =>
  text.includes('\\') ? text.replace(DUMP_META_COMMAND, (line) => line.replace(/[^\r]/g, ' ')) : text;
