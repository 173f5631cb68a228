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
    const sorted = [...diagnostics].sort(byPlace);
    super(sorted.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = sorted;
  }
}

export const formatDiagnostic = (d: Diagnostic): string => {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
};

export const diagnostic = (
  code: DiagnosticCode, message: string, location: SourceSpan | null = null, hint: string | null = null,
): Diagnostic => ({ code, message, location, hint });

/** Reading order: by file, then line, then column (problems without a place last). */
const byPlace = (a: Diagnostic, b: Diagnostic): number => {
  const x = a.location;
  const y = b.location;
  if (!x || !y) return x ? -1 : y ? 1 : 0;
  if (x.file !== y.file) return x.file < y.file ? -1 : 1;
  return x.line - y.line || x.column - y.column;
};
