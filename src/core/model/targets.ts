/**
 * Whether the object a comment, owner or privilege names is in a model, and its parts:
 * `schema.table.column` and similar keys hold a sub-object name after the last dot.
 */
import type { Schema } from './schema.js';
import type { ObjectRef } from './objects.js';

const split = (key: string): [string, string] => {
  const i = key.lastIndexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
};

export const targetExists = (s: Schema, t: ObjectRef): boolean => {
  switch (t.kind) {
    case 'schema': return t.key in s.schemas;
    case 'extension': return t.key in s.extensions;
    case 'table': return t.key in s.tables;
    case 'view': return s.views[t.key]?.materialized === false;
    case 'materialized view': return s.views[t.key]?.materialized === true;
    case 'sequence': return t.key in s.sequences;
    case 'column': {
      const [rel, col] = split(t.key);
      return (s.tables[rel]?.columns ?? s.views[rel]?.columns ?? []).some((c) => c.name === col)
        || (s.compositeTypes[rel]?.attributes ?? []).some((a) => a.name === col);
    }
    case 'index': return t.key in s.indexes;
    case 'constraint': return t.key in s.constraints;
    case 'type': return t.key in s.enums || t.key in s.compositeTypes || t.key in s.rangeTypes;
    case 'domain': return t.key in s.domains;
    case 'domain constraint': {
      const [d, c] = split(t.key);
      return (s.domains[d]?.constraints ?? []).some((k) => k.name === c);
    }
    case 'collation': return t.key in s.collations;
    case 'function': case 'procedure': return s.functions[t.key]?.routineKind === t.kind;
    case 'aggregate': return t.key in s.aggregates;
    case 'trigger': return t.key in s.triggers;
    case 'policy': return t.key in s.policies;
    case 'rule': return t.key in s.rules;
    case 'statistics': return t.key in s.statistics;
    case 'event trigger': return t.key in s.eventTriggers;
    case 'foreign data wrapper': return t.key in s.foreignDataWrappers;
    case 'server': return t.key in s.foreignServers;
    case 'publication': return t.key in s.publications;
    case 'cast': return t.key in s.casts;
    case 'language': return false;
  }
};
