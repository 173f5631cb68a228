/**
 * Operator classes that are the default of their access method for some built-in type
 * (pg_opclass.opcdefault, identical on PostgreSQL 14–18). pg_get_indexdef leaves an index
 * column's operator class out when it is the default for the column's type, so an explicitly
 * written default (`USING gin (tags array_ops)`, `(name text_ops)`) must be dropped from the
 * source's canonical form too, or every plan would rebuild the index.
 *
 * PostgreSQL refuses an operator class that does not accept the column's type, so a default
 * class that was accepted is (almost always) the column type's default: the exception is a
 * class accepted through binary coercion whose type has a default of its own (text_ops on a
 * `name` column), which then shows up as a difference rather than being hidden.
 */
const DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  btree: [
    'array_ops', 'bit_ops', 'bool_ops', 'bpchar_ops', 'bytea_ops', 'char_ops', 'date_ops', 'enum_ops', 'float4_ops',
    'float8_ops', 'inet_ops', 'int2_ops', 'int4_ops', 'int8_ops', 'interval_ops', 'jsonb_ops', 'macaddr8_ops',
    'macaddr_ops', 'money_ops', 'multirange_ops', 'name_ops', 'numeric_ops', 'oid_ops', 'oidvector_ops', 'pg_lsn_ops',
    'range_ops', 'record_ops', 'text_ops', 'tid_ops', 'time_ops', 'timestamp_ops', 'timestamptz_ops', 'timetz_ops',
    'tsquery_ops', 'tsvector_ops', 'uuid_ops', 'varbit_ops', 'xid8_ops',
  ],
  hash: [
    'aclitem_ops', 'array_ops', 'bool_ops', 'bpchar_ops', 'bytea_ops', 'char_ops', 'cid_ops', 'date_ops', 'enum_ops',
    'float4_ops', 'float8_ops', 'inet_ops', 'int2_ops', 'int4_ops', 'int8_ops', 'interval_ops', 'jsonb_ops',
    'macaddr8_ops', 'macaddr_ops', 'multirange_ops', 'name_ops', 'numeric_ops', 'oid_ops', 'oidvector_ops',
    'pg_lsn_ops', 'range_ops', 'record_ops', 'text_ops', 'tid_ops', 'time_ops', 'timestamp_ops', 'timestamptz_ops',
    'timetz_ops', 'uuid_ops', 'xid8_ops', 'xid_ops',
  ],
  gin: ['array_ops', 'jsonb_ops', 'tsvector_ops'],
  gist: ['box_ops', 'circle_ops', 'multirange_ops', 'point_ops', 'poly_ops', 'range_ops', 'tsquery_ops', 'tsvector_ops'],
  spgist: ['box_ops', 'inet_ops', 'poly_ops', 'quad_point_ops', 'range_ops', 'text_ops'],
  brin: [
    'bit_minmax_ops', 'box_inclusion_ops', 'bpchar_minmax_ops', 'bytea_minmax_ops', 'char_minmax_ops', 'date_minmax_ops',
    'float4_minmax_ops', 'float8_minmax_ops', 'inet_inclusion_ops', 'int2_minmax_ops', 'int4_minmax_ops',
    'int8_minmax_ops', 'interval_minmax_ops', 'macaddr8_minmax_ops', 'macaddr_minmax_ops', 'name_minmax_ops',
    'numeric_minmax_ops', 'oid_minmax_ops', 'pg_lsn_minmax_ops', 'range_inclusion_ops', 'text_minmax_ops',
    'tid_minmax_ops', 'time_minmax_ops', 'timestamp_minmax_ops', 'timestamptz_minmax_ops', 'timetz_minmax_ops',
    'uuid_minmax_ops', 'varbit_minmax_ops',
  ],
};

const BY_METHOD = new Map(Object.entries(DEFAULTS).map(([am, names]) => [am, new Set(names)]));

/** True when `opclass` (unqualified, or qualified with pg_catalog) is a default class of access method `am`. */
export const isDefaultOpclass = (am: string, opclass: readonly string[]): boolean => {
  const name = opclass.length === 1 ? opclass[0] : opclass.length === 2 && opclass[0] === 'pg_catalog' ? opclass[1] : undefined;
  return name !== undefined && (BY_METHOD.get(am)?.has(name) ?? false);
};
