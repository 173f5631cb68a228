/** Partitions attached and detached, inheritance parents added and removed. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { QualifiedName } from '../../model/names.js';
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

/**
 * Rows of a detached default partition that belong to partition `to` move there. The condition
 * is the server's own partition constraint of `to` (pg_get_partition_constraintdef), so it is
 * exact for every key and bound form; it can be read only at run time, hence EXECUTE.
 */
const moveRowsSql = (from: QualifiedName, to: QualifiedName, columns: readonly string[]): string => {
  const cols = quoteIdentList(columns);
  const head = `WITH moved AS (DELETE FROM ONLY ${quoteQualified(from)} WHERE `;
  const tail = ` RETURNING ${cols}) INSERT INTO ${quoteQualified(to)} (${cols}) SELECT ${cols} FROM moved`;
  return `DO $pgflux$ BEGIN EXECUTE ${quoteLiteral(head)} || pg_catalog.pg_get_partition_constraintdef(${quoteLiteral(quoteQualified(to))}::pg_catalog.regclass) || ${quoteLiteral(tail)}; END $pgflux$`;
};

export const partitionEmitters = {
  attach_partition: (c: ChangeOf<'attach_partition'>): Statement[] => {
    const t = quoteQualified(c.table);
    const check = c.check;
    return [
      ...c.moveRowsTo.map((p) => main(moveRowsSql(c.table, p, c.columns))),
      // A valid CHECK that implies the bound lets ATTACH skip its scan: VALIDATE scans under
      // SHARE UPDATE EXCLUSIVE (writes go on), the attach then holds its lock only briefly.
      ...(check ? [
        main(`ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expr}) NOT VALID`),
        main(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${quoteIdent(check.name)}`),
      ] : []),
      main(`ALTER TABLE ${quoteQualified(c.parent)} ATTACH PARTITION ${t} ${c.bound}`),
      ...(check ? [main(`ALTER TABLE ${t} DROP CONSTRAINT ${quoteIdent(check.name)}`)] : []),
    ];
  },
  detach_partition: (c: ChangeOf<'detach_partition'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.parent)} DETACH PARTITION ${quoteQualified(c.table)}`)],
  add_inherit: (c: ChangeOf<'add_inherit'>): Statement[] => [main(`ALTER TABLE ${quoteQualified(c.table)} INHERIT ${quoteQualified(c.parent)}`)],
  drop_inherit: (c: ChangeOf<'drop_inherit'>): Statement[] => [main(`ALTER TABLE ${quoteQualified(c.table)} NO INHERIT ${quoteQualified(c.parent)}`)],
};
