import type { Node } from '../pg-query.js';
import { keyOfName, rangeVarName, type StatementContext } from '../statement-context.js';
import { sequenceClauses, type SequenceClauses } from '../../canon/sequences.js';
import { quoteQualified } from '../../emit/sql/quote.js';

const readClauses = (defs: Node[] | undefined, ctx: StatementContext): SequenceClauses | null => {
  try {
    return sequenceClauses(defs);
  } catch (e) {
    ctx.error('unsupported_clause', (e as Error).message);
    return null;
  }
};

/** CREATE SEQUENCE [IF NOT EXISTS] name [options]. */
export const createSequence = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['sequence']?.relpersistence === 't') { ctx.unsupported('CREATE TEMPORARY SEQUENCE'); return; }
  if (stmt['sequence']?.relpersistence === 'u') { ctx.unsupported('CREATE UNLOGGED SEQUENCE'); return; }
  const name = rangeVarName(stmt['sequence']);
  const clauses = readClauses(stmt['options'], ctx);
  if (!clauses) return;
  const prior = ctx.draft.sequences.get(keyOfName(name));
  if (prior) {
    if (!stmt['if_not_exists']) ctx.error('duplicate_object', `sequence ${quoteQualified(name)} is already declared at ${prior.span.file}:${prior.span.line}`);
    return;
  }
  ctx.draft.sequences.set(keyOfName(name), { name, clauses, span: ctx.span() });
};

/** ALTER SEQUENCE name options (pg_dump writes OWNED BY this way). */
export const alterSequence = (stmt: Node, ctx: StatementContext): void => {
  const clauses = readClauses(stmt['options'], ctx);
  if (clauses) ctx.draft.sequenceAlters.push({ name: rangeVarName(stmt['sequence']), clauses, span: ctx.span() });
};
