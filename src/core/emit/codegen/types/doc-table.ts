/**
 * The README's type mapping table, printed from the type table itself (so docs and code cannot
 * disagree: a unit test compares the README block with this output).
 */
import { defaultOptions } from '../options.js';
import { TYPE_TABLE, type TypeEntry } from './table.js';

const tsOf = (e: TypeEntry): string => {
  if (!('by' in e.ts)) return e.ts.ts;
  const d = defaultOptions('ts')[e.ts.by];
  return Object.entries(e.ts.variants).map(([k, v]) => `${v.ts}${k === d ? ' (default)' : ''}`).filter((x, i, a) => a.indexOf(x) === i).join(' / ');
};

const code = (s: string): string => `\`${s.replace(/\|/g, '\\|')}\``;

export const typeTableMarkdown = (): string => {
  const rows = Object.entries(TYPE_TABLE).map(([name, e]) => [
    code(name), code(tsOf(e)), code(e.goPgx.type), code(e.goSql.type), code(e.python.type), e.rust ? code(e.rust.type) : 'left out (sqlx cannot decode it)',
  ]);
  return [
    '| PostgreSQL | TypeScript (node-postgres 8) | Go pgx v5 | Go database/sql | Python (psycopg 3) | Rust (sqlx) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
};
