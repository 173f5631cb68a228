/**
 * A dump declares the secret options the database has, with a placeholder instead of the value
 * (which pg-flux never reads): the source it writes then keeps them (a source that does not
 * declare a secret option drops it), and whoever reads it sees where a secret is set out of band.
 */
import type { Change } from '../../model/change.js';
import type { GenericOptions } from '../../model/foreign.js';
import type { ColumnDef } from '../../model/objects.js';
import type { Statement } from '../../model/plan.js';
import { main, type EmitContext } from '../sql/context.js';
import { createServerSql, createUserMappingSql, createWrapperSql } from '../sql/foreign.js';
import { tableEmitters } from '../sql/tables.js';

/** What a dump writes for the value of a secret option. */
export const SECRET_PLACEHOLDER = 'set out of band: pg-flux never reads this value';

const sorted = (xs: readonly string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const declared = <T extends GenericOptions>(o: T): T =>
  ({ ...o, options: sorted([...o.options, ...o.secretOptions.map((n) => `${n}=${SECRET_PLACEHOLDER}`)]) });

const column = (c: ColumnDef): ColumnDef =>
  (c.fdwSecretOptions?.length ? { ...c, fdwOptions: declared({ options: c.fdwOptions ?? [], secretOptions: c.fdwSecretOptions }).options } : c);

/** The statements of a create change, with secret options declared by placeholder (null: unchanged). */
export const withSecretPlaceholders = (c: Change, ctx: EmitContext): Statement[] | null => {
  switch (c.kind) {
    case 'create_foreign_data_wrapper': return c.wrapper.secretOptions.length ? [main(createWrapperSql(declared(c.wrapper)))] : null;
    case 'create_server': return c.server.secretOptions.length ? [main(createServerSql(declared(c.server)))] : null;
    case 'create_user_mapping': return c.mapping.secretOptions.length ? [main(createUserMappingSql(declared(c.mapping)))] : null;
    case 'create_table': {
      const f = c.table.foreign;
      if (!f || (!f.secretOptions.length && !c.table.columns.some((x) => x.fdwSecretOptions?.length))) return null;
      return tableEmitters.create_table({ ...c, table: { ...c.table, foreign: declared(f), columns: c.table.columns.map(column) } }, ctx);
    }
    default: return null;
  }
};
