/**
 * Triggers on managed relations, as pg_get_triggerdef prints them. Internal triggers (those of
 * foreign keys) and clones on partitions (tgparentid) are not objects of their own.
 */
import type { TriggerDef, TriggerEnabled } from '../model/objects.js';
import { qname } from '../model/names.js';
import { EXT, NS, REL, TBL } from './query-parts.js';
import { reader } from './rows.js';

export const TRIGGERS_SQL = `WITH ${EXT}, ${NS}, ${TBL}, ${REL}
SELECT r.nspname AS schema, r.relname AS table_name, t.tgname::text AS name,
  pg_catalog.pg_get_triggerdef(t.oid) AS definition, t.tgconstraint <> 0 AS is_constraint, t.tgenabled::text AS enabled
FROM pg_catalog.pg_trigger t
JOIN rel r ON r.oid = t.tgrelid
WHERE NOT t.tgisinternal AND t.tgparentid = 0`;

export interface TriggerRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  readonly constraint: boolean;
  readonly enabled: string;
}

export const toTriggerRow = (raw: unknown): TriggerRow => {
  const r = reader('triggers', raw);
  return {
    schema: r.str('schema'), table: r.str('table_name'), name: r.str('name'), definition: r.str('definition'),
    constraint: r.bool('is_constraint'), enabled: r.str('enabled'),
  };
};

/** tgenabled / ev_enabled: O origin (the default), D disabled, R replica, A always. */
export const enabledState = (code: string, what: string): TriggerEnabled => {
  switch (code) {
    case 'O': return 'origin';
    case 'D': return 'disabled';
    case 'R': return 'replica';
    case 'A': return 'always';
    default: throw new Error(`${what} has unknown enabled state '${code}'`);
  }
};

export const buildTrigger = (row: TriggerRow): TriggerDef => ({
  kind: 'trigger',
  name: row.name,
  table: qname(row.schema, row.table),
  definition: row.definition,
  constraint: row.constraint,
  enabled: enabledState(row.enabled, `trigger ${row.name} on ${row.schema}.${row.table}`),
  refs: [],
  source: null,
});
