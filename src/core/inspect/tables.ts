import type { ColumnDef, ColumnOverride, IdentitySpec, ReplicaIdentity, TableDef, UnmanagedObject } from '../model/objects.js';
import { STORAGE_CODES } from '../canon/storage.js';
import { isChosenNotNullName } from '../canon/naming.js';
import type { SqlExpr } from '../model/expr.js';
import { qname } from '../model/names.js';
import { withDeclaredDims } from '../model/type-ref.js';
import { defaultFromCatalog, generatedFromCatalog, typeFromCatalog } from '../canon/catalog.js';
import { defaultBuilders } from '../canon/catalog-batch.js';
import type { ColumnRow, TableRow } from './rows.js';
import { sequenceOptions } from './sequences.js';
import { compareText, forObject } from './records.js';

export interface BuiltTable {
  readonly table: TableDef;
  /** Parts of the table the model cannot represent (none at present; kept for the builder's callers). */
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
 * Column defaults, by pg_get_expr text: a default's canonical form depends on its text only, and
 * catalogs repeat `now()`, `0`, `false` thousands of times. Each distinct text is parsed once
 * (all of them in one parser call, see canon/catalog-batch.ts) and built once. One per build.
 */
export interface DefaultMemo {
  readonly built: Map<string, SqlExpr | null>;
  readonly builders: ReadonlyMap<string, () => SqlExpr | null>;
}

/** A memo for the defaults of these rows (generated columns' expressions are built one by one). */
export const defaultMemo = (rows: readonly TableRow[]): DefaultMemo => {
  const texts = new Set<string>();
  for (const r of rows) for (const c of r.columns) if (c.generated === '' && c.expr !== null) texts.add(c.expr);
  const list = [...texts];
  const builders = defaultBuilders(list);
  return { built: new Map(), builders: new Map(list.map((t, i) => [t, builders[i]!])) };
};

const memoDefault = (text: string, memo: DefaultMemo | undefined): SqlExpr | null => {
  if (!memo) return defaultFromCatalog(text);
  let d = memo.built.get(text);
  if (d === undefined) {
    const build = memo.builders.get(text);
    d = build ? build() : defaultFromCatalog(text);
    memo.built.set(text, d);
  }
  return d;
};

const COMPRESSION: Readonly<Record<string, string>> = { p: 'pglz', l: 'lz4' };

/** Attributes other than their defaults (absent otherwise, see ColumnDef). */
const columnAttributes = (col: ColumnRow, table: string, what: string): Partial<ColumnDef> => {
  const storage = col.storage === null ? undefined : STORAGE_CODES[col.storage];
  if (col.storage !== null && !storage) throw new Error(`${what} has unknown attstorage '${col.storage}'`);
  const compression = col.compression === null ? undefined : COMPRESSION[col.compression];
  if (col.compression !== null && !compression) throw new Error(`${what} has unknown attcompression '${col.compression}'`);
  return {
    ...(col.generated === 'v' ? { virtual: true as const } : {}),
    ...(storage ? { storage } : {}),
    ...(compression ? { compression } : {}),
    ...(col.statTarget !== null ? { statisticsTarget: col.statTarget } : {}),
    ...(col.options.length ? { options: [...col.options].sort(compareText) } : {}),
    ...(col.notNull && col.notNullName !== null && !isChosenNotNullName(table, col.name, col.notNullName) ? { notNullName: col.notNullName } : {}),
    ...(col.notNull && col.notNullValid === false ? { notNullValidated: false as const } : {}),
  };
};

const buildColumn = (col: ColumnRow, table: string, what: string, memo: DefaultMemo | undefined): ColumnDef => {
  // attgenerated '' means the expression (if any) is a default; 's' (stored) or 'v' (virtual) that it generates the column.
  if (col.generated !== '' && col.generated !== 's' && col.generated !== 'v') throw new Error(`${what} has unknown attgenerated '${col.generated}'`);
  const stored = col.generated !== '';
  if (stored && col.expr === null) throw new Error(`${what} is generated but has no expression`);
  return {
    name: col.name,
    type: withDeclaredDims(typeFromCatalog(col.type), col.ndims ?? 0),
    notNull: col.notNull,
    default: !stored && col.expr !== null ? memoDefault(col.expr, memo) : null,
    identity: identityOf(col, what),
    generated: stored && col.expr !== null ? generatedFromCatalog(col.expr) : null,
    collation: col.collation === null ? null : qname(col.collation.schema, col.collation.name),
    ...(col.fdw?.options.length ? { fdwOptions: col.fdw.options } : {}), ...(col.fdw?.secretOptions.length ? { fdwSecretOptions: col.fdw.secretOptions } : {}),
    source: null,
    ...columnAttributes(col, table, what),
  };
};

/** relreplident → the model's replica identity (undefined: DEFAULT). */
const replicaIdentityOf = (row: TableRow, key: string): ReplicaIdentity | undefined => {
  switch (row.replicaIdentity) {
    case 'd': return undefined;
    case 'f': return 'full';
    case 'n': return 'nothing';
    // USING INDEX whose index was dropped since: PostgreSQL then logs no old row at all, as NOTHING.
    case 'i': return row.replicaIndex === null ? 'nothing' : { index: row.replicaIndex };
    default: throw new Error(`table ${key} has unknown relreplident '${row.replicaIdentity}'`);
  }
};

const overridesOf = (raw: NonNullable<TableRow['columnOverrides']>, memo: DefaultMemo | undefined): Record<string, ColumnOverride> =>
  Object.fromEntries(Object.entries(raw).map(([column, o]) => [column, {
    ...(o.defaultDiffers ? { default: o.expr === null ? null : memoDefault(o.expr, memo) } : {}),
    ...(o.notNull ? { notNull: true as const } : {}),
  }]));

/** A table row → TableDef; column order is attnum order, as the query aggregated it. */
export const buildTable = (row: TableRow, memo?: DefaultMemo): BuiltTable => {
  const key = `${row.schema}.${row.name}`;
  const columns: ColumnDef[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const col of row.columns) {
    const what = `column ${key}.${col.name}`;
    columns.push(forObject(what, () => buildColumn(col, row.name, what, memo)));
  }
  // TOAST parameters are written `toast.name=value` in WITH (...), so they are kept that way.
  const options = [...row.options, ...row.toastOptions.map((o) => `toast.${o}`)].sort(compareText);
  const parents = row.parents.map((p) => qname(p.schema, p.name));
  const partitionOf = row.partitionBound === null ? null : { parent: parents[0]!, bound: row.partitionBound };
  if (partitionOf && parents.length !== 1) throw new Error(`partition ${key} has ${parents.length} parents`);
  // A foreign table's relreplident is always 'n' (no WAL to identify rows in): nothing to manage.
  const replica = row.foreign ? undefined : replicaIdentityOf(row, key);
  return {
    table: {
      kind: 'table', name: qname(row.schema, row.name), unlogged: row.unlogged, options, columns,
      ...(row.partitionBy !== null ? { partitionBy: row.partitionBy } : {}),
      ...(partitionOf ? { partitionOf } : parents.length ? { inherits: parents } : {}),
      ...(row.inheritedNotNull ? { inheritedNotNullNames: row.inheritedNotNull } : {}),
      ...(row.columnOverrides ? { columnOverrides: overridesOf(row.columnOverrides, memo) } : {}),
      ...(row.foreign ? { foreign: row.foreign } : {}),
      ...(row.accessMethod !== null ? { accessMethod: row.accessMethod } : {}),
      ...(replica !== undefined ? { replicaIdentity: replica } : {}),
      ...(row.clusterIndex ? { clusterOn: row.clusterIndex } : {}),
      source: null,
    },
    unmanaged,
  };
};
