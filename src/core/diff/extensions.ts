import type { Change } from '../model/change.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

/** `a` < `b` for dotted numeric versions (1.3 < 1.10); false when either is not of that form. */
export const isOlder = (a: string, b: string): boolean => {
  const pa = a.split('.');
  const pb = b.split('.');
  if (![...pa, ...pb].every((p) => /^\d+$/.test(p))) return false;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
};

export const diffExtensions = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.extensions, ctx.to.extensions);
  const out: Change[] = [
    ...m.added.map((extension): Change => ({ kind: 'create_extension', extension })),
    ...m.removed.map((extension): Change => ({ kind: 'drop_extension', extension })),
  ];
  for (const [live, want] of m.kept) {
    // PostgreSQL refuses SET SCHEMA for an extension whose control file says relocatable =
    // false (xml2, the procedural languages): only dropping and creating it moves it. Only a
    // live model knows; an undo plan starts from the source model, so ask the other side too.
    if (live.schema !== want.schema && (live.relocatable ?? want.relocatable) === false) {
      const reason = `it moves from schema ${live.schema} to ${want.schema}, and it is not relocatable (PostgreSQL refuses ALTER EXTENSION ... SET SCHEMA for it)`;
      out.push({ kind: 'drop_extension', extension: live, reason }, { kind: 'create_extension', extension: want });
      continue;
    }
    if (live.schema !== want.schema) out.push({ kind: 'set_extension_schema', name: want.name, from: live.schema, to: want.schema });
    // A version that the source does not pin is whatever the server installed.
    if (want.version !== null && live.version !== null && want.version !== live.version) {
      if (isOlder(want.version, live.version)) {
        // Extensions ship update scripts forward only: going back means dropping it (which
        // fails while user objects depend on it) and creating the older version.
        const reason = `version ${want.version} is older than the installed ${live.version}, and extensions have no downgrade path`;
        out.push({ kind: 'drop_extension', extension: live, reason }, { kind: 'create_extension', extension: want });
      } else out.push({ kind: 'update_extension', name: want.name, version: want.version });
    }
  }
  return out;
};
