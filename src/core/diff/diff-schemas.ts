/**
 * desired vs live → the list of changes (unordered; order/ sorts them). Each kind has its own
 * differ; they share a context for facts that cross kinds (tables created or dropped, column
 * defaults already handled by an enum recreate or a type change).
 */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { DiffContext } from './context.js';
import { diffSchemas } from './namespaces.js';
import { diffExtensions } from './extensions.js';
import { diffEnums } from './enums.js';
import { diffSequences } from './sequences.js';
import { diffTables } from './tables.js';
import { diffConstraints } from './constraints.js';
import { diffIndexes } from './indexes.js';
import { markForeignKeysOnReplacedKeys } from './rebuild.js';

export const diffSchema = (from: Schema, to: Schema): Change[] => {
  const ctx: DiffContext = {
    from, to,
    droppedTables: new Set(Object.keys(from.tables).filter((k) => !(k in to.tables))),
    createdTables: new Set(Object.keys(to.tables).filter((k) => !(k in from.tables))),
    defaultsHandled: new Set(), rebuildConstraints: new Set(), rebuildIndexes: new Set(),
  };
  // Enums first: a recreate claims the defaults of the columns it moves.
  const enums = diffEnums(ctx);
  const head = [...diffSchemas(ctx), ...diffExtensions(ctx), ...enums, ...diffSequences(ctx), ...diffTables(ctx)];
  // Keys replaced by now (changed, or rebuilt under a changing column) take their foreign keys along.
  markForeignKeysOnReplacedKeys(ctx);
  return [...head, ...diffConstraints(ctx), ...diffIndexes(ctx)];
};
