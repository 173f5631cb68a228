/**
 * `pg-flux inspect`: the live model as the differ sees it — counts per kind, the canonical
 * definitions of selected objects (the planner's create statements), or the model as data.
 */
import type { Schema } from '../../model/schema.js';
import { KIND_FIELDS, KINDS, allRefs, type KindField, type ObjectRef } from '../../coverage/kinds.js';
import { ownerOf } from '../../coverage/change-subject.js';
import { subsetSchema } from '../../coverage/undeclared.js';
import { unmanagedByKind } from '../../coverage/unmanaged-report.js';

/** Shell-style glob (`*`, `?`) as an anchored expression over identity keys. */
export const globPattern = (glob: string): RegExp =>
  new RegExp(`^${glob.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);

export interface Selection {
  readonly field: KindField | null;
  readonly glob: string | null;
}

/** Objects matching the selection, in report order. */
export const selectObjects = (s: Schema, sel: Selection): ObjectRef[] => {
  const re = sel.glob === null ? null : globPattern(sel.glob);
  return allRefs(s).filter((r) => (sel.field === null || r.field === sel.field) && (re === null || re.test(r.key)));
};

/** The selection plus what its objects own (a table's constraints, indexes, triggers, sequences). */
export const withOwned = (s: Schema, refs: readonly ObjectRef[]): ObjectRef[] => {
  const chosen = new Set(refs.map((r) => `${r.field}\u0000${r.key}`));
  return allRefs(s).filter((r) => {
    if (chosen.has(`${r.field}\u0000${r.key}`)) return true;
    const o = ownerOf(r, s);
    return o !== r && chosen.has(`${o.field}\u0000${o.key}`);
  });
};

/** The model restricted to the selection, as data (unmanaged objects filtered by the glob too). */
export const selectedModel = (s: Schema, sel: Selection, refs: readonly ObjectRef[]): Schema => {
  if (sel.field === null && sel.glob === null) return s;
  const re = sel.glob === null ? null : globPattern(sel.glob);
  const unmanaged = sel.field === null ? s.unmanaged.filter((u) => re === null || re.test(u.key)) : [];
  return { ...subsetSchema(s, refs), unmanaged };
};

/** Counts per managed kind (all of them, zero included, unless filtered), then the unmanaged kinds. */
export const summaryLines = (s: Schema, refs: readonly ObjectRef[], filtered: boolean): string[] => {
  const counts = new Map<KindField, number>();
  for (const r of refs) counts.set(r.field, (counts.get(r.field) ?? 0) + 1);
  const shown = KIND_FIELDS.filter((f) => !filtered || counts.has(f));
  // Aligned on the longest label shown, so a filtered summary stays compact.
  const width = Math.max(0, ...shown.map((f) => KINDS[f].group.length));
  const out = [`inspect: ${refs.length} managed object(s)`];
  for (const f of shown) out.push(`  ${KINDS[f].group.padEnd(width)}  ${counts.get(f) ?? 0}`);
  if (!filtered && s.unmanaged.length > 0) {
    const groups = unmanagedByKind(s.unmanaged);
    const w = Math.max(...groups.map((g) => g.kind.length));
    out.push(`not managed by pg-flux (left alone): ${s.unmanaged.length} object(s)`);
    for (const g of groups) out.push(`  ${g.kind.padEnd(w)}  ${g.keys.length}`);
  }
  return out;
};
