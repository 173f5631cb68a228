import type { SourceSpan } from './objects.js';

export type DiagnosticCode =
  | 'syntax_error'
  | 'unsupported_statement'
  | 'unsupported_clause'
  | 'duplicate_object'
  | 'unknown_reference'
  | 'invalid_definition'
  | 'dependency_cycle';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly location: SourceSpan | null;
  readonly hint: string | null;
}

/** A user-facing problem (bad input); carries every diagnostic found, not only the first. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export const formatDiagnostic = (d: Diagnostic): string => {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
};

export const diagnostic = (
  code: DiagnosticCode, message: string, location: SourceSpan | null = null, hint: string | null = null,
): Diagnostic => ({ code, message, location, hint });
