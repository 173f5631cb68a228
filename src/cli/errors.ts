/** Known failures → one clear message and an exit code; anything else is a bug. */
import { EXIT } from './exit-codes.js';

interface Rendered { readonly message: string; readonly code: number; readonly bug: boolean }

/**
 * A user's mistake or a problem in their environment is never labelled a bug. Error classes are
 * matched by name so this module loads nothing heavy.
 */
const USER_ERRORS = new Set([
  'DiagnosticError', 'UsageError', 'ConfigError', 'SourceDirError', 'ConnectionError', 'ConnectionStringError', 'MigrationApplyError',
  'MigrationFileError', 'MigrationsDirError', 'LockTimeoutError', 'UnsupportedServerError', 'BaselineDriftError', 'PendingMigrationsError',
  'HazardListError', 'DbError', 'ModifiedMigrationError', 'OutOfOrderError', 'TrackingTableError', 'BaselineError', 'RepairError',
  'RebaseError', 'RollbackError', 'DumpTargetError', 'GenConfigError', 'GenOptionError', 'ScratchServerError', 'CanonicaliserError',
  'PreflightError', 'DurationError', 'ShadowProofError',
]);

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** File-system failures (permission denied, not a directory, disk full) are the environment's, not ours. */
const SYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'ENOENT', 'ENOSPC', 'EROFS', 'EMFILE', 'EEXIST']);

export const renderError = (e: unknown): Rendered => {
  const err = e instanceof Error ? e : new Error(String(e));
  const names = [err.name, err.constructor?.name ?? ''];
  if (names.includes('HazardError') || names.includes('ApplyHazardError')) return { message: err.message, code: EXIT.HAZARDS, bug: false };
  // Strict coverage refuses unmanaged live objects as verify --strict refuses undeclared ones.
  if (names.includes('CoverageError')) return { message: err.message, code: EXIT.UNDECLARED, bug: false };
  if (names.includes('ApplyInterruptedError')) return { message: err.message, code: SIGNAL_EXIT[(err as { signal?: string }).signal ?? ''] ?? EXIT.ERROR, bug: false };
  if (names.some((n) => USER_ERRORS.has(n))) return { message: err.message, code: EXIT.ERROR, bug: false };
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && SYSTEM_CODES.has(code)) return { message: err.message, code: EXIT.ERROR, bug: false };
  return { message: `internal error: ${err.message} (this is a bug in pg-flux; please report it with --verbose output)`, code: EXIT.ERROR, bug: true };
};
