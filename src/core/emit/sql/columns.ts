import type { ChangeOf } from '../../model/change.js';
import type { ColumnDef, ColumnStorage, IdentitySpec, SequenceOptions } from '../../model/objects.js';
import type { Statement } from '../../model/plan.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { typeToSql } from '../../canon/type-names.js';
import { fillSequenceOptions, sequenceRestarts } from '../../canon/sequences.js';
import { after, main, type EmitContext } from './context.js';
import { clipBytes } from '../../canon/identifiers.js';
import { keyOf } from '../../model/names.js';
import { validateSql } from './constraints.js';
import { optionsClause } from './foreign.js';
import { optionSql } from './options-sql.js';
import { storageSql } from '../../canon/storage.js';
import { defaultNotNullName } from '../../canon/naming.js';
import type { QualifiedName } from '../../model/names.js';

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

/** Column STORAGE in CREATE TABLE / ADD COLUMN: PostgreSQL 16 and later (before, SET STORAGE after it). */
const INLINE_STORAGE = 160000;

/**
 * `name type [STORAGE s] [COMPRESSION m] [COLLATE c] [GENERATED ...] [DEFAULT ...] [[CONSTRAINT n] NOT NULL]`
 * as in CREATE TABLE / ADD COLUMN. A NOT NULL to be left NOT VALID is added after (columnFollowUps).
 */
export const columnDefinition = (c: ColumnDef, serverVersionNum: number): string => {
  const parts = [quoteIdent(c.name), typeToSql(c.type)];
  // A foreign table column's OPTIONS come right after the type.
  if (c.fdwOptions?.length) parts.push(optionsClause(c.fdwOptions).trim());
  if (c.storage && serverVersionNum >= INLINE_STORAGE) parts.push(`STORAGE ${storageSql(c.storage)}`);
  if (c.compression) parts.push(`COMPRESSION ${quoteIdent(c.compression)}`);
  if (c.collation) parts.push(`COLLATE ${quoteQualified(c.collation)}`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated.sql}) ${c.virtual ? 'VIRTUAL' : 'STORED'}`);
  if (c.identity) parts.push(identityClause(c.identity));
  if (c.default) parts.push(defaultClause(c.default.sql));
  if (c.notNull && c.notNullValidated !== false && (!c.identity || c.notNullName)) {
    parts.push(`${c.notNullName ? `CONSTRAINT ${quoteIdent(c.notNullName)} ` : ''}NOT NULL`);
  }
  return parts.join(' ');
};

/** The actions of `ALTER TABLE t ALTER COLUMN ...` that set a column's attributes. */
const attributeActions = (column: string, a: {
  readonly storage?: ColumnStorage | null; readonly compression?: string | null; readonly statisticsTarget?: number | null;
  readonly setOptions: readonly string[]; readonly resetOptions: readonly string[]; readonly typeStorage: ColumnStorage;
}, serverVersionNum: number): string[] => {
  const col = `ALTER COLUMN ${quoteIdent(column)}`;
  const out: string[] = [];
  if (a.storage !== undefined) {
    const st = a.storage ?? (serverVersionNum >= INLINE_STORAGE ? null : a.typeStorage);
    out.push(`${col} SET STORAGE ${st === null ? 'DEFAULT' : storageSql(st)}`);
  }
  if (a.compression !== undefined) out.push(`${col} SET COMPRESSION ${a.compression === null ? 'DEFAULT' : quoteIdent(a.compression)}`);
  if (a.statisticsTarget !== undefined) out.push(`${col} SET STATISTICS ${a.statisticsTarget ?? -1}`);
  if (a.resetOptions.length) out.push(`${col} RESET (${a.resetOptions.join(', ')})`);
  if (a.setOptions.length) out.push(`${col} SET (${a.setOptions.map(optionSql).join(', ')})`);
  return out;
};

/**
 * What a new column needs after CREATE TABLE / ADD COLUMN: the attributes those cannot take
 * (statistics target, options, STORAGE before 16) and a NOT NULL added NOT VALID.
 */
export const columnFollowUps = (table: QualifiedName, c: ColumnDef, serverVersionNum: number): Statement[] => {
  const actions = attributeActions(c.name, {
    ...(c.storage && serverVersionNum < INLINE_STORAGE ? { storage: c.storage } : {}),
    ...(c.statisticsTarget !== undefined ? { statisticsTarget: c.statisticsTarget } : {}),
    setOptions: c.options ?? [], resetOptions: [], typeStorage: 'extended',
  }, serverVersionNum);
  const t = quoteQualified(table);
  return [
    ...(actions.length ? [main(`ALTER TABLE ${t} ${actions.join(', ')}`)] : []),
    ...(c.notNull && c.notNullValidated === false ? [main(addNotNullSql(table, c.name, c.notNullName ?? defaultNotNullName(table.name, c.name), true))] : []),
  ];
};

const addNotNullSql = (table: QualifiedName, column: string, name: string, notValid: boolean): string =>
  `ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteIdent(name)} NOT NULL ${quoteIdent(column)}${notValid ? ' NOT VALID' : ''}`;

const alterColumn = (table: ChangeOf<'add_column'>['table'], column: string, action: string): Statement =>
  main(`ALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteIdent(column)} ${action}`);

const NN_SUFFIX = '__pgflux_nn';
/** The helper CHECK that stages SET NOT NULL (removed once the column is NOT NULL). */
export const notNullCheckName = (column: string): string => `${clipBytes(column, 63 - NN_SUFFIX.length)}${NN_SUFFIX}`;

export const columnEmitters = {
  add_column: (c: ChangeOf<'add_column'>, ctx: EmitContext): Statement[] => [
    main(`ALTER TABLE ${quoteQualified(c.table)} ADD COLUMN ${columnDefinition(c.column, ctx.serverVersionNum)}`),
    ...columnFollowUps(c.table, c.column, ctx.serverVersionNum),
  ],
  set_column_attributes: (c: ChangeOf<'set_column_attributes'>, ctx: EmitContext): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} ${attributeActions(c.column, c, ctx.serverVersionNum).join(', ')}`)],
  set_column_expression: (c: ChangeOf<'set_column_expression'>): Statement[] => [alterColumn(c.table, c.to.name, `SET EXPRESSION AS (${c.to.generated!.sql})`)],
  validate_not_null: (c: ChangeOf<'validate_not_null'>): Statement[] => [after(validateSql({ table: c.table, name: c.name }))],
  rename_not_null: (c: ChangeOf<'rename_not_null'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.table)} RENAME CONSTRAINT ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`)],
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
  set_partition_column: (c: ChangeOf<'set_partition_column'>): Statement[] => [
    ...(c.default ? [alterColumn(c.table, c.column, c.default.to === null ? 'DROP DEFAULT' : `SET DEFAULT ${c.default.to.sql}`)] : []),
    ...(c.notNull !== undefined ? [alterColumn(c.table, c.column, c.notNull ? 'SET NOT NULL' : 'DROP NOT NULL')] : []),
  ],
  set_column_not_null: (c: ChangeOf<'set_column_not_null'>, ctx: EmitContext): Statement[] => {
    // A chosen name or NOT VALID (PostgreSQL 18) needs the ADD CONSTRAINT form.
    if (c.notValid) return [main(addNotNullSql(c.table, c.column, c.name ?? defaultNotNullName(c.table.name, c.column), true))];
    const setNotNull = c.name ? main(addNotNullSql(c.table, c.column, c.name, false)) : alterColumn(c.table, c.column, 'SET NOT NULL');
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
