/**
 * The only place that quotes identifiers and literals. Names in the model are raw; every SQL
 * text the tool produces passes them through here.
 */
import type { QualifiedName } from '../../model/names.js';

/**
 * Words that cannot be used as bare column or table names (PostgreSQL's reserved keywords and
 * the non-reserved ones that cannot be function or type names). Quoting more than needed is
 * harmless; quoting less breaks the statement, so this errs on the side of quoting.
 */
const RESERVED = new Set(`all analyse analyze and any array as asc asymmetric authorization binary both case cast check
collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema
current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign
freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric system_user table tablesample then to trailing true union unique
user using variadic verbose when where window with between bigint bit boolean char character coalesce dec decimal exists
extract float greatest grouping inout int integer interval least national nchar none normalize nullif numeric out overlay
position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat
xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable json json_array json_arrayagg
json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value merge_action`.split(/\s+/));

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A name holding control characters (a newline, ESC) is written with Unicode escapes,
 * `U&"a\000Ab"`: the same identifier to PostgreSQL, but a migration file or a message never
 * carries the raw character (no line break inside a comment, nothing a terminal would obey).
 */
export const unicodeEscaped = (name: string): string =>
  `U&"${[...name].map((ch) => (ch === '"' ? '""' : ch === '\\' ? '\\\\' : CONTROL.test(ch) ? `\\${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ch)).join('')}"`;

/** Quote an identifier only when PostgreSQL would not read it back unchanged. */
export const quoteIdent = (name: string): string =>
  /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name
    : CONTROL.test(name) ? unicodeEscaped(name) : `"${name.replace(/"/g, '""')}"`;

export const quoteQualified = (n: QualifiedName): string => `${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;

/**
 * The same for SQL printed by the AST printer (index definitions, expressions): its `"..."`
 * identifiers holding control characters become `U&"..."`. String literals and dollar-quoted
 * bodies are left as they are.
 */
export const escapeControlIdentifiers = (sql: string): string => {
  if (!CONTROL.test(sql)) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'") {
      const backslashes = /[eE]/.test(sql[i - 1] ?? '');
      let j = i + 1;
      while (j < sql.length) {
        if (backslashes && sql[j] === '\\') { j += 2; continue; }
        if (sql[j] === "'") { if (sql[j + 1] === "'") { j += 2; continue; } j++; break; }
        j++;
      }
      out += sql.slice(i, j);
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      let name = '';
      while (j < sql.length) {
        if (sql[j] === '"') { if (sql[j + 1] === '"') { name += '"'; j += 2; continue; } j++; break; }
        name += sql[j];
        j++;
      }
      out += CONTROL.test(name) ? unicodeEscaped(name) : sql.slice(i, j);
      i = j;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64)) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      const j = end < 0 ? sql.length : end + tag.length;
      out += sql.slice(i, j);
      i = j;
    } else { out += c; i++; }
  }
  return out;
};

/** A string literal; E'' form when backslashes are present so standard_conforming_strings does not matter. */
export const quoteLiteral = (value: string): string =>
  value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${value.replace(/'/g, "''")}'`;

export const quoteIdentList = (names: readonly string[]): string => names.map(quoteIdent).join(', ');
