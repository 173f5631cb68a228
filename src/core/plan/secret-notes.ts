/**
 * What a plan says about secret options (canon/secret-options.ts), which it never writes with a
 * value: one the source declares that the database will not have (the object is new, created
 * again, or lacks it) must be set out of band; one the database has that the source no longer
 * declares is dropped, by name. Notes name options, never values.
 */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { GenericOptions } from '../model/foreign.js';
import { userMappingKey } from '../model/foreign.js';
import { keyOf } from '../model/names.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';
import { mappingUserSql } from '../emit/sql/foreign.js';

interface Holder {
  /** `user mapping for PUBLIC server s`. */
  readonly what: string;
  /** The ALTER statement head that sets its options. */
  readonly alter: string;
  readonly live: GenericOptions | undefined;
  readonly want: GenericOptions | undefined;
  /** Dropped (and maybe created again) by the plan: its live options are gone. */
  readonly recreated: boolean;
}

const holders = (from: Schema, to: Schema, changes: readonly Change[]): Holder[] => {
  const dropped = new Set(changes.flatMap((c) => {
    switch (c.kind) {
      case 'drop_foreign_data_wrapper': return [`fdw:${c.wrapper.name}`];
      case 'drop_server': return [`server:${c.server.name}`];
      case 'drop_user_mapping': return [`mapping:${userMappingKey(c.mapping)}`];
      case 'drop_table': return [`table:${keyOf(c.table.name)}`];
      default: return [];
    }
  }));
  const out: Holder[] = [];
  for (const k of new Set([...Object.keys(from.foreignDataWrappers), ...Object.keys(to.foreignDataWrappers)])) {
    out.push({ what: `foreign-data wrapper ${quoteIdent(k)}`, alter: `ALTER FOREIGN DATA WRAPPER ${quoteIdent(k)}`, live: from.foreignDataWrappers[k], want: to.foreignDataWrappers[k], recreated: dropped.has(`fdw:${k}`) });
  }
  for (const k of new Set([...Object.keys(from.foreignServers), ...Object.keys(to.foreignServers)])) {
    out.push({ what: `server ${quoteIdent(k)}`, alter: `ALTER SERVER ${quoteIdent(k)}`, live: from.foreignServers[k], want: to.foreignServers[k], recreated: dropped.has(`server:${k}`) });
  }
  for (const k of new Set([...Object.keys(from.userMappings), ...Object.keys(to.userMappings)])) {
    const m = (to.userMappings[k] ?? from.userMappings[k])!;
    const head = `USER MAPPING FOR ${mappingUserSql(m)} SERVER ${quoteIdent(m.server)}`;
    out.push({ what: `user mapping for ${mappingUserSql(m)} server ${quoteIdent(m.server)}`, alter: `ALTER ${head}`, live: from.userMappings[k], want: to.userMappings[k], recreated: dropped.has(`mapping:${k}`) });
  }
  for (const k of new Set([...Object.keys(from.tables), ...Object.keys(to.tables)])) {
    const live = from.tables[k];
    const want = to.tables[k];
    if (!live?.foreign && !want?.foreign) continue;
    const t = quoteQualified((want ?? live)!.name);
    const recreated = dropped.has(`table:${k}`);
    out.push({ what: `foreign table ${t}`, alter: `ALTER FOREIGN TABLE ${t}`, live: live?.foreign, want: want?.foreign, recreated });
    for (const c of want?.columns ?? live?.columns ?? []) {
      const l = live?.columns.find((x) => x.name === c.name);
      const w = want?.columns.find((x) => x.name === c.name);
      const opts = (x: typeof c | undefined): GenericOptions | undefined => (x ? { options: x.fdwOptions ?? [], secretOptions: x.fdwSecretOptions ?? [] } : undefined);
      out.push({ what: `column ${quoteIdent(c.name)} of foreign table ${t}`, alter: `ALTER FOREIGN TABLE ${t} ALTER COLUMN ${quoteIdent(c.name)}`, live: opts(l), want: opts(w), recreated });
    }
  }
  return out;
};

export const secretNotes = (from: Schema, to: Schema, changes: readonly Change[]): string[] => {
  const out: string[] = [];
  for (const h of holders(from, to, changes)) {
    const live = h.recreated ? [] : h.live?.secretOptions ?? [];
    const want = h.want?.secretOptions ?? [];
    for (const name of want.filter((n) => !live.includes(n))) {
      out.push(`option ${name} of ${h.what} is not managed: set it out of band (${h.alter} OPTIONS (ADD ${quoteIdent(name)} '...'))`);
    }
    if (h.want && !h.recreated) {
      for (const name of (h.live?.secretOptions ?? []).filter((n) => !want.includes(n))) {
        out.push(`the plan drops option ${name} of ${h.what}, which the source does not declare (its value is never read): declare the option in the source, with any value, to keep it`);
      }
    }
  }
  return out;
};
