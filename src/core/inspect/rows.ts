import { toViewRow, type ViewRow } from './views.js';
import { toFunctionRow, type FunctionRow } from './functions.js';
import { toAggregateRow, type AggregateRow } from './aggregates.js';
import { toTriggerRow, type TriggerRow } from './triggers.js';
import { toRuleRow, type RuleRow } from './rules.js';
import { toDependencyRow, type DependencyRow } from './dependencies.js';
import type { ForeignTableFacts, GenericOptions } from '../model/foreign.js';
import { catalogOptions } from '../canon/secret-options.js';

/**
 * Row shapes of the inspector's queries (see queries.ts) and validators that turn the driver's
 * untyped rows into them. A catalog row of an unexpected shape is a bug (or an unsupported
 * server), so validation fails loudly with the query and field named, instead of letting
 * `undefined` leak into the model.
 */

export interface NamespaceRow { readonly name: string }

export interface ExtensionRow { readonly name: string; readonly schema: string; readonly version: string; readonly relocatable: boolean }

export interface EnumRow { readonly schema: string; readonly name: string; readonly labels: readonly string[] }

/** pg_sequence values; the int8 fields are kept as text so no precision is lost. */
export interface SequenceOptionsRow {
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly options: SequenceOptionsRow;
  readonly ownedBy: { readonly schema: string; readonly table: string; readonly column: string } | null;
}

export interface ColumnRow {
  readonly name: string;
  /** format_type(atttypid, atttypmod). */
  readonly type: string;
  /** attndims: the declared array dimensions (informational; 0 for a column made by LIKE). */
  readonly ndims?: number;
  readonly notNull: boolean;
  /** pg_get_expr of the default or generation expression, null when there is none. */
  readonly expr: string | null;
  /** attgenerated: '' (not generated), 's' (stored), 'v' (virtual, PG 18). */
  readonly generated: string;
  /** attidentity: '' (none), 'a' (always), 'd' (by default). */
  readonly identity: string;
  readonly identitySequence: { readonly schema: string; readonly name: string; readonly options: SequenceOptionsRow } | null;
  /** The column's collation when it differs from its type's default. */
  readonly collation: { readonly schema: string; readonly name: string } | null;
  /** A foreign table column's OPTIONS, or null. */
  readonly fdw?: GenericOptions | null;
  /** attstorage when it differs from the type's typstorage, else null. */
  readonly storage: string | null;
  /** attcompression ('p' pglz, 'l' lz4), null for the default. */
  readonly compression: string | null;
  /** attstattarget, null for the default. */
  readonly statTarget: number | null;
  /** attoptions (`key=value`). */
  readonly options: readonly string[];
  /** The NOT NULL constraint (PostgreSQL 18): name and whether it is validated; null before 18 or when nullable. */
  readonly notNullName: string | null;
  readonly notNullValid: boolean | null;
}

export interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly unlogged: boolean;
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  readonly options: readonly string[];
  /** Storage parameters of the TOAST table, stored without their `toast.` prefix. */
  readonly toastOptions: readonly string[];
  readonly columns: readonly ColumnRow[];
  /** pg_get_partkeydef of a partitioned table, else null. */
  readonly partitionBy: string | null;
  /** pg_get_expr(relpartbound) of a partition, else null. */
  readonly partitionBound: string | null;
  /** pg_inherits parents in inhseqno order (a partition's one parent). */
  readonly parents: readonly { readonly schema: string; readonly name: string }[];
  /** Inherited columns' NOT NULL constraint names by column (PostgreSQL 18), else null. */
  readonly inheritedNotNull?: Readonly<Record<string, string>> | null;
  /** A partition's own default / NOT NULL on its parent's columns, by column (see TableDef.columnOverrides). */
  readonly columnOverrides?: Readonly<Record<string, { expr: string | null; defaultDiffers: boolean; notNull: boolean }>> | null;
  /** A foreign table's server and options, else null. */
  readonly foreign?: ForeignTableFacts | null;
  /** relreplident: d, n, f or i. */
  readonly replicaIdentity: string;
  /** The index marked indisreplident, if any. */
  readonly replicaIndex: string | null;
  /** The index marked indisclustered (ALTER TABLE ... CLUSTER ON), if any. */
  readonly clusterIndex?: string | null;
  /** Access method other than heap, else null. */
  readonly accessMethod: string | null;
}

