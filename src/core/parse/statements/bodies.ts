/** Shared by the handlers of programmable kinds: record a statement for the canonicaliser. */
import type { BodyKind, DraftBody, DraftRole } from '../drafts.js';
import type { StatementContext } from '../statement-context.js';
import type { Node } from '../pg-query.js';
import type { QualifiedName } from '../../model/names.js';

export const addBody = (
  ctx: StatementContext,
  body: {
    kind: BodyKind; key: string; provides: string[]; requires: readonly string[]; alter?: boolean; argTypes?: readonly Node[];
    name?: QualifiedName; sql?: string; roles?: readonly DraftRole[];
  },
  location?: number | null,
): void => {
  const d: DraftBody = {
    kind: body.kind, key: body.key, provides: body.provides, requires: body.requires, sql: body.sql ?? ctx.text,
    alter: body.alter ?? false, span: ctx.span(location),
    // Positions in a statement written here (not the source text) map to the statement's start.
    at: body.sql === undefined ? (p) => ctx.at(p) : () => ctx.span(location),
    ...(body.argTypes ? { argTypes: body.argTypes } : {}), ...(body.name ? { name: body.name } : {}),
    ...(body.roles ? { roles: body.roles } : {}), ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
  };
  ctx.draft.bodies.push(d);
};
