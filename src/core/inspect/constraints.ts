import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { constraintKey } from '../model/schema.js';
import { constraintFromCatalog, indexFromCatalog } from '../canon/catalog.js';
import type { DefinitionRow } from './rows.js';
import { forObject } from './records.js';

/** pg_get_constraintdef text → [key `schema.table.name`, ConstraintDef]. */
export const buildConstraint = (row: DefinitionRow): readonly [string, ConstraintDef] => {
  const table = qname(row.schema, row.table);
  const key = constraintKey({ table, name: row.name });
  const def = forObject(`constraint ${key}`,
    () => constraintFromCatalog({ table, name: row.name, definition: row.definition }));
  return [key, def];
};

/** pg_get_indexdef text → [key `schema.index`, IndexDef]. An index lives in its table's schema. */
export const buildIndex = (row: DefinitionRow): readonly [string, IndexDef] => {
  const key = `${row.schema}.${row.name}`;
  return [key, forObject(`index ${key}`, () => indexFromCatalog(row.definition))];
};
