import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { constraintKey } from '../model/schema.js';
import { constraintFromCatalog, indexFromCatalog } from '../canon/catalog.js';
import { quoteIdent, quoteLiteral } from '../emit/sql/quote.js';
import type { ConstraintRow, DefinitionRow } from './rows.js';
import { forObject } from './records.js';

/**
 * pg_get_constraintdef text of a PRIMARY KEY / UNIQUE constraint with the storage parameters of
 * its index put back as `WITH (name='value', ...)`, where the grammar has them: right after the
 * column list and INCLUDE (...), before DEFERRABLE & co. Nothing after the last `)` of such a
 * definition is anything but keywords, so the clause goes there.
 */
export const withIndexOptions = (definition: string, options: readonly string[]): string => {
  if (!options.length) return definition;
  const close = definition.lastIndexOf(')');
  if (close < 0) throw new Error(`expected a column list in ${definition}`);
  const list = options.map((o) => {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new Error(`unexpected storage parameter "${o}"`);
    return `${quoteIdent(o.slice(0, eq))}=${quoteLiteral(o.slice(eq + 1))}`;
  });
  return `${definition.slice(0, close + 1)} WITH (${list.join(', ')})${definition.slice(close + 1)}`;
};

/**
 * Canonical forms of constraint definitions already built, by definition text. A constraint's
 * definition does not depend on its own name or table, only on the text (GitLab and synthetic
 * schemas repeat `PRIMARY KEY (id)` and the same CHECKs thousands of times), so the first build
 * of a text is reused with the name and table of each row. Scoped to one build (no state kept
 * between inspections).
 */
export type ConstraintMemo = Map<string, ConstraintDef>;

/** pg_get_constraintdef text → [key `schema.table.name`, ConstraintDef]. */
export const buildConstraint = (row: ConstraintRow | DefinitionRow, memo: ConstraintMemo = new Map()): readonly [string, ConstraintDef] => {
  const table = qname(row.schema, row.table);
  const key = constraintKey({ table, name: row.name });
  const definition = 'indexOptions' in row ? withIndexOptions(row.definition, row.indexOptions) : row.definition;
  const seen = memo.get(definition);
  if (seen) return [key, { ...seen, name: row.name, table }];
  const def = forObject(`constraint ${key}`, () => constraintFromCatalog({ table, name: row.name, definition }));
  memo.set(definition, def);
  return [key, def];
};

/** pg_get_indexdef text → [key `schema.index`, IndexDef]. An index lives in its table's schema. */
export const buildIndex = (row: DefinitionRow): readonly [string, IndexDef] => {
  const key = `${row.schema}.${row.name}`;
  return [key, forObject(`index ${key}`, () => indexFromCatalog(row.definition))];
};
