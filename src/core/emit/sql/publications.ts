/** Publications: CREATE PUBLICATION from the model, ALTER PUBLICATION ADD / DROP / SET for changes. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { PublicationDef, PublicationTable } from '../../model/foreign.js';
import { PUBLISH_OPERATIONS } from '../../model/foreign.js';
import { keyOf } from '../../model/names.js';
import { sameComparable } from '../../model/compare.js';
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

/** One table of the list; ONLY, since PostgreSQL adds inheritance children of a table named without it. */
const tableSql = (t: PublicationTable): string =>
  `ONLY ${quoteQualified(t.table)}${t.columns ? ` (${quoteIdentList(t.columns)})` : ''}${t.where ? ` WHERE (${t.where.sql})` : ''}`;

const withSql = (p: PublicationDef): string[] => [
  ...(p.publish.length === PUBLISH_OPERATIONS.length ? [] : [`publish = ${quoteLiteral(p.publish.join(', '))}`]),
  ...(p.viaPartitionRoot ? ['publish_via_partition_root = true'] : []),
  ...(p.generatedColumns ? [`publish_generated_columns = ${p.generatedColumns}`] : []),
];

export const createPublicationSql = (p: PublicationDef): string => {
  const objects = [
    ...(p.tables.length ? [`TABLE ${p.tables.map(tableSql).join(', ')}`] : []),
    ...(p.schemas.length ? [`TABLES IN SCHEMA ${quoteIdentList(p.schemas)}`] : []),
  ];
  const target = p.allTables ? ' FOR ALL TABLES' : objects.length ? ` FOR ${objects.join(', ')}` : '';
  const opts = withSql(p);
  return `CREATE PUBLICATION ${quoteIdent(p.name)}${target}${opts.length ? ` WITH (${opts.join(', ')})` : ''}`;
};

const alterPublication = (c: ChangeOf<'alter_publication'>): Statement[] => {
  const name = quoteIdent(c.to.name);
  const live = new Map(c.from.tables.map((t) => [keyOf(t.table), t]));
  const want = new Map(c.to.tables.map((t) => [keyOf(t.table), t]));
  const changed = (t: PublicationTable): boolean => { const l = live.get(keyOf(t.table)); return l !== undefined && !sameComparable(l, t); };
  const dropTables = c.from.tables.filter((t) => !want.has(keyOf(t.table)) || changed(want.get(keyOf(t.table))!));
  const addTables = c.to.tables.filter((t) => !live.has(keyOf(t.table)) || changed(t));
  const dropSchemas = c.from.schemas.filter((s) => !c.to.schemas.includes(s));
  const addSchemas = c.to.schemas.filter((s) => !c.from.schemas.includes(s));
  const out: Statement[] = [];
  if (dropTables.length) out.push(main(`ALTER PUBLICATION ${name} DROP TABLE ${dropTables.map((t) => `ONLY ${quoteQualified(t.table)}`).join(', ')}`));
  if (dropSchemas.length) out.push(main(`ALTER PUBLICATION ${name} DROP TABLES IN SCHEMA ${quoteIdentList(dropSchemas)}`));
  if (addTables.length) out.push(main(`ALTER PUBLICATION ${name} ADD TABLE ${addTables.map(tableSql).join(', ')}`));
  if (addSchemas.length) out.push(main(`ALTER PUBLICATION ${name} ADD TABLES IN SCHEMA ${quoteIdentList(addSchemas)}`));
  const opts: string[] = [];
  if (c.from.publish.join(',') !== c.to.publish.join(',')) opts.push(`publish = ${quoteLiteral(c.to.publish.join(', '))}`);
  if (c.from.viaPartitionRoot !== c.to.viaPartitionRoot) opts.push(`publish_via_partition_root = ${c.to.viaPartitionRoot}`);
  if ((c.from.generatedColumns ?? null) !== (c.to.generatedColumns ?? null)) opts.push(`publish_generated_columns = ${c.to.generatedColumns ?? 'none'}`);
  if (opts.length) out.push(main(`ALTER PUBLICATION ${name} SET (${opts.join(', ')})`));
  return out;
};

export const publicationEmitters = {
  create_publication: (c: ChangeOf<'create_publication'>): Statement[] => [main(createPublicationSql(c.publication))],
  drop_publication: (c: ChangeOf<'drop_publication'>): Statement[] => [main(`DROP PUBLICATION ${quoteIdent(c.publication.name)}`)],
  alter_publication: alterPublication,
};
