import type { ColumnDef, IdentitySpec, TableDef, UnmanagedObject } from '../model/objects.js';
import type { SqlExpr } from '../model/expr.js';
import { qname } from '../model/names.js';
import { defaultFromCatalog, generatedFromCatalog, typeFromCatalog } from '../canon/catalog.js';
import type { ColumnRow, TableRow } from './rows.js';
import { sequenceOptions } from './sequences.js';
import { compareText, forObject } from './records.js';

export interface BuiltTable {
  readonly table: TableDef;
  /** Parts of the table the model cannot represent yet (PG 18 virtual generated columns). */
  readonly unmanaged: readonly UnmanagedObject[];
}

const identityOf = (col: ColumnRow, what: string): IdentitySpec | null => {
  if (col.identity === '') return null;
  if (col.identity !== 'a' && col.identity !== 'd') throw new Error(`${what} has unknown attidentity '${col.identity}'`);
  const seq = col.identitySequence;
  if (seq === null) throw new Error(`${what} is an identity column without an identity sequence`);
  return {
    generation: col.identity === 'a' ? 'always' : 'by_default',
    sequenceName: qname(seq.schema, seq.name),
    options: sequenceOptions(seq.options, `identity sequence of ${what}`),
  };
};

/**
 * Column defaults already canonicalised, by pg_get_expr text (a default's canonical form depends
 * on its text only; catalogs repeat `now()`, `0`, `false` thousands of times). One per build.
 */
export type DefaultMemo = Map<string, SqlExpr | null>;

const memoDefault = (text: string, memo: DefaultMemo): SqlExpr | null => {
  let d = memo.get(text);
  if (d === undefined) {
    d = defaultFromCatalog(text);
    memo.set(text, d);
  }
  return d;
};

const buildColumn = (col: ColumnRow, what: string, memo: DefaultMemo): ColumnDef => {
  // attgenerated '' means the expression (if any) is a default; 's' means it generates the column.
  if (col.generated !== '' && col.generated !== 's') throw new Error(`${what} has unknown attgenerated '${col.generated}'`);
  const stored = col.generated === 's';
  if (stored && col.expr === null) throw new Error(`${what} is generated but has no expression`);
  return {
    name: col.name,
    type: typeFromCatalog(col.type),
    notNull: col.notNull,
    default: !stored && col.expr !== null ? memoDefault(col.expr, memo) : null,
    identity: identityOf(col, what),
    generated: stored && col.expr !== null ? generatedFromCatalog(col.expr) : null,
    collation: col.collation === null ? null : qname(col.collation.schema, col.collation.name),
    source: null,
  };
};

/** A table row → TableDef; column order is attnum order, as the query aggregated it. */
export const buildTable = (row: TableRow, memo: DefaultMemo = new Map()): BuiltTable => {
  const key = `${row.schema}.${row.name}`;
  const columns: ColumnDef[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const col of row.columns) {
    const what = `column ${key}.${col.name}`;
    if (col.generated === 'v') unmanaged.push({ kind: 'virtual generated column', key: `${key}.${col.name}` });
    else columns.push(forObject(what, () => buildColumn(col, what, memo)));
  }
  // TOAST parameters are written `toast.name=value` in WITH (...), so they are kept that way.
  const options = [...row.options, ...row.toastOptions.map((o) => `toast.${o}`)].sort(compareText);
  return {
    table: { kind: 'table', name: qname(row.schema, row.name), unlogged: row.unlogged, options, columns, source: null },
    unmanaged,
  };
};
