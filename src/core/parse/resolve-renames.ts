/** ALTER TABLE ... RENAME CONSTRAINT of the source, applied to the declared constraints once they all have names. */
import type { SchemaDraft } from './drafts.js';
import type { Names } from './resolve-names.js';
import { keyOfName } from './statement-context.js';
import { diagnostic } from '../model/diagnostic.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';

export const applyConstraintRenames = (d: SchemaDraft, names: Names): void => {
  for (const r of d.constraintRenames) {
    const c = d.constraints.find((x) => keyOfName(x.table) === keyOfName(r.table) && x.node['conname'] === r.from);
    if (!c) {
      if (!d.tables.has(keyOfName(r.table)) && r.missingOk) continue;
      d.diagnostics.push(diagnostic('unknown_reference', `ALTER TABLE ... RENAME CONSTRAINT names constraint ${quoteIdent(r.from)} of ${quoteQualified(r.table)}, which is declared nowhere before it`, r.span));
      continue;
    }
    const used = names.constraints.get(r.table.schema);
    c.node = { ...c.node, conname: r.to };
    used?.delete(r.from);
    used?.add(r.to);
  }
};
