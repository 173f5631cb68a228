/** Known failures → one clear message and an exit code; anything else is a bug. */
import { EXIT } from './exit-codes.js';

interface Rendered { readonly message: string; readonly code: number; readonly bug: boolean }

/** Error classes are matched by name so this module loads nothing heavy. */
const USER_ERRORS = new Set([
  'DiagnosticError', 'UsageError', 'ConfigError', 'SourceDirError', 'ConnectionError', 'MigrationApplyError',
  'MigrationFileError', 'LockTimeoutError', 'UnsupportedServerError', 'BaselineDriftError', 'PendingMigrationsError',
  'HazardListError', 'DbError', 'PreflightError', 'DurationError',
]);

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

export const renderError = (e: unknown): Rendered => {
  const err = e instanceof Error ? e : new Error(String(e));
  const name = err.constructor?.name ?? err.name;
  if (name === 'HazardError' || name === 'ApplyHazardError') return { message: err.message, code: EXIT.HAZARDS, bug: false };
  if (name === 'ApplyInterruptedError') return { message: err.message, code: SIGNAL_EXIT[(err as { signal?: string }).signal ?? ''] ?? EXIT.ERROR, bug: false };
  if (USER_ERRORS.has(name) || USER_ERRORS.has(err.name)) return { message: err.message, code: EXIT.ERROR, bug: false };
  return { message: `internal error: ${err.message} (this is a bug in pg-flux; please report it with --verbose output)`, code: EXIT.ERROR, bug: true };
};
