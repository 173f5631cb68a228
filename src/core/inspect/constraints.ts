import type { ConstraintDef, IndexDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { constraintKey } from '../model/schema.js';
import { constraintFromCatalog, indexFromCatalog } from '../canon/catalog.js';
import { constraintBuilders, indexBuilders } from '../canon/catalog-batch.js';
import type { QualifiedName } from '../model/names.js';
import { quoteIdent, quoteLiteral } from '../emit/sql/quote.js';
import type { ConstraintRow, DefinitionRow, IndexRow } from './rows.js';
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
 * Canonical forms of constraint definitions, by definition text. A constraint's definition does
 * not depend on its own name or table, only on the text (GitLab and synthetic schemas repeat
 * `PRIMARY KEY (id)` and the same CHECKs thousands of times), so each distinct text is parsed once
 * (all of them in one parser call, see canon/catalog-batch.ts) and built once, then reused with
 * the name and table of each row. Scoped to one build (no state kept between inspections).
 */
export interface ConstraintMemo {
  readonly built: Map<string, ConstraintDef>;
  readonly builders: ReadonlyMap<string, (table: QualifiedName, name: string) => ConstraintDef>;
}

/** The definition text a row is built from (index storage parameters put back). */
export const constraintText = (row: ConstraintRow | DefinitionRow): string =>
  'indexOptions' in row ? withIndexOptions(row.definition, row.indexOptions) : row.definition;

/** A memo for these rows, their distinct definitions parsed in one call. */
export const constraintMemo = (rows: readonly (ConstraintRow | DefinitionRow)[]): ConstraintMemo => {
  const texts = [...new Set(rows.map(constraintText))];
  const builders = constraintBuilders(texts);
  return { built: new Map(), builders: new Map(texts.map((t, i) => [t, builders[i]!])) };
};

/** pg_get_constraintdef text → [key `schema.table.name`, ConstraintDef]. */
export const buildConstraint = (row: ConstraintRow | DefinitionRow, memo?: ConstraintMemo): readonly [string, ConstraintDef] => {
  const table = qname(row.schema, row.table);
  const key = constraintKey({ table, name: row.name });
  const definition = constraintText(row);
  const seen = memo?.built.get(definition);
  if (seen) return [key, { ...seen, name: row.name, table }];
  const build = memo?.builders.get(definition);
  const def = forObject(`constraint ${key}`, () => (build ? build(table, row.name) : constraintFromCatalog({ table, name: row.name, definition })));
  memo?.built.set(definition, def);
  return [key, def];
};

/** pg_get_indexdef text → [key `schema.index`, IndexDef]. An index lives in its table's schema. */
export const buildIndex = (row: IndexRow, build: () => IndexDef = () => indexFromCatalog(row.definition)): readonly [string, IndexDef] => {
  const key = `${row.schema}.${row.name}`;
  const def = forObject(`index ${key}`, build);
  const targets = row.statTargets !== undefined && Object.keys(row.statTargets).length ? { statisticsTargets: row.statTargets } : {};
  return [key, { ...def, ...(row.invalid === true ? { invalid: true as const } : {}), ...targets }];
};

/** Every index of the rows, their definitions parsed in one call. */
export const buildIndexRows = (rows: readonly IndexRow[]): (readonly [string, IndexDef])[] => {
  const builders = indexBuilders(rows.map((r) => r.definition));
  return rows.map((r, i) => buildIndex(r, builders[i]));
};
