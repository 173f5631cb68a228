/** Rules on managed relations (a view's own `_RETURN` rule is the view), as pg_get_ruledef prints them. */
import type { RuleDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { EXT, NS, REL, TBL } from './query-parts.js';
import { reader } from './rows.js';
import { enabledState } from './triggers.js';

export const RULES_SQL = `WITH ${EXT}, ${NS}, ${TBL}, ${REL}
SELECT r.nspname AS schema, r.relname AS table_name, ru.rulename::text AS name,
  pg_catalog.pg_get_ruledef(ru.oid) AS definition, ru.ev_enabled::text AS enabled
FROM pg_catalog.pg_rewrite ru
JOIN rel r ON r.oid = ru.ev_class
WHERE ru.rulename <> '_RETURN'`;

export interface RuleRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  readonly enabled: string;
}

export const toRuleRow = (raw: unknown): RuleRow => {
  const r = reader('rules', raw);
  return { schema: r.str('schema'), table: r.str('table_name'), name: r.str('name'), definition: r.str('definition'), enabled: r.str('enabled') };
};

export const buildRule = (row: RuleRow): RuleDef => ({
  kind: 'rule',
  name: row.name,
  table: qname(row.schema, row.table),
  definition: row.definition.trimEnd().replace(/;$/, ''),
  enabled: enabledState(row.enabled, `rule ${row.name} on ${row.schema}.${row.table}`),
  refs: [],
  source: null,
});
