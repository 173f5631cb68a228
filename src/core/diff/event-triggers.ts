/**
 * Event triggers. PostgreSQL can only rename them, change their owner and their enabled state:
 * another event, tag filter or function is a drop and a create. The enabled state
 * (ENABLE / DISABLE / ENABLE REPLICA / ENABLE ALWAYS) is set after creation.
 */
import type { Change } from '../model/change.js';
import type { EventTriggerDef } from '../model/objects.js';
import { eventTriggerRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const sameDefinition = (a: EventTriggerDef, b: EventTriggerDef): boolean =>
  a.event === b.event && a.tags.join('\u0000') === b.tags.join('\u0000') && a.function.schema === b.function.schema && a.function.name === b.function.name;

export const diffEventTriggers = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.eventTriggers, ctx.to.eventTriggers);
  const out: Change[] = [];
  const enable = (e: EventTriggerDef): void => { if (e.enabled !== 'origin') out.push({ kind: 'set_event_trigger_enabled', eventTrigger: e, enabled: e.enabled }); };
  for (const e of m.removed) out.push({ kind: 'drop_event_trigger', eventTrigger: e });
  for (const e of m.added) { out.push({ kind: 'create_event_trigger', eventTrigger: e }); enable(e); }
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(eventTriggerRef(live.name));
    if (rebuild !== undefined || !sameDefinition(live, want)) {
      out.push({ kind: 'drop_event_trigger', eventTrigger: live, reason: rebuild ?? 'its event, tag filter or function changes, which only a new event trigger can do' },
        { kind: 'create_event_trigger', eventTrigger: want });
      enable(want);
    } else if (live.enabled !== want.enabled) out.push({ kind: 'set_event_trigger_enabled', eventTrigger: want, enabled: want.enabled });
  }
  return out;
};
