/**
 * PARTITION BY and FOR VALUES as source text. The desired model keeps them as the source wrote
 * them (deparsed) until the canonicaliser replaces them with the server's own print
 * (pg_get_partkeydef, pg_get_expr(relpartbound)): bound literals are stored through their type's
 * input function (a timestamptz bound prints in UTC), which only the server knows.
 */
import { deparseNode, parseStatements, type Node } from '../parse/pg-query.js';

const STUB = { relname: 'x', inh: true, relpersistence: 'p' };

/** `RANGE (a, lower(b))` of a PartitionSpec node. */
export const partitionKeyText = (partspec: Node): string => {
  const sql = deparseNode({ CreateStmt: { relation: STUB, partspec, oncommit: 'ONCOMMIT_NOOP' } });
  const at = sql.indexOf(' PARTITION BY ');
  if (at < 0) throw new Error(`could not print the partition key: ${sql}`);
  return sql.slice(at + ' PARTITION BY '.length);
};

/** `FOR VALUES ...` or `DEFAULT` of a PartitionBoundSpec node. */
export const partitionBoundText = (partbound: Node): string => {
  const sql = deparseNode({ CreateStmt: { relation: STUB, inhRelations: [{ RangeVar: STUB }], partbound, oncommit: 'ONCOMMIT_NOOP' } });
  const prefix = 'CREATE TABLE x PARTITION OF x ';
  if (!sql.startsWith(prefix)) throw new Error(`could not print the partition bound: ${sql}`);
  return sql.slice(prefix.length);
};

/** The strategy word of a partition key text (`RANGE`, `LIST`, `HASH`). */
export const partitionStrategy = (key: string): string => key.slice(0, key.indexOf(' ')).toUpperCase();

/** The key expressions of a partition key text, split at top-level commas: `RANGE (a, lower(b))` → [`a`, `lower(b)`]. */
export const partitionKeyParts = (key: string): string[] => {
  const open = key.indexOf('(');
  const inner = key.slice(open + 1, key.lastIndexOf(')'));
  const out: string[] = [];
  let depth = 0, quote: string | null = null, start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quote) { if (ch === quote) quote = null; continue; }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) { out.push(inner.slice(start, i).trim()); start = i + 1; }
  }
  out.push(inner.slice(start).trim());
  return out;
};

const datumSql = (d: Node): string => {
  const sql = deparseNode({ SelectStmt: { targetList: [{ ResTarget: { val: d } }], limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } });
  return sql.replace(/^SELECT /, '');
};

const isBoundWord = (d: Node, word: string): boolean => d['ColumnRef']?.fields?.length === 1 && d['ColumnRef'].fields[0].String?.sval === word;

/**
 * A CHECK expression equal to the partition constraint PostgreSQL derives from a bound, for the
 * forms its predicate prover recognises: one key (a column or an expression, without COLLATE or
 * operator class) under RANGE or LIST (without NULL). With a valid CHECK like this, ATTACH
 * PARTITION skips its scan. Null for other keys and bounds (HASH, DEFAULT, several key columns):
 * the attach then scans the table.
 */
export const partitionCheckExpr = (key: string, bound: string): string | null => {
  const parts = partitionKeyParts(key);
  if (parts.length !== 1 || /\bCOLLATE\b|_ops\b/i.test(parts[0]!)) return null;
  const k = /^[a-z_][a-z0-9_]*$|^"[^"]+"$/.test(parts[0]!) ? parts[0]! : `(${parts[0]!})`;
  let spec: Node;
  try {
    spec = parseStatements(`CREATE TABLE x PARTITION OF y ${bound}`)[0]!.node['CreateStmt'].partbound;
  } catch { return null; }
  if (spec['is_default']) return null;
  if (spec['strategy'] === 'r') {
    const lo = spec['lowerdatums']?.[0], hi = spec['upperdatums']?.[0];
    const terms = [`${k} IS NOT NULL`];
    if (lo && !isBoundWord(lo, 'minvalue')) terms.push(`${k} >= ${datumSql(lo)}`);
    if (hi && !isBoundWord(hi, 'maxvalue')) terms.push(`${k} < ${datumSql(hi)}`);
    return terms.join(' AND ');
  }
  if (spec['strategy'] === 'l') {
    const values: Node[] = spec['listdatums'] ?? [];
    if (!values.length || values.some((v) => v['A_Const']?.isnull)) return null;
    return `${k} IS NOT NULL AND ${k} IN (${values.map(datumSql).join(', ')})`;
  }
  return null;
};
