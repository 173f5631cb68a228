/**
 * Triggers and rules. A changed one is replaced in place (CREATE OR REPLACE TRIGGER / RULE),
 * except constraint triggers, which PostgreSQL cannot replace: those are dropped and created.
 * The enabled state (ENABLE / DISABLE / ENABLE REPLICA / ENABLE ALWAYS) is set after creation.
 */
import type { Change } from '../model/change.js';
import type { RuleDef, TriggerDef } from '../model/objects.js';
import { onTableKey } from '../model/schema.js';
import { ruleRef, triggerRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

export const diffTriggers = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.triggers, ctx.to.triggers);
  const out: Change[] = [];
  const enable = (t: TriggerDef): void => { if (t.enabled !== 'origin') out.push({ kind: 'set_trigger_enabled', trigger: t, enabled: t.enabled }); };
  for (const t of m.removed) out.push({ kind: 'drop_trigger', trigger: t });
  for (const t of m.added) { out.push({ kind: 'create_trigger', trigger: t }); enable(t); }
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(triggerRef(onTableKey(live)));
    if (rebuild !== undefined || (live.definition !== want.definition && (live.constraint || want.constraint))) {
      out.push({ kind: 'drop_trigger', trigger: live, reason: rebuild ?? 'a constraint trigger cannot be replaced in place' }, { kind: 'create_trigger', trigger: want });
      enable(want);
    } else if (live.definition !== want.definition) {
      out.push({ kind: 'replace_trigger', from: live, to: want });
      if (live.enabled !== want.enabled) out.push({ kind: 'set_trigger_enabled', trigger: want, enabled: want.enabled });
    } else if (live.enabled !== want.enabled) out.push({ kind: 'set_trigger_enabled', trigger: want, enabled: want.enabled });
  }
  return out;
};

export const diffRules = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.rules, ctx.to.rules);
  const out: Change[] = [];
  const enable = (r: RuleDef): void => { if (r.enabled !== 'origin') out.push({ kind: 'set_rule_enabled', rule: r, enabled: r.enabled }); };
  for (const r of m.removed) out.push({ kind: 'drop_rule', rule: r });
  for (const r of m.added) { out.push({ kind: 'create_rule', rule: r }); enable(r); }
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(ruleRef(onTableKey(live)));
    if (rebuild !== undefined) {
      out.push({ kind: 'drop_rule', rule: live, reason: rebuild }, { kind: 'create_rule', rule: want });
      enable(want);
    } else if (live.definition !== want.definition) {
      out.push({ kind: 'replace_rule', from: live, to: want });
      if (live.enabled !== want.enabled) out.push({ kind: 'set_rule_enabled', rule: want, enabled: want.enabled });
    } else if (live.enabled !== want.enabled) out.push({ kind: 'set_rule_enabled', rule: want, enabled: want.enabled });
  }
  return out;
};
