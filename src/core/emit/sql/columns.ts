import type { ChangeOf } from '../../model/change.js';
import type { ColumnDef, IdentitySpec, SequenceOptions } from '../../model/objects.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { typeToSql } from '../../canon/type-names.js';
import { fillSequenceOptions, sequenceRestarts } from '../../canon/sequences.js';
import { after, main, type EmitContext } from './context.js';
import { clipBytes } from '../../canon/identifiers.js';
import { keyOf } from '../../model/names.js';
import { validateSql } from './constraints.js';
import { optionsClause } from './foreign.js';

const SEQ_TYPE_SQL = { int2: 'smallint', int4: 'integer', int8: 'bigint' } as const;

/** Sequence options that differ from what PostgreSQL would choose for that data type. */
export const sequenceOptionClauses = (o: SequenceOptions, base: SequenceOptions = fillSequenceOptions({ dataType: o.dataType })): string[] => {
  const out: string[] = [];
  if (o.increment !== base.increment) out.push(`INCREMENT BY ${o.increment}`);
  if (o.minValue !== base.minValue) out.push(`MINVALUE ${o.minValue}`);
  if (o.maxValue !== base.maxValue) out.push(`MAXVALUE ${o.maxValue}`);
  if (o.start !== base.start) out.push(`START WITH ${o.start}`);
  if (o.cache !== base.cache) out.push(`CACHE ${o.cache}`);
  if (o.cycle !== base.cycle) out.push(o.cycle ? 'CYCLE' : 'NO CYCLE');
  return out;
};

export const sequenceTypeSql = (t: SequenceOptions['dataType']): string => SEQ_TYPE_SQL[t];

const identityClause = (id: IdentitySpec): string => {
  const opts = [`SEQUENCE NAME ${quoteQualified(id.sequenceName)}`, ...sequenceOptionClauses(id.options)];
  return `GENERATED ${id.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY (${opts.join(' ')})`;
};

/**
 * True when `sql` is one operand the column-definition grammar accepts after DEFAULT as it is:
 * a literal, number, name or function call, optionally followed by `::type`. In a column
 * definition DEFAULT takes a restricted expression (no AT TIME ZONE, AND/OR, IS NULL, LIKE,
 * IN, BETWEEN, COLLATE, ...), so anything else is written in parentheses.
 */
const isSimpleOperand = (sql: string): boolean => {
  let i = 0;
  const n = sql.length;
  const skipQuoted = (q: string): boolean => {
    for (i++; i < n; i++) {
      if (sql[i] === q) { if (sql[i + 1] === q) { i++; continue; } i++; return true; }
    }
    return false;
  };
  if (sql[i] === "'") { if (!skipQuoted("'")) return false; }
  else if (/[-\d]/.test(sql[i] ?? '')) { const m = /^-?\d+(\.\d+)?/.exec(sql); if (!m) return false; i = m[0].length; }
  else {
    const m = /^[A-Za-z_"][\w."]*/.exec(sql);
    if (!m) return false;
    i = m[0].length;
    if (sql[i] === '(') {
      let depth = 0;
      for (; i < n; i++) {
        const ch = sql[i];
        if (ch === "'" || ch === '"') { if (!skipQuoted(ch)) return false; i--; continue; }
        if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) { i++; break; }
      }
      if (depth !== 0) return false;
    }
  }
  const rest = sql.slice(i);
  return rest === '' || /^::[\w ."]+(\[\])*$/.test(rest) || /^::[\w."]+\(\d+(, ?\d+)?\)(\[\])*$/.test(rest);
};

/** The DEFAULT clause of a column definition. */
const defaultClause = (sql: string): string => `DEFAULT ${isSimpleOperand(sql) ? sql : `(${sql})`}`;

