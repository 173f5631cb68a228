/** Exit codes (documented in --help and README). */
export const EXIT = {
  OK: 0,
  /** An error, or differences found by plain `drift`. */
  ERROR: 1,
  /** `drift --strict` found differences. */
  DRIFT_STRICT: 2,
  /** `gen --check` found stale generated files (reserved). */
  STALE_GENERATED: 3,
  /** `verify --strict` found undeclared live objects; strict coverage found unmanaged ones. */
  UNDECLARED: 4,
  /** The plan has hazards that were not allowed. */
  HAZARDS: 5,
} as const;
