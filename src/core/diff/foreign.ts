/**
 * Foreign-data wrappers, servers, user mappings, and the options of foreign tables and their
 * columns. Options change in place (OPTIONS (ADD / SET / DROP)); a server whose wrapper or
 * TYPE changes is dropped and created again (PostgreSQL cannot alter either), taking its user
 * mappings along. Secret options: a live one the source does not declare is dropped (by name);
 * one the source declares is never added or changed, since its value is not known (the plan
 * says so: see secretNotes).
 */
import type { Change, OptionChanges } from '../model/change.js';
import type { GenericOptions, UserMappingDef } from '../model/foreign.js';
import type { Schema } from '../model/schema.js';
import type { TableDef } from '../model/objects.js';
import { optionName } from '../canon/secret-options.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

export const noOptionChanges = (o: OptionChanges): boolean => !o.add.length && !o.set.length && !o.drop.length;

/** What turns `from`'s options into `to`'s (secret ones only ever dropped). */
export const optionChanges = (from: GenericOptions, to: GenericOptions): OptionChanges => {
  const live = new Map(from.options.map((o) => [optionName(o), o]));
  const want = new Set(to.options.map(optionName));
  return {
    add: to.options.filter((o) => !live.has(optionName(o))),
    set: to.options.filter((o) => live.has(optionName(o)) && live.get(optionName(o)) !== o),
    drop: [...from.options.map(optionName).filter((n) => !want.has(n)), ...from.secretOptions.filter((n) => !to.secretOptions.includes(n))],
  };
};

const sameFn = (a: { schema: string; name: string } | null, b: { schema: string; name: string } | null): boolean =>
  (a === null && b === null) || (a !== null && b !== null && a.schema === b.schema && a.name === b.name);

/** Servers dropped and created again, by name, with the reason. */
export const recreatedServers = (from: Schema, to: Schema): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, live] of Object.entries(from.foreignServers)) {
    const want = to.foreignServers[k];
    if (!want) continue;
    if (live.wrapper !== want.wrapper) out.set(k, 'its foreign-data wrapper changes, which PostgreSQL cannot alter');
    else if (live.type !== want.type) out.set(k, 'its TYPE changes, which PostgreSQL cannot alter');
  }
  return out;
};

const diffWrappers = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.foreignDataWrappers, ctx.to.foreignDataWrappers);
  const out: Change[] = [];
  for (const w of m.removed) out.push({ kind: 'drop_foreign_data_wrapper', wrapper: w });
  for (const w of m.added) out.push({ kind: 'create_foreign_data_wrapper', wrapper: w });
  for (const [live, want] of m.kept) {
    const options = optionChanges(live, want);
    if (!noOptionChanges(options) || !sameFn(live.handler, want.handler) || !sameFn(live.validator, want.validator)) {
      out.push({ kind: 'alter_foreign_data_wrapper', from: live, to: want, options });
    }
  }
  return out;
};

const diffServers = (ctx: DiffContext, recreated: ReadonlyMap<string, string>): Change[] => {
  const m = matchByKey(ctx.from.foreignServers, ctx.to.foreignServers);
  const out: Change[] = [];
  for (const s of m.removed) out.push({ kind: 'drop_server', server: s });
  for (const s of m.added) out.push({ kind: 'create_server', server: s });
  for (const [live, want] of m.kept) {
    const reason = recreated.get(live.name);
    if (reason !== undefined) {
      out.push({ kind: 'drop_server', server: live, reason }, { kind: 'create_server', server: want });
      continue;
    }
    const options = optionChanges(live, want);
    if (!noOptionChanges(options) || live.version !== want.version) out.push({ kind: 'alter_server', from: live, to: want, options });
  }
  return out;
};

const diffMappings = (ctx: DiffContext, recreated: ReadonlyMap<string, string>): Change[] => {
  const m = matchByKey(ctx.from.userMappings, ctx.to.userMappings);
  const out: Change[] = [];
  const gone = (u: UserMappingDef): boolean => !(u.server in ctx.to.foreignServers) || recreated.has(u.server);
  // A mapping of a dropped server goes with it (DROP SERVER refuses while one exists).
  for (const u of m.removed) out.push({ kind: 'drop_user_mapping', mapping: u });
  for (const u of m.added) out.push({ kind: 'create_user_mapping', mapping: u });
  for (const [live, want] of m.kept) {
    if (gone(live)) {
      out.push({ kind: 'drop_user_mapping', mapping: live, reason: `its server ${live.server} is created again` }, { kind: 'create_user_mapping', mapping: want });
      continue;
    }
    const options = optionChanges(live, want);
    if (!noOptionChanges(options)) out.push({ kind: 'alter_user_mapping', mapping: want, options });
  }
  return out;
};

const columnOptions = (c: TableDef['columns'][number]): GenericOptions => ({ options: c.fdwOptions ?? [], secretOptions: c.fdwSecretOptions ?? [] });

/** Options of foreign tables that stay foreign on the same server, and of their columns. */
export const diffForeignTableOptions = (live: TableDef, want: TableDef): Change[] => {
  if (!live.foreign || !want.foreign) return [];
  const out: Change[] = [];
  const options = optionChanges(live.foreign, want.foreign);
  if (!noOptionChanges(options)) out.push({ kind: 'set_foreign_table_options', table: want.name, server: want.foreign.server, options });
  const liveCols = new Map(live.columns.map((c) => [c.name, c]));
  for (const c of want.columns) {
    const l = liveCols.get(c.name);
    if (!l) continue;
    const o = optionChanges(columnOptions(l), columnOptions(c));
    if (!noOptionChanges(o)) out.push({ kind: 'set_column_fdw_options', table: want.name, column: c.name, options: o });
  }
  return out;
};

/** Why a kept table is dropped and created again for its foreign-ness, or null. */
export const foreignRecreateReason = (live: TableDef, want: TableDef, servers: ReadonlyMap<string, string>): string | null => {
  if (!live.foreign && !want.foreign) return null;
  if (live.foreign && servers.has(live.foreign.server)) return `its server ${live.foreign.server} is created again`;
  if (!live.foreign) return 'it becomes a foreign table';
  if (!want.foreign) return 'it stops being a foreign table';
  return live.foreign.server !== want.foreign.server ? `its server changes (${live.foreign.server} to ${want.foreign.server}), which ALTER FOREIGN TABLE cannot do` : null;
};

export const diffForeignData = (ctx: DiffContext): Change[] => {
  const recreated = recreatedServers(ctx.from, ctx.to);
  return [...diffWrappers(ctx), ...diffServers(ctx, recreated), ...diffMappings(ctx, recreated)];
};

