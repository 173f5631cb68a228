/**
 * A create plan → source files, laid out the way a developer writes them by hand:
 * - `by-object` (default): schemas as folders; one file per table (with its constraints,
 *   indexes, triggers, rules and the sequences it owns), per view, function, type, sequence;
 *   `<schema>/schema.sql` creates a schema, `extensions.sql` holds the extensions.
 * - `by-kind`: one folder per kind, one file per object (`tables/public.users.sql`), a
 *   table's indexes in `indexes/public.users.sql` and so on.
 * - `single`: everything in `schema.sql`.
 * Statements keep the plan's order inside each file; files are sorted by path. Pure and
 * deterministic: the same model gives the same bytes.
 */
import type { Plan } from '../../model/plan.js';
import type { Schema } from '../../model/schema.js';
import { changeSubject, ownerOf } from '../../coverage/change-subject.js';
import { defOf, kindRow, type DefOf, type KindField, type ObjectRef } from '../../coverage/kinds.js';
import { terminated } from './create-plan.js';

export const DUMP_LAYOUTS = ['by-object', 'by-kind', 'single'] as const;
export type DumpLayout = (typeof DUMP_LAYOUTS)[number];

export interface DumpFile {
  /** Relative path, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/**
 * A name as one path component: letters, digits, `_` and `-` stay; anything else (`/`, `.`,
 * spaces, quotes) is percent-encoded byte by byte, so every object gets a distinct, portable
 * file name and `public.users.sql` stays readable as schema.name.
 */
const UTF8 = new TextEncoder();

export const fileComponent = (name: string): string => {
  let out = '';
  for (const ch of name) {
    if (/^[\p{L}\p{N}_-]$/u.test(ch)) out += ch;
    else for (const b of UTF8.encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out === '' ? '%00' : out;
};

const parts = (r: ObjectRef, s: Schema): { schema: string | null; base: string } => {
  const row = kindRow(r.field);
  const d = defOf(s, r) as DefOf<KindField> | undefined;
  if (d === undefined) return { schema: null, base: r.key };
  return { schema: row.schemaOf(d), base: row.file(d) };
};

const byObjectPath = (r: ObjectRef, s: Schema): string => {
  const owner = ownerOf(r, s);
  const { schema, base } = parts(owner, s);
  const folder = kindRow(owner.field).folder;
  return [schema, folder].filter((x): x is string => x !== null).map(fileComponent)
    .concat(`${fileComponent(base)}.sql`).join('/');
};

const byKindPath = (r: ObjectRef, s: Schema): string => {
  const folder = kindRow(r.field).folder;
  if (folder === null) return `${r.field}.sql`;
  const { schema, base } = parts(r, s);
  return `${folder}/${schema === null ? '' : `${fileComponent(schema)}.`}${fileComponent(base)}.sql`;
};

export const dumpPath = (r: ObjectRef, s: Schema, layout: DumpLayout): string =>
  layout === 'single' ? 'schema.sql' : layout === 'by-kind' ? byKindPath(r, s) : byObjectPath(r, s);

/** The plan's statements grouped into files. `objects` is the model the plan creates. */
export const layoutDump = (p: Plan, objects: Schema, layout: DumpLayout): DumpFile[] => {
  const files = new Map<string, string[]>();
  for (const step of p.steps) {
    const path = dumpPath(changeSubject(step.change), objects, layout);
    let list = files.get(path);
    if (!list) files.set(path, (list = []));
    for (const st of step.statements) list.push(terminated(st.sql));
  }
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, stmts]) => ({ path, text: `${stmts.join('\n\n')}\n` }));
};
