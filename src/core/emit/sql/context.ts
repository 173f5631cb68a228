import type { Statement } from '../../model/plan.js';

export interface EmitContext {
  /** server_version_num of the target (e.g. 180004), for version-dependent syntax. */
  readonly serverVersionNum: number;
  /** Indexes (`schema.name`) to build with CONCURRENTLY after the transaction. */
  readonly concurrentIndexes: ReadonlySet<string>;
}

export const main = (sql: string): Statement => ({ sql, phase: 'main' });
