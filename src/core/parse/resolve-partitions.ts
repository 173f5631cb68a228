/**
 * Partitions and inheritance children, once every table is read: ATTACH PARTITION / INHERIT
 * statements join their tables, parents must exist (and be partitioned, for partitions), and the
 * columns a table gets from its parents are dropped from its own list. A partition has only its
 * parent's columns; an inheritance child that re-declares a parent's column merges with it, as
 * PostgreSQL does. The model keeps each column once, on the table that declares it.
 */
import type { DraftColumn, DraftTable, SchemaDraft } from './drafts.js';
import { diagnostic } from '../model/diagnostic.js';
import { keyOfName } from './statement-context.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';

const parentsOf = (t: DraftTable) => (t.partitionOf ? [t.partitionOf.parent] : t.inherits);

export const resolvePartitions = (d: SchemaDraft): void => {
  for (const a of d.attachments) {
    const child = d.tables.get(keyOfName(a.child));
    if (!child) {
      d.diagnostics.push(diagnostic('unknown_reference', `${a.kind === 'partition' ? 'ATTACH PARTITION' : 'INHERIT'} names table ${quoteQualified(a.child)}, which is declared nowhere`, a.span));
      continue;
    }
    if (a.kind === 'inherit') { if (!child.inherits.some((p) => keyOfName(p) === keyOfName(a.parent))) child.inherits.push(a.parent); continue; }
    if (child.partitionOf) {
      d.diagnostics.push(diagnostic('duplicate_object', `table ${quoteQualified(a.child)} is already a partition of ${quoteQualified(child.partitionOf.parent)}`, a.span));
      continue;
    }
    if (child.inherits.length) {
      d.diagnostics.push(diagnostic('invalid_definition', `table ${quoteQualified(a.child)} inherits from other tables and cannot be a partition`, a.span));
      continue;
    }
    child.partitionOf = { parent: a.parent, bound: a.bound, span: a.span };
  }
  const own = new Map<string, DraftColumn[]>();
  // Column names of a table with its parents', memoised; a cycle is reported once.
  const names = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const allNames = (t: DraftTable): Set<string> => {
    const k = keyOfName(t.name);
    const known = names.get(k);
    if (known) return known;
    if (visiting.has(k)) {
      d.diagnostics.push(diagnostic('dependency_cycle', `table ${quoteQualified(t.name)} inherits from itself`, t.span));
      return new Set();
    }
    visiting.add(k);
    const out = new Set<string>();
    for (const p of parentsOf(t)) { const pt = d.tables.get(keyOfName(p)); if (pt) for (const n of allNames(pt)) out.add(n); }
    for (const c of own.get(k) ?? t.columns) out.add(c.name);
    visiting.delete(k);
    names.set(k, out);
    return out;
  };
  for (const t of d.tables.values()) own.set(keyOfName(t.name), t.columns);
  for (const t of d.tables.values()) {
    const ps = parentsOf(t);
    if (!ps.length) continue;
    const inherited = new Set<string>();
    for (const p of ps) {
      const pt = d.tables.get(keyOfName(p));
      const what = t.partitionOf ? 'is a partition of' : 'inherits from';
      if (!pt) { d.diagnostics.push(diagnostic('unknown_reference', `table ${quoteQualified(t.name)} ${what} ${quoteQualified(p)}, which is declared nowhere`, t.partitionOf?.span ?? t.span)); continue; }
      if (t.partitionOf && pt.partitionBy === null) {
        d.diagnostics.push(diagnostic('invalid_definition', `table ${quoteQualified(t.name)} is a partition of ${quoteQualified(p)}, which is not partitioned`, t.partitionOf.span,
          `add PARTITION BY to CREATE TABLE ${quoteQualified(p)}`));
        continue;
      }
      if (!t.partitionOf && pt.partitionBy !== null) {
        d.diagnostics.push(diagnostic('invalid_definition', `table ${quoteQualified(t.name)} inherits from the partitioned table ${quoteQualified(p)}`, t.span, 'declare it PARTITION OF the table instead'));
        continue;
      }
      for (const n of allNames(pt)) inherited.add(n);
    }
    if (t.partitionOf) {
      const extra = t.columns.filter((c) => !inherited.has(c.name));
      if (extra.length) {
        d.diagnostics.push(diagnostic('invalid_definition',
          `partition ${quoteQualified(t.name)} has column ${quoteIdent(extra[0]!.name)}, which its parent ${quoteQualified(t.partitionOf.parent)} does not have`, extra[0]!.span));
      }
      // Created on its own and attached: its columns keep the defaults and NOT NULL it was
      // created with (ATTACH copies none from the parent); how they differ is worked out once built.
      const options = t.columnOptions ??= new Map();
      for (const c of t.columns) {
        if (c.serial || c.identity || c.generatedNode || options.has(c.name)) continue;
        options.set(c.name, { defaultNode: c.defaultNode, notNull: c.notNull });
      }
      t.columns = [];
    } else {
      t.columns = t.columns.filter((c) => !inherited.has(c.name));
    }
  }
};
