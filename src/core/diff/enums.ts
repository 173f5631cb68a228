/**
 * Enums: new values are added in place (ALTER TYPE ... ADD VALUE at the right position);
 * removing or reordering values needs a new type, so the enum is recreated and its columns
 * moved over (defaults dropped first and set again after).
 */
import type { Change, EnumColumnUse } from '../model/change.js';
import type { EnumDef } from '../model/objects.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';
import { markRebuilds } from './rebuild.js';

/** True when `want` only inserts values into `live` (same relative order, nothing removed). */
const onlyAdds = (live: readonly string[], want: readonly string[]): boolean => {
  let i = 0;
  for (const v of want) if (v === live[i]) i++;
  return i === live.length;
};

const addValues = (live: EnumDef, want: EnumDef): Change[] => {
  const out: Change[] = [];
  const present = new Set(live.values);
  want.values.forEach((v, idx) => {
    if (present.has(v)) return;
    // Place next to the nearest following value that already exists, else after the previous one.
    const next = want.values.slice(idx + 1).find((x) => present.has(x));
    const prev = want.values.slice(0, idx).reverse().find((x) => present.has(x));
    const position = next !== undefined ? { before: next } : prev !== undefined ? { after: prev } : null;
    out.push({ kind: 'add_enum_value', enum: want.name, value: v, position, commitFirst: false });
    present.add(v);
  });
  return out;
};

/** Columns of kept tables whose type is (an array of) `e` on both sides, with their defaults claimed. */
export const columnsUsing = (e: { name: { schema: string; name: string } }, ctx: DiffContext): EnumColumnUse[] => {
  const out: EnumColumnUse[] = [];
  for (const [key, live] of Object.entries(ctx.from.tables)) {
    const want = ctx.to.tables[key];
    if (!want) continue;
    for (const c of live.columns) {
      if (c.type.schema !== e.name.schema || c.type.name !== e.name.name) continue;
      const wc = want.columns.find((x) => x.name === c.name);
      if (!wc || wc.type.schema !== e.name.schema || wc.type.name !== e.name.name || wc.type.arrayDims !== c.type.arrayDims) continue;
      ctx.defaultsHandled.add(`${key}.${c.name}`);
      out.push({ table: live.name, column: c.name, arrayDims: c.type.arrayDims, dropDefault: c.default !== null, default: wc.default });
    }
  }
  return out;
};

export const diffEnums = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.enums, ctx.to.enums);
  const out: Change[] = [
    ...m.added.map((e): Change => ({ kind: 'create_enum', enum: e })),
    ...m.removed.map((e): Change => ({ kind: 'drop_enum', enum: e })),
  ];
  for (const [live, want] of m.kept) {
    if (live.values.join('\u0000') === want.values.join('\u0000')) continue;
    if (onlyAdds(live.values, want.values)) out.push(...addValues(live, want));
    else {
      const columns = columnsUsing(want, ctx);
      // Expressions with the old type's literals (`p <> 'high'::prio`) cannot follow the column.
      markRebuilds(ctx, columns, ['check', 'exclude']);
      out.push({ kind: 'recreate_enum', from: live, to: want, columns });
    }
  }
  return out;
};
