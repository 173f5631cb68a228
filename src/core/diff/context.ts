import type { Schema } from '../model/schema.js';

/** What every per-kind differ sees: both whole models, and facts decided by other differs. */
export interface DiffContext {
  readonly from: Schema;
  readonly to: Schema;
  /** server_version_num of the target: some changes have an in-place form only on newer majors (SET EXPRESSION). */
  readonly serverVersionNum: number;
  /** Tables dropped or created by this plan (their sub-objects need no changes of their own). */
  readonly droppedTables: ReadonlySet<string>;
  readonly createdTables: ReadonlySet<string>;
  /** `schema.table.column` whose default is already handled by an enum recreate or a type change. */
  readonly defaultsHandled: Set<string>;
  /**
   * Constraints (`schema.table.name`) and indexes (`schema.name`) that must be dropped and
   * created again even though their definition is unchanged: a recreated enum moves a column
   * they use, and expressions with the old type's literals cannot follow it.
   */
  readonly rebuildConstraints: Set<string>;
  readonly rebuildIndexes: Set<string>;
  /**
   * Objects that stay in the schema but must be dropped and created again, because they depend
   * on something the plan drops, recreates or retypes (see dependants.ts), by their ref
   * (`table:s.v` for a view, `function:key`, `trigger:key`, `rule:key`, `default:s.t.c`, ...),
   * with the reason, for messages and hazards.
   */
  readonly rebuild: ReadonlyMap<string, string>;
}
