/** Hazards as the user reads them: type and why, then the statement (with its place) and the safer way. */
import type { Hazard } from '../model/hazard.js';

export interface HazardFinding {
  readonly hazard: Hazard;
  /** The statement that carries it (first line), and where it is (`file:line`), when known. */
  readonly statement: string | null;
  readonly where: string | null;
}

const firstLine = (sql: string): string => {
  const l = sql.split('\n').find((x) => x.trim() !== '' && !x.trim().startsWith('--'))?.trim() ?? sql.trim();
  return l.length > 120 ? `${l.slice(0, 117)}...` : l;
};

export const formatFindings = (findings: readonly HazardFinding[]): string[] =>
  findings.flatMap((f) => [
    `  ${f.hazard.type}: ${f.hazard.message}`,
    ...(f.statement ? [`    statement${f.where ? ` (${f.where})` : ''}: ${firstLine(f.statement)}`] : []),
    ...(f.hazard.alternative ? [`    safer: ${f.hazard.alternative}`] : []),
  ]);

export const typesOf = (findings: readonly HazardFinding[]): string[] => [...new Set(findings.map((f) => f.hazard.type))].sort();
