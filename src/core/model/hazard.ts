/**
 * Hazard types: facts about a planned step or a migration statement that need the user's
 * explicit consent (`--allow-hazards`, or an `-- pg-flux:allow-hazards` line in the file).
 */
export const HAZARD_TYPES = [
  'DATA_LOSS', 'COLUMN_TYPE_CHANGE', 'MASS_DROP', 'CONSTRAINT_SCAN', 'INDEX_BUILD', 'TABLE_LOCK',
  'SEQUENCE_RESTART', 'AUTHZ_CHANGE', 'UNTRACKED_DEPENDENCIES',
] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

export interface Hazard {
  readonly type: HazardType;
  /** The object at risk: `schema.table`, `schema.table.column`, `schema.index`, a role, ... */
  readonly object: string;
  /** What the statement does to it and why that is risky (one sentence). */
  readonly message: string;
  /** How to get there safely, or null when there is no safer way than consenting. */
  readonly alternative: string | null;
}

/** What each type means, for --help, README and refusal messages. */
export const HAZARD_SUMMARY: Readonly<Record<HazardType, string>> = {
  DATA_LOSS: 'drops stored values: a table, column, sequence, schema, extension, materialized view data, enum value, or values a type change discards',
  COLUMN_TYPE_CHANGE: 'changes a column type: the table is rewritten, and values may fail to convert or lose precision',
  MASS_DROP: 'drops more than the configured share (default 25%) of the live managed objects at once',
  CONSTRAINT_SCAN: 'validates a CHECK, FOREIGN KEY, NOT NULL or unique key over existing rows while holding a lock that blocks writes',
  INDEX_BUILD: 'builds an index on an existing table without CONCURRENTLY: writes wait until the build ends',
  TABLE_LOCK: 'holds an ACCESS EXCLUSIVE lock on a large table (by reltuples / relpages) for a rewrite or scan: reads and writes wait',
  SEQUENCE_RESTART: 'restarts a sequence or identity: values it handed out before may be handed out again',
  AUTHZ_CHANGE: 'changes who may do what: grants, revokes, owners, roles, row-level security, policies',
  UNTRACKED_DEPENDENCIES: 'drops, renames or retypes something that function bodies mention by name: PostgreSQL does not track those uses, they break at run time',
};

export const isHazardType = (s: string): s is HazardType => (HAZARD_TYPES as readonly string[]).includes(s);

/** Consent: the types allowed, or every type. */
export type AllowedHazards = ReadonlySet<HazardType> | 'all';
