/**
 * CREATE EVENT TRIGGER and ALTER EVENT TRIGGER ... ENABLE / DISABLE. Event triggers are
 * database-wide (no schema); an unqualified function name resolves to the default schema, as
 * every other name of the source does.
 */
import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import type { TriggerEnabled } from '../../model/objects.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { quoteIdent } from '../../emit/sql/quote.js';

/** Events PostgreSQL fires event triggers on (`login` from PostgreSQL 17). */
const EVENTS = new Set(['ddl_command_start', 'ddl_command_end', 'sql_drop', 'table_rewrite', 'login']);

export const ENABLED_CODES: Readonly<Record<string, TriggerEnabled>> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };

export const createEventTrigger = (stmt: Node, ctx: StatementContext): void => {
  const name = truncateIdentifier(String(stmt['trigname']));
  const event = String(stmt['eventname']);
  if (!EVENTS.has(event)) {
    ctx.error('invalid_definition', `unrecognized event name "${event}" for event trigger ${quoteIdent(name)}`, null,
      `use one of ${[...EVENTS].join(', ')}`);
    return;
  }
  const tags: string[] = [];
  for (const w of (stmt['whenclause'] ?? []).map((n: Node) => n['DefElem'])) {
    if (String(w.defname).toLowerCase() !== 'tag') {
      ctx.error('invalid_definition', `unrecognized filter variable "${w.defname}" in event trigger ${quoteIdent(name)}`, w.location, 'only TAG IN (...) filters exist');
      return;
    }
    // PostgreSQL stores command tags upper-cased.
    for (const t of w.arg?.List?.items ?? []) tags.push(String(t['String']?.sval ?? '').toUpperCase());
  }
  const parts: string[] = (stmt['funcname'] ?? []).map((n: Node) => truncateIdentifier(String(n['String']?.sval)));
  const fn = parts.length >= 2 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: DEFAULT_SCHEMA, name: parts[0]! };
  const prior = ctx.draft.eventTriggers.get(name);
  if (prior) {
    ctx.error('duplicate_object', `event trigger ${quoteIdent(name)} is already declared at ${prior.source?.file}:${prior.source?.line}`);
    return;
  }
  ctx.draft.eventTriggers.set(name, {
    kind: 'event trigger', name, event, tags: [...new Set(tags)].sort(), function: fn, enabled: 'origin', source: ctx.span(),
  });
};

/** ALTER EVENT TRIGGER name ENABLE [REPLICA | ALWAYS] | DISABLE: the state is part of the trigger. */
export const alterEventTrigger = (stmt: Node, ctx: StatementContext): void => {
  const enabled = ENABLED_CODES[String(stmt['tgenabled'])];
  if (!enabled) { ctx.unsupported(`ALTER EVENT TRIGGER ... ${String(stmt['tgenabled'])}`); return; }
  ctx.draft.eventTriggerAlters.push({ name: truncateIdentifier(String(stmt['trigname'])), enabled, span: ctx.span() });
};
