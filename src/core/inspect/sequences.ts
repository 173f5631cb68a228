import type { SequenceDef, SequenceOptions } from '../model/objects.js';
import { qname } from '../model/names.js';
import type { SequenceOptionsRow, SequenceRow } from './rows.js';

const DATA_TYPES: ReadonlySet<string> = new Set(['int2', 'int4', 'int8']);

const isDataType = (t: string): t is SequenceOptions['dataType'] => DATA_TYPES.has(t);

/** pg_sequence values → model options (the catalog always holds every value, defaults included). */
export const sequenceOptions = (row: SequenceOptionsRow, what: string): SequenceOptions => {
  if (!isDataType(row.dataType)) throw new Error(`live ${what} has unexpected data type ${row.dataType}`);
  return {
    dataType: row.dataType,
    start: row.start,
    increment: row.increment,
    minValue: row.minValue,
    maxValue: row.maxValue,
    cache: row.cache,
    cycle: row.cycle,
  };
};

export const buildSequence = (row: SequenceRow): SequenceDef => ({
  kind: 'sequence',
  name: qname(row.schema, row.name),
  options: sequenceOptions(row.options, `sequence ${row.schema}.${row.name}`),
  ownedBy: row.ownedBy === null ? null
    : { table: qname(row.ownedBy.schema, row.ownedBy.table), column: row.ownedBy.column },
  source: null,
});
