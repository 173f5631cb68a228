import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';

/** CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON table ... */
export const createIndex = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['tableSpace']) { ctx.unsupported('CREATE INDEX ... TABLESPACE'); return; }
  if (stmt['relation']?.inh === false) { ctx.unsupported('CREATE INDEX ON ONLY (partitioned tables)'); return; }
  ctx.draft.indexes.push({ stmt, span: ctx.span(), sql: ctx.text, at: (p) => ctx.at(p) });
};
