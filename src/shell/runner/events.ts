/**
 * What `migrate apply` reports while it runs: one event per step, for a terminal (human lines)
 * or a log shipper (`--log-format=json`: one JSON object per line). Events carry no connection
 * strings; renderers still pass every text through redaction.
 */
import type { Phase } from '../../core/model/plan.js';
import type { HazardFinding } from '../../core/hazards/report.js';

export interface StatementRef {
  readonly file: string;
  readonly line: number;
  readonly phase: Phase;
  /** First line of the statement. */
  readonly sql: string;
}

export interface Blocker {
  readonly pid: number;
  readonly applicationName: string;
  readonly state: string | null;
  readonly queryStart: string | null;
  /** The blocker's current (or last) query, shortened. */
  readonly query: string | null;
  /** Locks it holds that the waiting statement wants, e.g. `AccessShareLock on public.users`. */
  readonly holds: string | null;
}

export type ApplyEvent =
  | { readonly event: 'apply_start'; readonly pending: number; readonly resuming: number; readonly dryRun: boolean }
  | { readonly event: 'message'; readonly level: 'info' | 'warning'; readonly text: string }
  | { readonly event: 'hazard_refusal'; readonly hazards: readonly HazardFinding[] }
  | { readonly event: 'preflight'; readonly check: string; readonly ok: boolean; readonly detail: string; readonly durationMs: number }
  | { readonly event: 'file_start'; readonly file: string; readonly resumed: boolean }
  | { readonly event: 'statement_start'; readonly statement: StatementRef }
  | { readonly event: 'statement_end'; readonly statement: StatementRef; readonly durationMs: number; readonly rows: number | null }
  | { readonly event: 'lock_wait'; readonly statement: StatementRef; readonly waitedMs: number; readonly wants: string | null; readonly blockers: readonly Blocker[] }
  | { readonly event: 'retry'; readonly statement: StatementRef; readonly attempt: number; readonly of: number; readonly delayMs: number; readonly reason: string }
  | { readonly event: 'progress'; readonly statement: StatementRef; readonly phase: string; readonly done: number; readonly total: number; readonly elapsedMs: number }
  | { readonly event: 'commit'; readonly file: string; readonly phase: Phase; readonly durationMs: number }
  | { readonly event: 'file_end'; readonly file: string; readonly durationMs: number; readonly resumed: boolean }
  | { readonly event: 'dry_run'; readonly file: string; readonly phase: Phase; readonly sql: string }
  | { readonly event: 'interrupted'; readonly signal: string; readonly files: readonly { file: string; state: string }[] }
  | { readonly event: 'error'; readonly message: string }
  /** The shadow proof (migrate apply with a shadow server) passed, or refused: `detail` says why. */
  | { readonly event: 'shadow_proof'; readonly ok: boolean; readonly server: string; readonly files: readonly string[]; readonly detail: string | null }
  | { readonly event: 'apply_end'; readonly applied: number; readonly skipped: number; readonly durationMs: number };

export type EventSink = (e: ApplyEvent) => void;
