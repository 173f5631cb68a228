import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { sequenceOptionClauses, sequenceTypeSql } from './columns.js';
import { fillSequenceOptions, retypeSequence, sequenceRestarts } from '../../canon/sequences.js';
import { main } from './context.js';

export const sequenceEmitters = {
  create_sequence: (c: ChangeOf<'create_sequence'>): Statement[] => {
    const o = c.sequence.options;
    const parts = [`CREATE SEQUENCE ${quoteQualified(c.sequence.name)}`];
    if (o.dataType !== 'int8') parts.push(`AS ${sequenceTypeSql(o.dataType)}`);
    // Bounds and start default by the direction: compare them against the defaults for this
    // increment, and write the increment itself whenever it is not 1.
    if (o.increment !== '1') parts.push(`INCREMENT BY ${o.increment}`);
    const base = fillSequenceOptions({ dataType: o.dataType, increment: BigInt(o.increment) });
    parts.push(...sequenceOptionClauses(o, base));
    return [main(parts.join(' '))];
  },
  drop_sequence: (c: ChangeOf<'drop_sequence'>): Statement[] => [main(`DROP SEQUENCE ${quoteQualified(c.sequence.name)}`)],
  alter_sequence: (c: ChangeOf<'alter_sequence'>): Statement[] => {
    const parts: string[] = [];
    if (c.from.dataType !== c.to.dataType) parts.push(`AS ${sequenceTypeSql(c.to.dataType)}`);
    parts.push(...sequenceOptionClauses(c.to, retypeSequence(c.from, c.to.dataType)));
    if (sequenceRestarts(c.from, c.to)) parts.push('RESTART');
    return [main(`ALTER SEQUENCE ${quoteQualified(c.name)} ${parts.join(' ')}`)];
  },
  set_sequence_owner: (c: ChangeOf<'set_sequence_owner'>): Statement[] => {
    const o = c.sequence.ownedBy;
    const target = o ? `${quoteQualified(o.table)}.${quoteIdent(o.column)}` : 'NONE';
    return [
      ...(c.tableOwner ? [main(`ALTER SEQUENCE ${quoteQualified(c.sequence.name)} OWNER TO ${quoteIdent(c.tableOwner)}`)] : []),
      main(`ALTER SEQUENCE ${quoteQualified(c.sequence.name)} OWNED BY ${target}`),
    ];
  },
};
