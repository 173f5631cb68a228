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

/** Quote an identifier only when PostgreSQL would not read it back unchanged. */
export const quoteIdent = (name: string): string =>
  /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;

export const quoteQualified = (n: QualifiedName): string => `${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;

/** A string literal; E'' form when backslashes are present so standard_conforming_strings does not matter. */
export const quoteLiteral = (value: string): string =>
  value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${value.replace(/'/g, "''")}'`;

export const quoteIdentList = (names: readonly string[]): string => names.map(quoteIdent).join(', ');
