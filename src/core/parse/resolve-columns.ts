/** Apply ALTER TABLE / ALTER SEQUENCE / ALTER TYPE declarations to the drafts, once all are read. */
import type { SchemaDraft } from './drafts.js';
import { diagnostic } from '../model/diagnostic.js';
import { keyOfName } from './statement-context.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../emit/sql/quote.js';
import { dropColumn } from './drop-column.js';

export const applyAlters = (d: SchemaDraft): void => {
  for (const a of d.columnAlters) {
    const table = d.tables.get(keyOfName(a.table));
    if (!table && a.kind === 'cluster_on' && d.bodies.some((b) => b.kind === 'view' && !b.alter && b.key === keyOfName(a.table))) {
      // pg_dump writes ALTER TABLE ... CLUSTER ON for a materialized view too: the scratch load runs it after the view's indexes.
      d.viewClusterAlters.push({ view: a.table, index: a.index, span: a.span });
      continue;
    }
    if (!table) {
      d.diagnostics.push(diagnostic('unknown_reference', `ALTER TABLE names table ${quoteQualified(a.table)}, which is declared nowhere`, a.span));
      continue;
    }
    if (a.kind === 'set_options') { table.options = [...new Set([...table.options, ...a.options])].sort(); continue; }
    if (a.kind === 'set_unlogged') { table.unlogged = a.unlogged; continue; }
    if (a.kind === 'access_method') { table.accessMethod = a.accessMethod; continue; }
    if (a.kind === 'cluster_on') { table.clusterOn = a.index; continue; }
    if (a.kind === 'replica_identity') { table.replicaIdentity = a.identity === null ? null : { identity: a.identity, span: a.span }; continue; }
    if (a.kind === 'add_column') {
      // As in PostgreSQL, a column added by ALTER TABLE comes after every column declared so far.
      if (!table.columns.some((c) => c.name === a.column)) table.columns.push(a.def);
      else if (!a.ifNotExists) d.diagnostics.push(diagnostic('duplicate_object', `column ${quoteIdent(a.column)} of ${quoteQualified(a.table)} is already declared`, a.span));
      continue;
    }
    if (a.kind === 'drop_column') { dropColumn(d, table, a); continue; }
    const col = table.columns.find((c) => c.name === a.column);
    if (!col && table.partitionOf && ['set_default', 'drop_default', 'set_not_null', 'drop_not_null'].includes(a.kind)) {
      // A partition's own default or NOT NULL on a column of its parent.
      const options = table.columnOptions ??= new Map();
      const entry = options.get(a.column) ?? { notNull: false };
      if (a.kind === 'set_default') entry.defaultNode = a.node;
      else if (a.kind === 'drop_default') entry.defaultNode = null;
      else entry.notNull = a.kind === 'set_not_null';
      options.set(a.column, entry);
      continue;
    }
    if (!col) {
      d.diagnostics.push(diagnostic('unknown_reference', `column ${quoteIdent(a.column)} of ${quoteQualified(a.table)} does not exist`, a.span));
      continue;
    }
    switch (a.kind) {
      case 'set_default': col.defaultNode = a.node; break;
      case 'drop_default': col.defaultNode = null; break;
      case 'set_not_null': col.notNull = true; break;
      case 'add_not_null':
        // A second NOT NULL constraint on a column that has one is a no-op in PostgreSQL 18.
        if (!col.notNull) { col.notNullName = a.name; col.notNullNotValid = a.notValid; }
        col.notNull = true;
        break;
      case 'drop_not_null': col.notNull = false; col.notNullName = null; col.notNullNotValid = false; break;
      case 'set_storage': col.storage = a.storage; break;
      case 'set_compression': col.compression = a.compression; break;
      case 'set_statistics': col.statisticsTarget = a.target; break;
      case 'set_column_options': {
        const key = (o: string): string => o.slice(0, o.indexOf('=') < 0 ? o.length : o.indexOf('='));
        const gone = new Set(a.reset ? a.options : a.options.map(key));
        col.options = [...col.options.filter((o) => !gone.has(key(o))), ...(a.reset ? [] : a.options)].sort();
        break;
      }
      case 'add_identity': col.identity = { generation: a.generation, clauses: a.clauses }; col.notNull = true; break;
    }
  }
  for (const a of d.sequenceAlters) {
    const seq = d.sequences.get(keyOfName(a.name));
    if (!seq) {
      d.diagnostics.push(diagnostic('unknown_reference', `ALTER SEQUENCE names sequence ${quoteQualified(a.name)}, which is declared nowhere`, a.span));
      continue;
    }
    seq.clauses = {
      options: { ...seq.clauses.options, ...a.clauses.options },
      ownedBy: a.clauses.ownedBy !== undefined ? a.clauses.ownedBy : seq.clauses.ownedBy,
      sequenceName: seq.clauses.sequenceName,
    };
  }
  for (const a of d.enumAdds) {
    const e = d.enums.get(keyOfName(a.enum));
    if (!e) {
      d.diagnostics.push(diagnostic('unknown_reference', `ALTER TYPE names enum ${quoteQualified(a.enum)}, which is declared nowhere`, a.span));
      continue;
    }
    if (e.values.includes(a.value)) continue;
    const values = [...e.values];
    const anchor = a.before ?? a.after;
    const at = anchor === null ? values.length : values.indexOf(anchor) + (a.after !== null ? 1 : 0);
    if (anchor !== null && values.indexOf(anchor) < 0) {
      d.diagnostics.push(diagnostic('unknown_reference', `enum ${quoteQualified(a.enum)} has no value ${quoteLiteral(anchor)}`, a.span));
      continue;
    }
    values.splice(at, 0, a.value);
    d.enums.set(keyOfName(a.enum), { ...e, values });
  }
  // PRIMARY KEY columns are NOT NULL in PostgreSQL whatever the column says.
  for (const c of d.constraints) {
    if (c.node['contype'] !== 'CONSTR_PRIMARY') continue;
    const table = d.tables.get(keyOfName(c.table));
    const keys: string[] = c.column ? [c.column] : (c.node['keys'] ?? []).map((k: { String: { sval: string } }) => k.String.sval);
    for (const k of keys) {
      const col = table?.columns.find((x) => x.name === k);
      if (col) col.notNull = true;
      else if (table?.partitionOf) {
        // A partition's own key on its parent's column: NOT NULL on the partition (its override).
        const options = table.columnOptions ??= new Map();
        options.set(k, { ...(options.get(k) ?? {}), notNull: true });
      }
    }
  }
};