/** pg_get_constraintdef / pg_get_indexdef text of one object of a managed table. */
export interface DefinitionRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

/**
 * A constraint's definition, plus the storage parameters of the index backing a PRIMARY KEY or
 * UNIQUE constraint: pg_get_constraintdef leaves `WITH (...)` out of those, so they are read
 * from the index's pg_class.reloptions (`name=value` strings) and put back by the builder.
 */
export interface ConstraintRow extends DefinitionRow {
  readonly indexOptions: readonly string[];
}

/** An index's definition, and whether a failed or interrupted CREATE INDEX CONCURRENTLY left it INVALID. */
export interface IndexRow extends DefinitionRow {
  readonly invalid?: boolean;
  /** Statistics targets off the default, by 1-based column number (absent or empty: none). */
  readonly statTargets?: Readonly<Record<string, number>>;
}

export interface UnmanagedRow { readonly kind: string; readonly key: string }

export interface InspectRows {
  readonly domains: readonly unknown[];
  readonly compositeTypes: readonly unknown[];
  readonly rangeTypes: readonly unknown[];
  readonly collations: readonly unknown[];
  readonly eventTriggers: readonly unknown[];
  readonly casts: readonly unknown[];
  readonly foreign: readonly unknown[];
  readonly publications: readonly unknown[];
  readonly statistics: readonly unknown[];
  readonly policies: readonly unknown[];
  readonly authz: readonly unknown[];
  readonly comments: readonly unknown[];
  readonly defaultPrivileges: readonly unknown[];
  readonly roles: readonly unknown[];
  readonly views: readonly ViewRow[];
  readonly functions: readonly FunctionRow[];
  readonly aggregates: readonly AggregateRow[];
  readonly triggers: readonly TriggerRow[];
  readonly rules: readonly RuleRow[];
  readonly dependencies: readonly DependencyRow[];
  readonly namespaces: readonly NamespaceRow[];
  readonly extensions: readonly ExtensionRow[];
  readonly enums: readonly EnumRow[];
  readonly sequences: readonly SequenceRow[];
  readonly tables: readonly TableRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly unmanaged: readonly UnmanagedRow[];
}

// --- validators ------------------------------------------------------------------------------

export class CatalogRowError extends Error {
  constructor(what: string, field: string, value: unknown) {
    super(`unexpected catalog row from the ${what} query: field "${field}" is ${JSON.stringify(value) ?? 'undefined'}`);
    this.name = 'CatalogRowError';
  }
}

export type Raw = Readonly<Record<string, unknown>>;

/**
 * Typed field readers over one raw row; `what` names the query in errors. One small object per
 * row (no closures), since GitLab-sized catalogs give tens of thousands of rows.
 */
export class Reader {
  readonly row: Raw;
  private readonly what: string;
  constructor(what: string, raw: unknown) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CatalogRowError(what, '(row)', raw);
    this.what = what;
    this.row = raw as Raw;
  }
  private fail(field: string): never { throw new CatalogRowError(this.what, field, this.row[field]); }
  str(field: string): string { const v = this.row[field]; return typeof v === 'string' ? v : this.fail(field); }
  optStr(field: string): string | null { return this.row[field] === null ? null : this.str(field); }
  bool(field: string): boolean { const v = this.row[field]; return typeof v === 'boolean' ? v : this.fail(field); }
  /** A text[] column; SQL NULL (an empty aggregate) reads as []. */
  strs(field: string): string[] {
    const v = this.row[field];
    if (v === null) return [];
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : this.fail(field);
  }
  list(field: string): readonly unknown[] { const v = this.row[field]; return Array.isArray(v) ? v : this.fail(field); }
  /** A number column (float8 arrives as a JS number; numeric/int8 as text are converted). */
  num(field: string): number {
    const v = this.row[field];
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : this.fail(field);
  }
}

