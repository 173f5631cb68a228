/**
 * What a string-form routine body names: PostgreSQL does not track these dependencies, so they
 * are read here with PostgreSQL's own SQL parser (SQL bodies) and PL/pgSQL parser (plpgsql
 * bodies, whose embedded statements and expressions are parsed in turn). The result orders
 * creation: a function is created after the relations, routines and types its body names.
 *
 * Unqualified names resolve to the default schema, as everywhere in the source model; names of
 * built-ins (`lower`, `now`) then point at nothing in the plan and order nothing.
 */
import { parsePlpgsqlFunction, parseStatements, type Node } from '../parse/pg-query.js';
import { DEFAULT_SCHEMA } from './defaults.js';
import { isBuiltinType } from './type-names.js';

const str = (n: Node): string | undefined => n?.['String']?.sval;

/** Collect refs from any parse tree (walks every node). */
const collect = (node: unknown, out: Set<string>): void => {
  if (Array.isArray(node)) { for (const x of node) collect(x, out); return; }
  if (node === null || typeof node !== 'object') return;
  const n = node as Node;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'RangeVar' && v?.relname) out.add(`table:${v.schemaname ?? DEFAULT_SCHEMA}.${v.relname}`);
    else if (k === 'FuncCall') {
      const parts = (v?.funcname ?? []).map(str).filter((x: string | undefined): x is string => !!x);
      const name = parts[parts.length - 1];
      const schema = parts.length > 1 ? parts[parts.length - 2] : DEFAULT_SCHEMA;
      if (name && schema !== 'pg_catalog') out.add(`fname:${schema}.${name}`);
    } else if (k === 'TypeName') {
      // A type name may be a relation's row type: it names the relation as well.
      const parts = (v?.names ?? []).map(str).filter((x: string | undefined): x is string => !!x);
      const qualified = parts.length === 2 && parts[0] !== 'pg_catalog' ? `${parts[0]}.${parts[1]}`
        : parts.length === 1 && !isBuiltinType(parts[0]) && !v?.pct_type ? `${DEFAULT_SCHEMA}.${parts[0]}` : null;
      if (qualified && !v?.pct_type) { out.add(`type:${qualified}`); out.add(`table:${qualified}`); }
      // `t.c%TYPE` names the relation t.
      if (v?.pct_type && parts.length >= 2) out.add(`table:${parts.length >= 3 ? parts[parts.length - 3] : DEFAULT_SCHEMA}.${parts[parts.length - 2]}`);
    }
    if (typeof v === 'object') collect(v, out);
  }
};

/** Relations, routines (by name) and types a parse tree names, as ordering refs (sorted). */
export const namedRefs = (node: unknown): string[] => {
  const out = new Set<string>();
  collect(node, out);
  return [...out].sort();
};

/**
 * Refs of bare TypeName nodes: fields the grammar types as TypeName (a function's argument and
 * result types) come unwrapped in the parse tree, so the walk above would not see them as types.
 */
export const typeNameNodes = (types: readonly unknown[]): Node[] =>
  types.filter((t) => t !== null && t !== undefined).map((t) => ({ TypeName: t }));

/** Refs of SQL text (one or more statements), or null when it does not parse. */
const sqlRefs = (sql: string, out: Set<string>): boolean => {
  try {
    for (const s of parseStatements(sql)) collect(s.node, out);
    return true;
  } catch {
    return false;
  }
};

/**
 * PL/pgSQL embeds SQL as text with a parse mode: 0 a whole statement, 2 an expression,
 * 3 an assignment (`target := expr`), 1 a type name.
 */
const plpgsqlExprSql = (query: string, mode: number): string => {
  if (mode === 0) return query;
  if (mode === 1) return `SELECT NULL::${query}`;
  const assign = mode === 3 ? query.indexOf(':=') : -1;
  const rhs = assign >= 0 ? query.slice(assign + 2) : mode === 3 && query.includes('=') ? query.slice(query.indexOf('=') + 1) : query;
  return `SELECT ${rhs}`;
};

const collectPlpgsql = (node: unknown, out: Set<string>): void => {
  if (Array.isArray(node)) { for (const x of node) collectPlpgsql(x, out); return; }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === 'PLpgSQL_expr' && typeof v?.query === 'string') sqlRefs(plpgsqlExprSql(v.query, v.parseMode ?? 0), out);
    else if (k === 'PLpgSQL_type' && typeof v?.typname === 'string') {
      // `t%ROWTYPE` / `t.c%TYPE` name a relation; other names are types.
      const m = /^(.+?)%(ROW)?TYPE$/i.exec(v.typname.trim());
      if (m) {
        const parts = m[1]!.split('.');
        const rel = m[2] ? parts : parts.slice(0, -1);
        if (rel.length === 1) out.add(`table:${DEFAULT_SCHEMA}.${rel[0]}`);
        else if (rel.length === 2) out.add(`table:${rel[0]}.${rel[1]}`);
      } else sqlRefs(`SELECT NULL::${v.typname}`, out);
    }
    if (typeof v === 'object') collectPlpgsql(v, out);
  }
};

/**
 * Refs named by a routine body, or null when they cannot be read (a language other than SQL
 * and PL/pgSQL, or a body that does not parse). `definition` is the whole CREATE FUNCTION
 * statement (pg_get_functiondef), which the PL/pgSQL parser needs.
 */
export const bodyRefs = (language: string, body: string, definition: string): string[] | null => {
  const out = new Set<string>();
  if (language === 'sql') {
    if (!sqlRefs(body, out)) return null;
  } else if (language === 'plpgsql') {
    const fn = parsePlpgsqlFunction(definition);
    if (!fn) return null;
    collectPlpgsql(fn['action'], out);
    collectPlpgsql(fn['datums'], out);
  } else return null;
  return [...out].sort();
};
