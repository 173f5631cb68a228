import type { ChangeOf, IndexStatisticsTarget } from '../../model/change.js';
import type { IndexDef } from '../../model/objects.js';
import type { Statement } from '../../model/plan.js';
import { keyOf, type QualifiedName } from '../../model/names.js';
import { clipBytes } from '../../canon/identifiers.js';
import { deparseNode, parseStatements } from '../../parse/pg-query.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { after, main, type EmitContext } from './context.js';

/**
 * The stored definition is a `CREATE [UNIQUE] INDEX name ON ...` text printed by PostgreSQL or
 * by our printer, so its prefix is known; CONCURRENTLY goes right after INDEX.
 */
const concurrently = (sql: string): string => sql.replace(/^CREATE (UNIQUE )?INDEX /i, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX CONCURRENTLY `);

const TEMP_SUFFIX = '__pgflux_new';

/**
 * `ALTER INDEX ... ALTER COLUMN n SET STATISTICS k` for each target; -1 resets (DEFAULT is only
 * accepted from PostgreSQL 17 on, -1 by every major).
 */
const statisticsSql = (index: QualifiedName, targets: readonly IndexStatisticsTarget[]): string[] =>
  targets.map((t) => `ALTER INDEX ${quoteQualified(index)} ALTER COLUMN ${t.column} SET STATISTICS ${t.target ?? -1}`);

/** The targets a new index needs set after its CREATE INDEX (which cannot take them). */
const targetsOf = (i: IndexDef): IndexStatisticsTarget[] =>
  Object.entries(i.statisticsTargets ?? {}).map(([column, target]) => ({ column: Number(column), target })).sort((a, b) => a.column - b.column);

/** The name a replacement index is built under until it takes the old one's name. */
export const replacementName = (n: QualifiedName): QualifiedName => ({ schema: n.schema, name: `${clipBytes(n.name, 63 - TEMP_SUFFIX.length)}${TEMP_SUFFIX}` });

/** The definition built CONCURRENTLY under another name (through the parse tree, not the text). */
const concurrentlyAs = (sql: string, name: string): string => {
  const stmt = parseStatements(sql)[0]!.node['IndexStmt'];
  return deparseNode({ IndexStmt: { ...stmt, idxname: name, concurrent: true } });
};

/** The index definition on another table (or ON ONLY it), under another name. */
const definitionOn = (sql: string, name: string, table: QualifiedName, opts: { only: boolean; concurrent: boolean }): string => {
  const stmt = parseStatements(sql)[0]!.node['IndexStmt'];
  const text = deparseNode({ IndexStmt: {
    ...stmt, idxname: name, concurrent: opts.concurrent, relation: { ...stmt.relation, schemaname: table.schema, relname: table.name, inh: true },
  } });
  // The deparser does not print ONLY for an index: it goes right after the (quoted) index name's ON.
  return opts.only ? text.replace(/^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON )/, '$1ONLY ') : text;
};

/** The name of a partition's index: the partition's and the parent index's names, within 63 bytes. */
export const partitionIndexName = (partition: QualifiedName, index: QualifiedName): string =>
  clipBytes(`${partition.name}_${index.name}`, 63);

/**
 * An index on a partitioned table with partitions, built without blocking writes: ON ONLY the
 * parent in the transaction (an invalid, empty shell), then after the commit, for each
 * partition, its own index CONCURRENTLY (ON ONLY a sub-partitioned one, its partitions' after
 * it) and ALTER INDEX ... ATTACH PARTITION. The parent's index becomes valid with the last attach.
 */
const onlineOnPartitions = (c: ChangeOf<'create_index'>): Statement[] => {
  const sql = c.index.definition.sql;
  const out: Statement[] = [main(definitionOn(sql, c.index.name.name, c.index.table, { only: true, concurrent: false }))];
  const parts = c.partitions ?? [];
  const build = (parentTable: QualifiedName, parentIndex: QualifiedName): void => {
    for (const p of parts.filter((x) => keyOf(x.parent) === keyOf(parentTable))) {
      const name: QualifiedName = { schema: p.table.schema, name: partitionIndexName(p.table, c.index.name) };
      out.push(after(definitionOn(sql, name.name, p.table, { only: p.partitioned, concurrent: !p.partitioned })));
      if (p.partitioned) build(p.table, name);
      out.push(after(`ALTER INDEX ${quoteQualified(parentIndex)} ATTACH PARTITION ${quoteQualified(name)}`));
    }
  };
  build(c.index.table, c.index.name);
  return out;
};

/** The statements that build the index of a create_index change (in the transaction, after it, or by a swap). */
const createStatements = (c: ChangeOf<'create_index'>, ctx: EmitContext): Statement[] => {
  const key = keyOf(c.index.name);
  // The source leaves a partitioned index invalid (ON ONLY, not every partition's index attached):
  // created ON ONLY it stays so, and the partitions' own indexes are created and attached as declared.
  if (c.index.invalid === true && /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON ONLY /.test(c.index.definition.sql)) {
    return [main(definitionOn(c.index.definition.sql, c.index.name.name, c.index.table, { only: true, concurrent: false }))];
  }
  if (c.partitions?.length && ctx.online.concurrentIndexes.has(key)) return onlineOnPartitions(c);
  // A live definition of a partitioned index reads ON ONLY (pg_get_indexdef): created again, it covers the partitions.
  if (/^CREATE (UNIQUE )?INDEX \S+ ON ONLY /.test(c.index.definition.sql)) {
    return [main(definitionOn(c.index.definition.sql, c.index.name.name, c.index.table, { only: false, concurrent: false }))];
  }
  if (ctx.online.replacedIndexes.has(key)) {
    // Build the new definition beside the old index, then swap: readers always have one.
    const tmp = replacementName(c.index.name);
    return [
      after(concurrentlyAs(c.index.definition.sql, tmp.name)),
      after(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(c.index.name)}`),
      after(`ALTER INDEX ${quoteQualified(tmp)} RENAME TO ${quoteIdent(c.index.name.name)}`),
    ];
  }
  return ctx.online.concurrentIndexes.has(key) ? [after(concurrently(c.index.definition.sql))] : [main(c.index.definition.sql)];
};

export const indexEmitters = {
  create_index: (c: ChangeOf<'create_index'>, ctx: EmitContext): Statement[] => {
    const built = createStatements(c, ctx);
    // A new index starts with default targets: set them in the phase its build ends in.
    const phase = built.some((s) => s.phase === 'after') ? after : main;
    return [...built, ...statisticsSql(c.index.name, targetsOf(c.index)).map(phase)];
  },
  attach_index: (c: ChangeOf<'attach_index'>): Statement[] => [main(`ALTER INDEX ${quoteQualified(c.parent.name)} ATTACH PARTITION ${quoteQualified(c.child.name)}`)],
  set_index_statistics: (c: ChangeOf<'set_index_statistics'>): Statement[] => statisticsSql(c.index, c.targets).map(main),
  drop_index: (c: ChangeOf<'drop_index'>, ctx: EmitContext): Statement[] => {
    const key = keyOf(c.index.name);
    if (ctx.online.replacedIndexes.has(key)) return []; // part of create_index's swap
    return ctx.online.concurrentDrops.has(key)
      ? [after(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(c.index.name)}`)]
      : [main(`DROP INDEX ${quoteQualified(c.index.name)}`)];
  },
};