export const reader = (what: string, raw: unknown): Reader => new Reader(what, raw);

export const qualified = (what: string, raw: unknown): { schema: string; name: string } => {
  const r = reader(what, raw);
  return { schema: r.str('schema'), name: r.str('name') };
};

export const toNamespaceRow = (raw: unknown): NamespaceRow => ({ name: reader('namespaces', raw).str('name') });

export const toExtensionRow = (raw: unknown): ExtensionRow => {
  const r = reader('extensions', raw);
  return { name: r.str('name'), schema: r.str('schema'), version: r.str('version'), relocatable: r.bool('relocatable') };
};

export const toEnumRow = (raw: unknown): EnumRow => {
  const r = reader('enums', raw);
  return { schema: r.str('schema'), name: r.str('name'), labels: r.strs('labels') };
};

const toSequenceOptions = (what: string, raw: unknown): SequenceOptionsRow => {
  const r = reader(what, raw);
  return {
    dataType: r.str('data_type'), start: r.str('start'), increment: r.str('increment'),
    minValue: r.str('min_value'), maxValue: r.str('max_value'), cache: r.str('cache'), cycle: r.bool('cycle'),
  };
};

export const toSequenceRow = (raw: unknown): SequenceRow => {
  const r = reader('sequences', raw);
  const ownedTable = r.optStr('owned_table');
  return {
    schema: r.str('schema'),
    name: r.str('name'),
    options: toSequenceOptions('sequences', r.row['options']),
    ownedBy: ownedTable === null ? null
      : { schema: r.str('owned_schema'), table: ownedTable, column: r.str('owned_column') },
  };
};

/** A json object of text values (SQL NULL: null). */
const overridesOf = (raw: unknown): TableRow['columnOverrides'] => {
  if (raw === null || raw === undefined) return null;
  const r = reader('tables.column_overrides', raw);
  return Object.fromEntries(Object.keys(r.row).map((k) => {
    const o = reader(`tables.column_overrides.${k}`, r.row[k]);
    return [k, { expr: o.optStr('expr'), defaultDiffers: o.bool('default_differs'), notNull: o.bool('not_null') }];
  }));
};

const stringRecord = (what: string, raw: unknown): Readonly<Record<string, string>> | null => {
  if (raw === null || raw === undefined) return null;
  const r = reader(what, raw);
  for (const k of Object.keys(r.row)) r.str(k);
  return r.row as Readonly<Record<string, string>>;
};

const genericOf = (what: string, raw: unknown): GenericOptions => {
  const r = reader(what, raw);
  return catalogOptions(r.strs('options'), r.strs('secrets'));
};

const toColumnRow = (raw: unknown): ColumnRow => {
  const r = reader('tables.columns', raw);
  const seq = r.row['identity_sequence'];
  const collation = r.row['collation'];
  return {
    name: r.str('name'),
    type: r.str('type'),
    ...(r.row['ndims'] !== undefined ? { ndims: r.num('ndims') } : {}),
    notNull: r.bool('not_null'),
    expr: r.optStr('expr'),
    generated: r.str('generated'),
    identity: r.str('identity'),
    identitySequence: seq === null ? null : {
      ...qualified('tables.columns.identity_sequence', seq),
      options: toSequenceOptions('tables.columns.identity_sequence', (seq as Raw)['options']),
    },
    collation: collation === null ? null : qualified('tables.columns.collation', collation),
    fdw: r.row['fdw'] === null || r.row['fdw'] === undefined ? null : genericOf('tables.columns.fdw', r.row['fdw']),
    storage: r.optStr('storage'),
    compression: r.optStr('compression'),
    statTarget: r.row['stat_target'] === null ? null : r.num('stat_target'),
    options: r.strs('options'),
    notNullName: r.optStr('not_null_name'),
    notNullValid: r.row['not_null_valid'] === null ? null : r.bool('not_null_valid'),
  };
};

