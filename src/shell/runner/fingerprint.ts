/**
 * What a migration file does, as a hash: every statement's parse tree (without positions) and the
 * section it runs in. Comments, blank lines, spacing and keyword case do not change it; any
 * change to what PostgreSQL would run does. Recorded at apply time so `migrate repair` can accept
 * a cosmetic edit of an applied file and refuse one that changes its effect. Needs loadParser().
 */
import { createHash } from 'node:crypto';
import { parseStatements, type Node } from '../../core/parse/pg-query.js';
import { PHASES, type MigrationFile } from './migration-file.js';

const withoutPositions = (key: string, value: unknown): unknown => (key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value);

export const statementsChecksum = (file: MigrationFile): string => {
  const h = createHash('sha256');
  for (const phase of PHASES) {
    for (const s of file.sections[phase]) {
      const nodes: Node[] = parseStatements(s.sql).map((x) => x.node);
      h.update(`${phase}\n${JSON.stringify(nodes, withoutPositions)}\n`);
    }
  }
  return h.digest('hex');
};
