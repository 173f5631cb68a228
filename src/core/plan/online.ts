/**
 * Online rewrites: which changes on tables that already hold rows are emitted in a form that
 * keeps reads and writes going, decided from the ordered changes and their dependency facts.
 * The emitters read the decisions (emit/sql/context.ts); nothing here edits SQL text.
 *
 * - CHECK / FOREIGN KEY: ADD ... NOT VALID in the transaction, VALIDATE CONSTRAINT after it.
 * - SET NOT NULL: a CHECK (col IS NOT NULL) NOT VALID in the transaction; after it, VALIDATE,
 *   SET NOT NULL (PostgreSQL skips its scan when a valid check proves it), drop the check.
 * - UNIQUE / PRIMARY KEY: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.
 * - CREATE INDEX: CONCURRENTLY after the transaction; a changed definition is built under a
 *   temporary name, the old index dropped CONCURRENTLY and the new one renamed.
 * - DROP INDEX: CONCURRENTLY after the transaction.
 *
 * Something the transaction needs (a foreign key needs the key it references, an identity
 * needs NOT NULL) cannot wait for the commit: a rewrite whose result a transactional change
 * requires is not done, unless that change is itself a constraint addition, which then moves
 * after the commit too. A rewrite never applies to a table created by the same plan (it is
 * empty), and constraints or indexes replaced under the same name stay in the transaction (no
 * window without them).
 */
import { isNotEnforced } from '../canon/constraints.js';
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import { constraintKey } from '../model/schema.js';
import { keyOf } from '../model/names.js';
import { factsOf, type Facts } from '../order/dependencies.js';
import { conRef, idxRef, knownTypeRefs, notNullRef } from '../order/refs.js';
import type { OnlineRewrites } from '../emit/sql/context.js';

export interface OnlineOptions {
  /** NOT VALID + VALIDATE for CHECK / FOREIGN KEY and staged SET NOT NULL (default on). */
  readonly autoNotValid: boolean;
}

export const NO_REWRITES: OnlineRewrites = {
  validateAfter: new Set(), addAfter: new Set(), viaIndex: new Set(), stagedNotNull: new Set(),
  concurrentIndexes: new Set(), replacedIndexes: new Set(), concurrentDrops: new Set(),
};

type Candidate = 'validateAfter' | 'viaIndex' | 'stagedNotNull' | 'concurrent' | 'replaced' | 'concurrentDrop';

