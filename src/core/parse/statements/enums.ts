import { scanStrings, type Node } from '../pg-query.js';
import { anyName, keyOfName, type StatementContext } from '../statement-context.js';
import { quoteLiteral, quoteQualified } from '../../emit/sql/quote.js';

const strings = (list: readonly Node[] | undefined): string[] => (list ?? []).map((n) => n['String']?.sval ?? '');

/** CREATE TYPE name AS ENUM (...). */
export const createEnum = (stmt: Node, ctx: StatementContext): void => {
  const name = anyName(stmt['typeName']);
  const values = strings(stmt['vals']);
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) { ctx.error('invalid_definition', `enum ${quoteQualified(name)} lists the value ${quoteLiteral(dup)} twice`); return; }
  const prior = ctx.draft.enums.get(keyOfName(name));
  if (prior) {
    ctx.error('duplicate_object', `type ${quoteQualified(name)} is already declared at ${prior.source?.file}:${prior.source?.line}`);
    return;
  }
  ctx.draft.enums.set(keyOfName(name), { kind: 'enum', name, values, source: ctx.span() });
  // The labels are the statement's string constants, in order: a hint above one renames it.
  if (ctx.text.includes('pg-flux:renamed-from')) {
    scanStrings(ctx.text).forEach((tok, i) => {
      const was = i < values.length ? ctx.renamedLabel(ctx.offset + tok.start) : null;
      if (was !== null) ctx.draft.renames.push({ kind: 'enum_value', enum: name, to: values[i]!, from: was, source: ctx.span() });
    });
  }
};

/** ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w'] (RENAME VALUE is not a declaration). */
export const alterEnum = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['oldVal']) { ctx.unsupported('ALTER TYPE ... RENAME VALUE in schema source (write the enum as it should be)'); return; }
  const name = anyName(stmt['typeName']);
  const neighbour: string | null = stmt['newValNeighbor'] ?? null;
  ctx.draft.enumAdds.push({
    enum: name,
    value: stmt['newVal'],
    // protobuf JSON omits false booleans: BEFORE shows up as a missing newValIsAfter.
    before: neighbour !== null && stmt['newValIsAfter'] !== true ? neighbour : null,
    after: neighbour !== null && stmt['newValIsAfter'] === true ? neighbour : null,
    span: ctx.span(),
  });
};
