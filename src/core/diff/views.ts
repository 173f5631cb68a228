/**
 * Views and materialized views. A view whose query changes is replaced in place (CREATE OR
 * REPLACE VIEW) when PostgreSQL allows it: its existing columns keep their names, types and
 * collations, new ones only appended. Otherwise, and for any change of a materialized view but
 * its storage parameters, it is dropped and created again (and its dependants with it, through
 * the rebuild mechanism).
 */
import type { Change } from '../model/change.js';
import type { ViewColumn, ViewDef } from '../model/objects.js';
import { keyOf } from '../model/names.js';
import { sameComparable } from '../model/compare.js';
import { tableRef } from '../order/refs.js';
import type { DiffContext } from './context.js';
import { matchByKey } from './match.js';

const optionKey = (o: string): string => o.slice(0, o.indexOf('='));

const sameBody = (a: ViewDef, b: ViewDef): boolean =>
  a.query === b.query && a.materialized === b.materialized && a.accessMethod === b.accessMethod && sameComparable(a.columns, b.columns);

/** The column as CREATE OR REPLACE VIEW must keep it; its default is set apart (ALTER VIEW ... SET DEFAULT). */
const sameColumn = (a: ViewColumn, b: ViewColumn): boolean =>
  a.name === b.name && sameComparable(a.type, b.type) && sameComparable(a.collation, b.collation);

/** Why CREATE OR REPLACE VIEW cannot take `from` to `to`, or null when it can. */
const replaceProblem = (from: ViewDef, to: ViewDef): string | null => {
  if (from.materialized || to.materialized) return 'a materialized view cannot be replaced in place';
  if (to.columns.length < from.columns.length) return 'it loses columns, which CREATE OR REPLACE VIEW cannot do';
  const i = from.columns.findIndex((c, k) => !sameColumn(c, to.columns[k]!));
  if (i >= 0) {
    const a = from.columns[i]!;
    const b = to.columns[i]!;
    return a.name !== b.name ? `its column ${a.name} becomes ${b.name}` : `the type or collation of its column ${a.name} changes`;
  }
  return null;
};

export const diffViews = (ctx: DiffContext): Change[] => {
  const m = matchByKey(ctx.from.views, ctx.to.views);
  const out: Change[] = [];
  for (const v of m.removed) out.push({ kind: 'drop_view', view: v });
  // CLUSTER ON of a materialized view: after its indexes (set_table_cluster needs the index).
  const cluster = (v: ViewDef, from: ViewDef | null): void => {
    if ((v.clusterOn ?? null) !== (from?.clusterOn ?? null)) out.push({ kind: 'set_table_cluster', table: v.name, index: v.clusterOn ?? null });
  };
  for (const v of m.added) { out.push({ kind: 'create_view', view: v }); cluster(v, null); }
  for (const [live, want] of m.kept) {
    const rebuild = ctx.rebuild.get(tableRef(live.name));
    const problem = rebuild ?? (sameBody(live, want) ? null : replaceProblem(live, want));
    if (problem !== null) {
      out.push({ kind: 'drop_view', view: live, reason: problem }, { kind: 'create_view', view: want });
      cluster(want, null);
      continue;
    }
    cluster(want, live);
    if (!sameBody(live, want)) { out.push({ kind: 'replace_view', from: live, to: want }); continue; }
    const set = want.options.filter((o) => !live.options.includes(o));
    const wantKeys = new Set(want.options.map(optionKey));
    const reset = live.options.map(optionKey).filter((k) => !wantKeys.has(k));
    if (set.length || reset.length) out.push({ kind: 'set_view_options', view: want, set, reset });
  }
  return out;
};

export const viewKey = (v: ViewDef): string => keyOf(v.name);