export const onlineRewrites = (changes: readonly Change[], from: Schema, to: Schema, opts: OnlineOptions): OnlineRewrites => {
  // A table the plan drops and creates again (a changed partition key) is new, hence empty.
  const recreated = new Set(changes.flatMap((c) => (c.kind === 'drop_table' ? [keyOf(c.table.name)] : [])));
  const exists = (t: { schema: string; name: string }): boolean => keyOf(t) in from.tables && keyOf(t) in to.tables && !recreated.has(keyOf(t));
  // PostgreSQL builds no index CONCURRENTLY on a partitioned table, and before 18 takes no NOT
  // VALID foreign key there: constraints stay in the transaction, indexes go through ON ONLY.
  const partitioned = (t: { schema: string; name: string }): boolean => to.tables[keyOf(t)]?.partitionBy !== undefined || from.tables[keyOf(t)]?.partitionBy !== undefined;
  const plain = (t: { schema: string; name: string }): boolean => exists(t) && !partitioned(t);
  const indexDropTable = new Map(changes.flatMap((c) => (c.kind === 'drop_index' ? [[keyOf(c.index.name), c.index.table] as const] : [])));
  const indexDrops = new Set(indexDropTable.keys());
  const indexCreates = new Set(changes.flatMap((c) => (c.kind === 'create_index' ? [keyOf(c.index.name)] : [])));
  // Index-backed constraints and indexes share the relation namespace of their schema.
  const newRelationNames = new Set(changes.flatMap((c) => (c.kind === 'add_constraint' && c.constraint.type !== 'check' && c.constraint.type !== 'foreign_key'
    ? [`${c.constraint.table.schema}.${c.constraint.name}`] : [])));

  const candidate = new Map<number, Candidate>();
  changes.forEach((c, i) => {
    switch (c.kind) {
      case 'add_constraint': {
        const k = c.constraint;
        if (!plain(k.table)) return;
        // A NOT ENFORCED constraint checks no rows: nothing to validate.
        if ((k.type === 'check' || k.type === 'foreign_key') && k.validated && opts.autoNotValid && !isNotEnforced(k)) candidate.set(i, 'validateAfter');
        // A temporal key (WITHOUT OVERLAPS) is backed by a GiST index that CREATE UNIQUE INDEX cannot build.
        if ((k.type === 'unique' || k.type === 'primary_key') && !(constraintKey(k) in from.constraints) && !/\bWITHOUT OVERLAPS\b/i.test(k.definition.canon)) candidate.set(i, 'viaIndex');
        return;
      }
      case 'set_column_not_null':
        if (opts.autoNotValid && plain(c.table) && from.tables[keyOf(c.table)]!.columns.some((col) => col.name === c.column)) candidate.set(i, 'stagedNotNull');
        return;
      case 'create_index':
        if (!exists(c.index.table)) return;
        if (partitioned(c.index.table)) {
          // ON ONLY the parent, each partition's index CONCURRENTLY (a replacement stays in the transaction).
          if (c.partitions?.length && !indexDrops.has(keyOf(c.index.name))) candidate.set(i, 'concurrent');
          return;
        }
        if (!indexDrops.has(keyOf(c.index.name))) { candidate.set(i, 'concurrent'); return; }
        // A swap builds the new index beside the old one, so both must be on this plain table: the
        // name moving from another table (a partitioned one takes no DROP INDEX CONCURRENTLY)
        // is a drop and a create in the transaction.
        if (keyOf(indexDropTable.get(keyOf(c.index.name))!) === keyOf(c.index.table)) candidate.set(i, 'replaced');
        return;
      case 'drop_index': {
        const k = keyOf(c.index.name);
        if (plain(c.index.table) && !indexCreates.has(k) && !newRelationNames.has(k)) candidate.set(i, 'concurrentDrop');
        return;
      }
      default:
    }
  });

  // A plan from an empty database (dump, a first migration) has nothing to rewrite: skip the facts.
  if (candidate.size === 0) return NO_REWRITES;
  const knownTypes = knownTypeRefs(from, to);
  const facts: Facts[] = changes.map((c) => factsOf(c, { from, to, knownTypes }));
  /** Facts a rewrite makes available only after the commit. */
  const lateFacts = (i: number, kind: Candidate): string[] => {
    const c = changes[i]!;
    if (kind === 'viaIndex' && c.kind === 'add_constraint') return [conRef(c.constraint)];
    if (kind === 'stagedNotNull' && c.kind === 'set_column_not_null') return [notNullRef(c.table, c.column)];
    // ON ONLY a partitioned table, the index exists in the transaction (valid once its partitions' are attached).
    if ((kind === 'concurrent' || kind === 'replaced') && c.kind === 'create_index') return c.partitions?.length ? [] : [idxRef(c.index.name)];
    return [];
  };
  const dropIndexAt = new Map(changes.flatMap((c, i) => (c.kind === 'drop_index' ? [[keyOf(c.index.name), i] as const] : [])));
  /** The drop_index change whose removal a candidate defers, if any. */
  const deferredDrop = (i: number, kind: Candidate): number | undefined => {
    const c = changes[i]!;
    if (kind === 'concurrentDrop') return i;
    if (kind === 'replaced' && c.kind === 'create_index') return dropIndexAt.get(keyOf(c.index.name));
    return undefined;
  };
  const addAfter = new Set<number>();
  const dropsUnderIndexes = changes.some((c) => ['drop_extension', 'set_extension_schema', 'drop_schema', 'drop_enum', 'recreate_enum'].includes(c.kind));
  for (let changed = true; changed;) {
    changed = false;
    // A drop that must happen before a transactional change takes away what the index uses
    // (a column dropped or retyped under it) stays in the transaction.
    const removedInTransaction = new Set(changes.flatMap((_c, j) => (candidate.has(j) && !['validateAfter', 'stagedNotNull'].includes(candidate.get(j)!) ? [] : facts[j]!.removes)));
    candidate.forEach((kind, i) => {
      const d = deferredDrop(i, kind);
      if (d === undefined) return;
      // An index may also use an extension's operator class or a type the facts do not name.
      if (facts[d]!.releases.some((r) => removedInTransaction.has(r)) || dropsUnderIndexes) { candidate.delete(i); changed = true; }
    });
    const late = new Map<string, number>();
    candidate.forEach((kind, i) => lateFacts(i, kind).forEach((f) => late.set(f, i)));
    addAfter.forEach((i) => facts[i]!.provides.forEach((f) => late.set(f, i)));
    changes.forEach((c, j) => {
      if (addAfter.has(j)) return;
      const kind = candidate.get(j);
      // Its own transactional part: a NOT VALID addition or the helper check stays in the transaction.
      const inTransaction = kind === undefined || kind === 'validateAfter' || kind === 'stagedNotNull';
      if (!inTransaction) return;
      for (const r of facts[j]!.requires) {
        const provider = late.get(r);
        if (provider === undefined || provider === j) continue;
        if (c.kind === 'add_constraint') addAfter.add(j);
        else candidate.delete(provider);
        changed = true;
        return;
      }
    });
  }

  const keysOf = (kinds: readonly Candidate[]): Set<string> => {
    const out = new Set<string>();
    candidate.forEach((kind, i) => {
      if (!kinds.includes(kind)) return;
      const c = changes[i]!;
      if (c.kind === 'add_constraint') out.add(constraintKey(c.constraint));
      else if (c.kind === 'set_column_not_null') out.add(`${keyOf(c.table)}.${c.column}`);
      else if (c.kind === 'create_index' || c.kind === 'drop_index') out.add(keyOf(c.index.name));
    });
    return out;
  };
  const replaced = keysOf(['replaced']);
  return {
    validateAfter: keysOf(['validateAfter']),
    addAfter: new Set([...addAfter].map((i) => changes[i]!).flatMap((c) => (c.kind === 'add_constraint' ? [constraintKey(c.constraint)] : []))),
    viaIndex: keysOf(['viaIndex']),
    stagedNotNull: keysOf(['stagedNotNull']),
    concurrentIndexes: keysOf(['concurrent']),
    replacedIndexes: replaced,
    // The drop of a replaced index is part of its replacement (see the create_index emitter).
    concurrentDrops: new Set([...keysOf(['concurrentDrop']), ...replaced]),
  };
};
