import type { Node } from '../pg-query.js';
import type { StatementContext } from '../statement-context.js';
import { defElemValue } from '../../canon/options.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { quoteIdent } from '../../emit/sql/quote.js';

/** CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]. */
export const createExtension = (stmt: Node, ctx: StatementContext): void => {
  const name: string = stmt['extname'];
  // plpgsql is installed in every database and never part of the model (the inspector leaves
  // it out too); pg_dump writes CREATE [OR REPLACE] PROCEDURAL LANGUAGE plpgsql in old dumps and
  // CREATE EXTENSION IF NOT EXISTS plpgsql in newer ones.
  if (name === 'plpgsql') return;
  let schema = DEFAULT_SCHEMA;
  let version: string | null = null;
  for (const o of (stmt['options'] ?? []).map((n: Node) => n['DefElem'])) {
    if (o.defname === 'schema') schema = defElemValue(o.arg);
    else if (o.defname === 'new_version') version = defElemValue(o.arg);
    else if (o.defname === 'cascade') {
      ctx.error('unsupported_clause', `CREATE EXTENSION ... CASCADE hides which extensions are installed`, o.location,
        'declare each required extension with its own CREATE EXTENSION');
      return;
    } else { ctx.unsupported(`CREATE EXTENSION option ${String(o.defname).toUpperCase()}`, o.location); return; }
  }
  const prior = ctx.draft.extensions.get(name);
  if (prior && !stmt['if_not_exists']) {
    ctx.error('duplicate_object', `extension ${quoteIdent(name)} is already declared at ${prior.source?.file}:${prior.source?.line}`);
    return;
  }
  if (!prior) ctx.draft.extensions.set(name, { kind: 'extension', name, schema, version, relocatable: null, source: ctx.span() });
};
