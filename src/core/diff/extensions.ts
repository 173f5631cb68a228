import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

export const diffExtensions = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.extensions, ctx.to.extensions);
  const out: Change[] = [
    ...m.added.map((extension): Change => ({ kind: 'create_extension', extension })),
    ...m.removed.map((extension): Change => ({ kind: 'drop_extension', extension })),
  ];
  for (const [live, want] of m.kept) {
    if (live.schema !== want.schema) out.push({ kind: 'set_extension_schema', name: want.name, from: live.schema, to: want.schema });
    // A version that the source does not pin is whatever the server installed.
    if (want.version !== null && live.version !== null && want.version !== live.version) {
      out.push({ kind: 'update_extension', name: want.name, version: want.version });
    }
  }
  return out;
};
