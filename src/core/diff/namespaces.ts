import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

export const diffSchemas = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.schemas, ctx.to.schemas);
  return [
    ...m.added.map((s): Change => ({ kind: 'create_schema', name: s.name })),
    ...m.removed.map((s): Change => ({ kind: 'drop_schema', name: s.name })),
  ];
};
