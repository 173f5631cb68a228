/**
 * Whether a case stays inside what pg-flux manages today: every SQL text involved parses
 * without an "is not supported yet" diagnostic. Failures of in-scope cases are pg-flux bugs;
 * failures of out-of-scope ones (e.g. a live view blocking a DROP TABLE) are expected for now.
 * Parsed in-process: this is bookkeeping for the report, not one of the checks.
 */
import { loadParser } from '../../src/core/parse/pg-query.js';
import { parseSchema } from '../../src/core/parse/parse-schema.js';
import { DiagnosticError } from '../../src/core/model/diagnostic.js';

/** Each entry is one schema source (its files in order). */
export const inScope = async (sources: readonly (readonly { path: string; text: string }[])[]): Promise<boolean> => {
  await loadParser();
  for (const files of sources) {
    try {
      parseSchema(files);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) continue; // a crash is pg-flux's problem, not the case's scope
      if (e.diagnostics.some((d) => d.code === 'unsupported_statement' || d.code === 'unsupported_clause')) return false;
    }
  }
  return true;
};
