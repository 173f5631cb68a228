/**
 * CREATE STATISTICS syntax tree → StatisticsDef. The source parser and the inspector (which reads
 * pg_get_statisticsobjdef) both build through here, so both sides agree by construction.
 */
import type { Node } from '../parse/pg-query.js';
import type { SourceSpan, StatisticsDef, StatisticsKind } from '../model/objects.js';
import { exprFromNode } from './expressions.js';
import { truncateIdentifier } from './identifiers.js';
import { DEFAULT_SCHEMA } from './defaults.js';

const KINDS: readonly StatisticsKind[] = ['ndistinct', 'dependencies', 'mcv'];

export const statisticsFromStmt = (stmt: Node, source: SourceSpan | null, target: number | null = null): StatisticsDef => {
  const parts: string[] = (stmt['defnames'] ?? []).map((n: Node) => truncateIdentifier(String(n['String']?.sval)));
  const name = parts.length >= 2 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: DEFAULT_SCHEMA, name: parts[0]! };
  const relations = stmt['relations'] ?? [];
  const rv = relations[0]?.RangeVar;
  if (relations.length !== 1 || !rv) throw new Error(`statistics ${name.schema}.${name.name}: CREATE STATISTICS takes exactly one table`);
  const table = { schema: rv.schemaname ?? DEFAULT_SCHEMA, name: truncateIdentifier(rv.relname) };
  const elems: Node[] = (stmt['exprs'] ?? []).map((e: Node) => e['StatsElem']);
  const columns = elems.filter((e) => e['name'] !== undefined).map((e) => truncateIdentifier(String(e['name']))).sort();
  // A parenthesised plain column, `(a)`, is the column itself to PostgreSQL.
  for (const e of elems) if (e['expr']?.ColumnRef?.fields?.length === 1 && e['expr'].ColumnRef.fields[0].String) columns.push(truncateIdentifier(e['expr'].ColumnRef.fields[0].String.sval));
  columns.sort();
  const expressions = elems.filter((e) => e['expr'] !== undefined && !(e['expr'].ColumnRef?.fields?.length === 1 && e['expr'].ColumnRef.fields[0].String))
    .map((e) => exprFromNode(e['expr']));
  const declared = (stmt['stat_types'] ?? []).map((t: Node) => String(t['String']?.sval));
  const unknown = declared.filter((k: string) => !(KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`unrecognized statistics kind "${unknown[0]}" (use ndistinct, dependencies or mcv)`);
  if (columns.length + expressions.length === 0) throw new Error(`statistics ${name.schema}.${name.name} names no columns`);
  // Without a list PostgreSQL builds every kind, except on one expression alone (expression statistics only).
  const single = columns.length === 0 && expressions.length === 1;
  const kinds = declared.length ? KINDS.filter((k) => declared.includes(k)) : single ? [] : [...KINDS];
  return { kind: 'statistics', name, table, kinds, columns, expressions, target, source };
};
