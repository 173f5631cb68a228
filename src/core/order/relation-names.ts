/**
 * Tables, views, sequences and indexes share one namespace per schema (pg_class), and so do the
 * indexes behind PRIMARY KEY / UNIQUE / EXCLUDE constraints. A change that creates a relation
 * name claims it, one that drops a relation frees its name and the names that go with it (its
 * constraints' indexes, its indexes, the sequences it owns): a claim waits for the free of the
 * same name. Without it, a table replaced by a new one that keeps the old primary key's name
 * (lemmy's mod_sticky_post → mod_feature_post keeps mod_sticky_post_pkey) is created while the
 * old name is still taken.
 */
import type { Change } from '../model/change.js';
import type { Schema } from '../model/schema.js';
import type { ConstraintDef } from '../model/objects.js';
import { keyOf, type QualifiedName } from '../model/names.js';
import { constraintsOf, indexesOf } from '../model/by-table.js';

const relName = (schema: string, name: string): string => `relname:${schema}.${name}`;
const named = (q: QualifiedName): string => relName(q.schema, q.name);

/** The index name a constraint takes, when it has an index. */
const indexed = (c: ConstraintDef): string[] =>
  c.type === 'primary_key' || c.type === 'unique' || c.type === 'exclude' ? [relName(c.table.schema, c.name)] : [];

/** Sequences the dropped table takes with it: owned by it, and not kept (a kept one is re-owned first). */
const ownedSequences = (from: Schema, to: Schema, table: QualifiedName): string[] =>
  Object.values(from.sequences).filter((q) => q.ownedBy && keyOf(q.ownedBy.table) === keyOf(table) && !(keyOf(q.name) in to.sequences)).map((q) => named(q.name));

export interface NameFacts { readonly claims: readonly string[]; readonly frees: readonly string[] }

const NONE: NameFacts = { claims: [], frees: [] };

export const relationNameFacts = (c: Change, from: Schema, to: Schema): NameFacts => {
  switch (c.kind) {
    case 'create_table': return { claims: [named(c.table.name), ...c.constraints.flatMap(indexed)], frees: [] };
    case 'drop_table': {
      const k = keyOf(c.table.name);
      return { claims: [], frees: [named(c.table.name), ...constraintsOf(from, k).flatMap(indexed), ...indexesOf(from, k).map((i) => named(i.name)), ...ownedSequences(from, to, c.table.name)] };
    }
    case 'add_constraint': return { claims: indexed(c.constraint), frees: [] };
    case 'drop_constraint': return { claims: [], frees: indexed(c.constraint) };
    case 'create_index': return { claims: [named(c.index.name)], frees: [] };
    case 'drop_index': return { claims: [], frees: [named(c.index.name)] };
    case 'create_sequence': return { claims: [named(c.sequence.name)], frees: [] };
    case 'drop_sequence': return { claims: [], frees: [named(c.sequence.name)] };
    case 'create_view': return { claims: [named(c.view.name)], frees: [] };
    case 'drop_view': return { claims: [], frees: [named(c.view.name)] };
    default: return NONE;
  }
};