/** `name type [COLLATE c] [GENERATED ...] [DEFAULT ...] [NOT NULL]` as in CREATE TABLE / ADD COLUMN. */
export const columnDefinition = (c: ColumnDef): string => {
  const parts = [quoteIdent(c.name), typeToSql(c.type)];
  // A foreign table column's OPTIONS come right after the type.
  if (c.fdwOptions?.length) parts.push(optionsClause(c.fdwOptions).trim());
  if (c.collation) parts.push(`COLLATE ${quoteQualified(c.collation)}`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated.sql}) STORED`);
  if (c.identity) parts.push(identityClause(c.identity));
  if (c.default) parts.push(defaultClause(c.default.sql));
  if (c.notNull && !c.identity) parts.push('NOT NULL');
  return parts.join(' ');
};

const alterColumn = (table: ChangeOf<'add_column'>['table'], column: string, action: string): Statement =>
  main(`ALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteIdent(column)} ${action}`);

const NN_SUFFIX = '__pgflux_nn';
/** The helper CHECK that stages SET NOT NULL (removed once the column is NOT NULL). */
export const notNullCheckName = (column: string): string => `${clipBytes(column, 63 - NN_SUFFIX.length)}${NN_SUFFIX}`;

export const columnEmitters = {
  add_column: (c: ChangeOf<'add_column'>): Statement[] => [main(`ALTER TABLE ${quoteQualified(c.table)} ADD COLUMN ${columnDefinition(c.column)}`)],
  drop_column: (c: ChangeOf<'drop_column'>): Statement[] => [main(`ALTER TABLE ${quoteQualified(c.table)} DROP COLUMN ${quoteIdent(c.column.name)}`)],
  alter_column_type: (c: ChangeOf<'alter_column_type'>): Statement[] => {
    const out: Statement[] = [];
    const handleDefault = c.resetDefault;
    if (handleDefault && c.from.default) out.push(alterColumn(c.table, c.to.name, 'DROP DEFAULT'));
    const collate = c.to.collation ? ` COLLATE ${quoteQualified(c.to.collation)}` : '';
    const viaText = c.usingViaText ? `::text${'[]'.repeat(c.from.type.arrayDims)}` : '';
    const using = c.using ? ` USING ${quoteIdent(c.to.name)}${viaText}::${typeToSql(c.to.type)}` : '';
    out.push(alterColumn(c.table, c.to.name, `TYPE ${typeToSql(c.to.type)}${collate}${using}`));
    if (handleDefault && c.to.default) out.push(alterColumn(c.table, c.to.name, `SET DEFAULT ${c.to.default.sql}`));
    return out;
  },
  set_column_default: (c: ChangeOf<'set_column_default'>): Statement[] => [alterColumn(c.table, c.column, `SET DEFAULT ${c.default.sql}`)],
  drop_column_default: (c: ChangeOf<'drop_column_default'>): Statement[] => [alterColumn(c.table, c.column, 'DROP DEFAULT')],
  set_column_not_null: (c: ChangeOf<'set_column_not_null'>, ctx: EmitContext): Statement[] => {
    const setNotNull = alterColumn(c.table, c.column, 'SET NOT NULL');
    if (!ctx.online.stagedNotNull.has(`${keyOf(c.table)}.${c.column}`)) return [setNotNull];
    // A validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan under ACCESS EXCLUSIVE.
    const check = notNullCheckName(c.column);
    const t = quoteQualified(c.table);
    return [
      main(`ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(check)} CHECK (${quoteIdent(c.column)} IS NOT NULL) NOT VALID`),
      after(validateSql({ table: c.table, name: check })),
      { ...setNotNull, phase: 'after' },
      after(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${quoteIdent(check)}`),
    ];
  },
  drop_column_expression: (c: ChangeOf<'drop_column_expression'>): Statement[] => [alterColumn(c.table, c.column.name, 'DROP EXPRESSION')],
  drop_column_not_null: (c: ChangeOf<'drop_column_not_null'>): Statement[] => [alterColumn(c.table, c.column, 'DROP NOT NULL')],
  add_identity: (c: ChangeOf<'add_identity'>): Statement[] => [alterColumn(c.table, c.column, `ADD ${identityClause(c.identity)}`)],
  drop_identity: (c: ChangeOf<'drop_identity'>): Statement[] => [alterColumn(c.table, c.column, 'DROP IDENTITY')],
  alter_identity: (c: ChangeOf<'alter_identity'>): Statement[] => {
    const actions: string[] = [];
    if (c.from.generation !== c.to.generation) actions.push(`SET GENERATED ${c.to.generation === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
    actions.push(...sequenceOptionClauses(c.to.options, c.from.options).map((o) => `SET ${o}`));
    if (sequenceRestarts(c.from.options, c.to.options)) actions.push('RESTART');
    return actions.length ? [alterColumn(c.table, c.column, actions.join(' '))] : [];
  },
};
