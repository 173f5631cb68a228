import type { Statement } from '../../model/plan.js';

/** Online rewrite decisions (core/plan/online.ts) the emitters follow; keys as noted. */
export interface OnlineRewrites {
  /** CHECK / FOREIGN KEY constraints (`schema.table.name`): ADD ... NOT VALID, VALIDATE after the commit. */
  readonly validateAfter: ReadonlySet<string>;
  /** Constraints added after the commit altogether (they need a key built there). */
  readonly addAfter: ReadonlySet<string>;
  /** UNIQUE / PRIMARY KEY constraints: CREATE UNIQUE INDEX CONCURRENTLY, then ADD ... USING INDEX. */
  readonly viaIndex: ReadonlySet<string>;
  /** Columns (`schema.table.column`) made NOT NULL through a validated CHECK (col IS NOT NULL). */
  readonly stagedNotNull: ReadonlySet<string>;
  /** Indexes (`schema.name`) built CONCURRENTLY after the commit. */
  readonly concurrentIndexes: ReadonlySet<string>;
  /** Indexes whose new definition is built CONCURRENTLY under a temporary name and swapped in. */
  readonly replacedIndexes: ReadonlySet<string>;
  /** Indexes dropped CONCURRENTLY after the commit (or by their replacement). */
  readonly concurrentDrops: ReadonlySet<string>;
}

export interface EmitContext {
  /** server_version_num of the target (e.g. 180004), for version-dependent syntax. */
  readonly serverVersionNum: number;
  readonly online: OnlineRewrites;
}

export const main = (sql: string): Statement => ({ sql, phase: 'main' });
export const after = (sql: string): Statement => ({ sql, phase: 'after' });
