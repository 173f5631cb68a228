import type { ChangeOf } from '../../model/change.js';
import type { ConstraintDef } from '../../model/objects.js';
import type { Statement } from '../../model/plan.js';
import { constraintKey } from '../../model/schema.js';
import { parseStatements, type Node } from '../../parse/pg-query.js';
import { canonicalDefElems } from '../../canon/options.js';
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from './quote.js';
import { after, main, type EmitContext } from './context.js';

const addSql = (k: ConstraintDef, notValid: boolean): string =>
  `ALTER TABLE ${quoteQualified(k.table)} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition.sql}${notValid ? ' NOT VALID' : ''}`;

export const validateSql = (k: { table: ConstraintDef['table']; name: string }): string =>
  `ALTER TABLE ${quoteQualified(k.table)} VALIDATE CONSTRAINT ${quoteIdent(k.name)}`;

const names = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n['String'].sval as string);

/**
 * A UNIQUE / PRIMARY KEY constraint as its unique index built CONCURRENTLY (same columns,
 * INCLUDE, NULLS NOT DISTINCT and storage parameters, named as the constraint), then attached:
 * ADD CONSTRAINT ... USING INDEX only takes a brief lock, the build never blocks writes.
 */
const viaIndex = (k: ConstraintDef): Statement[] => {
  const c = parseStatements(`ALTER TABLE _t ADD CONSTRAINT _c ${k.definition.sql}`)[0]!.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint;
  const parts = [`CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(k.name)} ON ${quoteQualified(k.table)} (${quoteIdentList(names(c.keys))})`];
  if (c.including?.length) parts.push(`INCLUDE (${quoteIdentList(names(c.including))})`);
  if (c.nulls_not_distinct) parts.push('NULLS NOT DISTINCT');
  const opts = canonicalDefElems(c.options);
  if (opts) parts.push(`WITH (${opts.map((o) => `${quoteIdent(o.DefElem.defname)}=${quoteLiteral(o.DefElem.arg.String.sval)}`).join(', ')})`);
  const deferrable = `${c.deferrable ? ' DEFERRABLE' : ''}${c.initdeferred ? ' INITIALLY DEFERRED' : ''}`;
  const kind = k.type === 'primary_key' ? 'PRIMARY KEY' : 'UNIQUE';
  return [
    after(parts.join(' ')),
    after(`ALTER TABLE ${quoteQualified(k.table)} ADD CONSTRAINT ${quoteIdent(k.name)} ${kind} USING INDEX ${quoteIdent(k.name)}${deferrable}`),
  ];
};

export const constraintEmitters = {
  add_constraint: (c: ChangeOf<'add_constraint'>, ctx: EmitContext): Statement[] => {
    const k = c.constraint;
    const key = constraintKey(k);
    if (ctx.online.viaIndex.has(key)) return viaIndex(k);
    const at = ctx.online.addAfter.has(key) ? after : main;
    if (ctx.online.validateAfter.has(key)) return [at(addSql(k, true)), after(validateSql(k))];
    return [at(addSql(k, !k.validated))];
  },
  drop_constraint: (c: ChangeOf<'drop_constraint'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.constraint.table)} DROP CONSTRAINT ${quoteIdent(c.constraint.name)}`)],
  validate_constraint: (c: ChangeOf<'validate_constraint'>): Statement[] => [after(validateSql(c.constraint))],
  set_constraint_enforced: (c: ChangeOf<'set_constraint_enforced'>): Statement[] =>
    [main(`ALTER TABLE ${quoteQualified(c.constraint.table)} ALTER CONSTRAINT ${quoteIdent(c.constraint.name)} ${c.enforced ? 'ENFORCED' : 'NOT ENFORCED'}`)],
};
