import type { Schema } from '../model/schema.js';

/** What every per-kind differ sees: both whole models, and facts decided by other differs. */
export interface DiffContext {
  readonly from: Schema;
  readonly to: Schema;
  /** Tables dropped or created by this plan (their sub-objects need no changes of their own). */
  readonly droppedTables: ReadonlySet<string>;
  readonly createdTables: ReadonlySet<string>;
  /** `schema.table.column` whose default is already handled by an enum recreate or a type change. */
  readonly defaultsHandled: Set<string>;
}
