/**
 * PARTITION BY and FOR VALUES as source text. The desired model keeps them as the source wrote
 * them (deparsed) until the canonicaliser replaces them with the server's own print
 * (pg_get_partkeydef, pg_get_expr(relpartbound)): bound literals are stored through their type's
 * input function (a timestamptz bound prints in UTC), which only the server knows.
 */
import { deparseNode, type Node } from '../parse/pg-query.js';

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
