import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { columnDefinition, columnFollowUps } from './columns.js';
import { main, type EmitContext } from './context.js';
import type { ReplicaIdentity, TableDef } from '../../model/objects.js';
import { optionsClause } from './foreign.js';
import { optionSql } from './options-sql.js';

export { optionSql };

const REPLICA_SQL = { full: 'FULL', nothing: 'NOTHING' } as const;

/** The REPLICA IDENTITY clause of ALTER TABLE (null: DEFAULT). */
export const replicaIdentitySql = (r: ReplicaIdentity | null): string =>
  r === null ? 'DEFAULT' : typeof r === 'string' ? REPLICA_SQL[r] : `USING INDEX ${quoteIdent(r.index)}`;

/**
 * CREATE TABLE with these column and constraint lines: a partition as PARTITION OF its parent
 * (its columns are the parent's), an inheritance child with INHERITS, a partitioned table with
 * PARTITION BY.
 */
export const createTableSql = (t: TableDef, lines: readonly string[]): string => {
  const head = `CREATE ${t.foreign ? 'FOREIGN ' : t.unlogged ? 'UNLOGGED ' : ''}TABLE ${quoteQualified(t.name)}`;
  const body = lines.length ? ` (\n    ${lines.join(',\n    ')}\n)` : ' ()';
  const tail = [
    t.partitionOf ? ` ${t.partitionOf.bound}` : '',
    !t.partitionOf && t.inherits?.length ? ` INHERITS (${t.inherits.map(quoteQualified).join(', ')})` : '',
    t.partitionBy !== undefined ? ` PARTITION BY ${t.partitionBy}` : '',
    t.accessMethod !== undefined ? ` USING ${quoteIdent(t.accessMethod)}` : '',
    t.options.length ? ` WITH (${t.options.map(optionSql).join(', ')})` : '',
    // A foreign table's secret options are not known: they are set out of band.
    t.foreign ? ` SERVER ${quoteIdent(t.foreign.server)}${optionsClause(t.foreign.options)}` : '',
  ].join('');
  if (t.partitionOf) return `${head} PARTITION OF ${quoteQualified(t.partitionOf.parent)}${lines.length ? body : ''}${tail}`;
  return `${head}${body}${tail}`;
};

export const tableEmitters = {
  create_table: (c: ChangeOf<'create_table'>, ctx: EmitContext): Statement[] => [
    main(createTableSql(c.table, [
      ...c.table.columns.map((col) => columnDefinition(col, ctx.serverVersionNum)),
      ...c.constraints.map((k) => `CONSTRAINT ${quoteIdent(k.name)} ${k.definition.sql}`),
    ])),
    ...c.table.columns.flatMap((col) => columnFollowUps(c.table.name, col, ctx.serverVersionNum)),
  ],
  set_table_access_method: (c: ChangeOf<'set_table_access_method'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} SET ACCESS METHOD ${quoteIdent(c.accessMethod ?? 'heap')}`)],
  set_table_cluster: (c: ChangeOf<'set_table_cluster'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} ${c.index === null ? 'SET WITHOUT CLUSTER' : `CLUSTER ON ${quoteIdent(c.index)}`}`)],
  set_replica_identity: (c: ChangeOf<'set_replica_identity'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} REPLICA IDENTITY ${replicaIdentitySql(c.identity)}`)],
  drop_table: (c: ChangeOf<'drop_table'>): Statement[] => [
    ...(c.detachFirst && c.table.partitionOf ? [main(`ALTER TABLE ${quoteQualified(c.table.partitionOf.parent)} DETACH PARTITION ${quoteQualified(c.table.name)}`)] : []),
    main(`DROP ${c.table.foreign ? 'FOREIGN ' : ''}TABLE ${quoteQualified(c.table.name)}`),
  ],
  set_table_persistence: (c: ChangeOf<'set_table_persistence'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} SET ${c.unlogged ? 'UNLOGGED' : 'LOGGED'}`)],
  set_table_options: (c: ChangeOf<'set_table_options'>): Statement[] => [
    ...(c.reset.length ? [main(`ALTER TABLE ${quoteQualified(c.table)} RESET (${c.reset.join(', ')})`)] : []),
    ...(c.set.length ? [main(`ALTER TABLE ${quoteQualified(c.table)} SET (${c.set.map(optionSql).join(', ')})`)] : []),
  ],
};
