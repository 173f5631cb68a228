/**
 * Event triggers (database-wide). They are read with the schema of the function they execute,
 * so a schema filter keeps those whose function it manages; extension members are left out.
 */
import type { EventTriggerDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { EXT, NS, notExtMember } from './query-parts.js';
import { reader } from './rows.js';
import { enabledState } from './triggers.js';

export const EVENT_TRIGGERS_SQL = `WITH ${EXT}, ${NS}
SELECT e.evtname::text AS name, e.evtevent::text AS event, COALESCE(e.evttags, '{}')::text[] AS tags,
  n.nspname AS function_schema, p.proname::text AS function_name, e.evtenabled::text AS enabled
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
JOIN ns n ON n.oid = p.pronamespace
WHERE ${notExtMember('pg_event_trigger', 'e.oid')}`;

export const buildEventTrigger = (raw: unknown): EventTriggerDef => {
  const r = reader('eventTriggers', raw);
  return {
    kind: 'event trigger', name: r.str('name'), event: r.str('event'), tags: [...new Set(r.strs('tags'))].sort(),
    function: qname(r.str('function_schema'), r.str('function_name')),
    enabled: enabledState(r.str('enabled'), `event trigger ${r.str('name')}`), source: null,
  };
};
