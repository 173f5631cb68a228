/** Event triggers: CREATE EVENT TRIGGER from the model's facts, ALTER EVENT TRIGGER for the enabled state. */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { EventTriggerDef, TriggerEnabled } from '../../model/objects.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { main } from './context.js';

const ENABLE_SQL: Readonly<Record<TriggerEnabled, string>> = {
  origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS',
};

export const createEventTriggerSql = (e: EventTriggerDef): string => {
  const when = e.tags.length ? ` WHEN TAG IN (${e.tags.map(quoteLiteral).join(', ')})` : '';
  return `CREATE EVENT TRIGGER ${quoteIdent(e.name)} ON ${quoteIdent(e.event)}${when} EXECUTE FUNCTION ${quoteQualified(e.function)}()`;
};

export const eventTriggerEmitters = {
  create_event_trigger: (c: ChangeOf<'create_event_trigger'>): Statement[] => [main(createEventTriggerSql(c.eventTrigger))],
  drop_event_trigger: (c: ChangeOf<'drop_event_trigger'>): Statement[] => [main(`DROP EVENT TRIGGER ${quoteIdent(c.eventTrigger.name)}`)],
  set_event_trigger_enabled: (c: ChangeOf<'set_event_trigger_enabled'>): Statement[] =>
    [main(`ALTER EVENT TRIGGER ${quoteIdent(c.eventTrigger.name)} ${ENABLE_SQL[c.enabled]}`)],
};
