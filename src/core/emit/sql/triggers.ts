/** Triggers and rules: their CREATE is the server's own print (pg_get_triggerdef, pg_get_ruledef). */
import type { ChangeOf } from '../../model/change.js';
import type { Statement } from '../../model/plan.js';
import type { TriggerEnabled } from '../../model/objects.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { main } from './context.js';

const ENABLE_SQL: Readonly<Record<TriggerEnabled, string>> = {
  origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS',
};

const orReplace = (definition: string, what: 'TRIGGER' | 'RULE'): string =>
  definition.replace(new RegExp(`^CREATE ${what} `), `CREATE OR REPLACE ${what} `);

const enabled = (table: Parameters<typeof quoteQualified>[0], what: 'TRIGGER' | 'RULE', name: string, state: TriggerEnabled): Statement =>
  main(`ALTER TABLE ${quoteQualified(table)} ${ENABLE_SQL[state]} ${what} ${quoteIdent(name)}`);

export const triggerEmitters = {
  create_trigger: (c: ChangeOf<'create_trigger'>): Statement[] => [main(c.trigger.definition)],
  replace_trigger: (c: ChangeOf<'replace_trigger'>): Statement[] => [main(orReplace(c.to.definition, 'TRIGGER'))],
  drop_trigger: (c: ChangeOf<'drop_trigger'>): Statement[] =>
    [main(`DROP TRIGGER ${quoteIdent(c.trigger.name)} ON ${quoteQualified(c.trigger.table)}`)],
  set_trigger_enabled: (c: ChangeOf<'set_trigger_enabled'>): Statement[] => [enabled(c.trigger.table, 'TRIGGER', c.trigger.name, c.enabled)],
  create_rule: (c: ChangeOf<'create_rule'>): Statement[] => [main(c.rule.definition)],
  replace_rule: (c: ChangeOf<'replace_rule'>): Statement[] => [main(orReplace(c.to.definition, 'RULE'))],
  drop_rule: (c: ChangeOf<'drop_rule'>): Statement[] => [main(`DROP RULE ${quoteIdent(c.rule.name)} ON ${quoteQualified(c.rule.table)}`)],
  set_rule_enabled: (c: ChangeOf<'set_rule_enabled'>): Statement[] => [enabled(c.rule.table, 'RULE', c.rule.name, c.enabled)],
};
