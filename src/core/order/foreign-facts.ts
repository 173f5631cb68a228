/**
 * Dependency facts of foreign-data and publication changes: a wrapper after its handler and
 * validator, a server after its wrapper, a user mapping and a foreign table after their server
 * (dropped before it); a publication after the tables, columns and schemas it names (its
 * tables leave it before they are dropped).
 */
import type { ChangeOf } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { PublicationDef, PublicationTable } from '../model/foreign.js';
import { userMappingKey } from '../model/foreign.js';
import type { QualifiedName } from '../model/names.js';
import { keyOf } from '../model/names.js';
import { ANY_EXTENSION, colRef, fdwRef, fnameRef, publicationRef, schemaRef, serverRef, tableRef, userMappingRef } from './refs.js';

export type ForeignChange = ChangeOf<
  'create_foreign_data_wrapper' | 'drop_foreign_data_wrapper' | 'alter_foreign_data_wrapper' | 'create_server' | 'drop_server' | 'alter_server'
  | 'create_user_mapping' | 'drop_user_mapping' | 'alter_user_mapping' | 'set_foreign_table_options' | 'set_column_fdw_options'
  | 'create_publication' | 'drop_publication' | 'alter_publication'>;

interface Ctx { readonly from: Schema; readonly to: Schema }
interface F { provides?: string[]; requires?: string[]; removes?: string[]; releases?: string[] }

/** A routine the model may not hold (an extension's handler): then after every extension. */
const routine = (f: QualifiedName | null, ctx: Ctx): string[] => {
  if (!f || f.schema === 'pg_catalog') return [];
  const known = [ctx.from, ctx.to].some((s) => Object.values(s.functions).some((x) => keyOf(x.name) === keyOf(f)));
  return known ? [fnameRef(f)] : [ANY_EXTENSION];
};

/** A wrapper the model may not hold (an extension's, such as postgres_fdw): then after every extension. */
export const wrapperRefs = (name: string, ctx: Ctx): string[] =>
  (name in ctx.from.foreignDataWrappers || name in ctx.to.foreignDataWrappers ? [fdwRef(name)] : [ANY_EXTENSION]);

const tableNeeds = (t: PublicationTable): string[] => [
  tableRef(t.table), ...(t.columns ?? []).map((c) => colRef(t.table, c)),
  ...(t.where?.refs ?? []).map((r) => (r.startsWith('column:') ? colRef(t.table, r.slice('column:'.length)) : r)),
];

const publicationNeeds = (p: PublicationDef): string[] => [...p.tables.flatMap(tableNeeds), ...p.schemas.map(schemaRef)];

export const foreignFacts = (c: ForeignChange, ctx: Ctx): F => {
  switch (c.kind) {
    case 'create_foreign_data_wrapper':
      return { requires: [...routine(c.wrapper.handler, ctx), ...routine(c.wrapper.validator, ctx)], provides: [fdwRef(c.wrapper.name)] };
    case 'drop_foreign_data_wrapper':
      return { removes: [fdwRef(c.wrapper.name)], releases: [...routine(c.wrapper.handler, ctx), ...routine(c.wrapper.validator, ctx)] };
    case 'alter_foreign_data_wrapper':
      return { requires: [fdwRef(c.to.name), ...routine(c.to.handler, ctx), ...routine(c.to.validator, ctx)], releases: [...routine(c.from.handler, ctx), ...routine(c.from.validator, ctx)] };
    case 'create_server': return { requires: wrapperRefs(c.server.wrapper, ctx), provides: [serverRef(c.server.name)] };
    case 'drop_server': return { removes: [serverRef(c.server.name)], releases: wrapperRefs(c.server.wrapper, ctx) };
    case 'alter_server': return { requires: [serverRef(c.to.name)] };
    case 'create_user_mapping': return { requires: [serverRef(c.mapping.server)], provides: [userMappingRef(userMappingKey(c.mapping))] };
    case 'drop_user_mapping': return { removes: [userMappingRef(userMappingKey(c.mapping))], releases: [serverRef(c.mapping.server)] };
    case 'alter_user_mapping': return { requires: [userMappingRef(userMappingKey(c.mapping))] };
    case 'set_foreign_table_options': return { requires: [tableRef(c.table)] };
    case 'set_column_fdw_options': return { requires: [tableRef(c.table), colRef(c.table, c.column)] };
    case 'create_publication': return { requires: publicationNeeds(c.publication), provides: [publicationRef(c.publication.name)] };
    case 'drop_publication': return { removes: [publicationRef(c.publication.name)], releases: publicationNeeds(c.publication) };
    case 'alter_publication': return { requires: [publicationRef(c.to.name), ...publicationNeeds(c.to)], releases: publicationNeeds(c.from) };
  }
};