export const toTableRow = (raw: unknown): TableRow => {
  const r = reader('tables', raw);
  return {
    schema: r.str('schema'),
    name: r.str('name'),
    unlogged: r.bool('unlogged'),
    rowSecurity: r.bool('row_security'),
    forceRowSecurity: r.bool('force_row_security'),
    options: r.strs('options'),
    toastOptions: r.strs('toast_options'),
    columns: r.list('columns').map(toColumnRow),
    partitionBy: r.optStr('partition_by'),
    partitionBound: r.optStr('partition_bound'),
    parents: r.list('parents').map((p) => qualified('tables.parents', p)),
    inheritedNotNull: stringRecord('tables.inherited_not_null', r.row['inherited_not_null']),
    columnOverrides: overridesOf(r.row['column_overrides']),
    foreign: r.row['foreign'] === null || r.row['foreign'] === undefined ? null
      : { server: reader('tables.foreign', r.row['foreign']).str('server'), ...genericOf('tables.foreign', r.row['foreign']) },
    replicaIdentity: r.str('replica_identity'),
    replicaIndex: r.optStr('replica_index'),
    clusterIndex: r.optStr('cluster_index'),
    accessMethod: r.optStr('access_method'),
  };
};

const toDefinitionRow = (what: string) => (raw: unknown): DefinitionRow => {
  const r = reader(what, raw);
  return { schema: r.str('schema'), table: r.str('table_name'), name: r.str('name'), definition: r.str('definition') };
};
const toBareConstraintRow = toDefinitionRow('constraints');
export const toConstraintRow = (raw: unknown): ConstraintRow => ({
  ...toBareConstraintRow(raw), indexOptions: reader('constraints', raw).strs('index_options'),
});
const toBareIndexRow = toDefinitionRow('indexes');
/** A json object of whole numbers (SQL NULL, an empty aggregate: none). */
const numberRecord = (what: string, raw: unknown): Readonly<Record<string, number>> | undefined => {
  if (raw === null || raw === undefined) return undefined;
  const r = reader(what, raw);
  return Object.fromEntries(Object.keys(r.row).map((k) => [k, r.num(k)]));
};
export const toIndexRow = (raw: unknown): IndexRow => {
  const r = reader('indexes', raw);
  const statTargets = numberRecord('indexes.stat_targets', r.row['stat_targets']);
  return { ...toBareIndexRow(raw), invalid: r.bool('invalid'), ...(statTargets ? { statTargets } : {}) };
};

export const toUnmanagedRow = (raw: unknown): UnmanagedRow => {
  const r = reader('unmanaged', raw);
  return { kind: r.str('kind'), key: r.str('key') };
};

/** Validates every query's raw rows (keyed like INSPECT_QUERIES). */
export const toInspectRows = (raw: { readonly [K in keyof InspectRows]: readonly unknown[] }): InspectRows => ({
  namespaces: raw.namespaces.map(toNamespaceRow),
  extensions: raw.extensions.map(toExtensionRow),
  enums: raw.enums.map(toEnumRow),
  sequences: raw.sequences.map(toSequenceRow),
  tables: raw.tables.map(toTableRow),
  constraints: raw.constraints.map(toConstraintRow),
  indexes: raw.indexes.map(toIndexRow),
  unmanaged: raw.unmanaged.map(toUnmanagedRow),
  views: raw.views.map(toViewRow),
  functions: raw.functions.map(toFunctionRow),
  aggregates: raw.aggregates.map(toAggregateRow),
  triggers: raw.triggers.map(toTriggerRow),
  rules: raw.rules.map(toRuleRow),
  dependencies: raw.dependencies.map(toDependencyRow),
  domains: raw.domains, compositeTypes: raw.compositeTypes, rangeTypes: raw.rangeTypes, collations: raw.collations, eventTriggers: raw.eventTriggers, casts: raw.casts, statistics: raw.statistics,
  foreign: raw.foreign, publications: raw.publications,
  policies: raw.policies, authz: raw.authz, comments: raw.comments, defaultPrivileges: raw.defaultPrivileges, roles: raw.roles,
});
