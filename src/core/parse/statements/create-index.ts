import type { Node } from '../pg-query.js';
import { rangeVarName, type StatementContext } from '../statement-context.js';

/** CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON table ... */
export const createIndex = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['tableSpace']) { ctx.unsupported('CREATE INDEX ... TABLESPACE'); return; }
  // ON ONLY a partitioned table (pg_dump's form, with ALTER INDEX ... ATTACH PARTITION for each
  // partition's index): the index of the parent, which implies its partitions'.
  if (stmt['relation']?.inh === false) stmt = { ...stmt, relation: { ...stmt['relation'], inh: true } };
  ctx.draft.indexes.push({ stmt, span: ctx.span(), sql: ctx.text, at: (p) => ctx.at(p) });
  const was = stmt['idxname'] ? ctx.renamedFrom() : null;
  if (was !== null) ctx.draft.renames.push({ kind: 'index', to: { ...rangeVarName(stmt['relation']), name: stmt['idxname'] }, from: was, source: ctx.span() });
};
