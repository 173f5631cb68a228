/**
 * How COMMENT ON, ALTER ... OWNER TO and GRANT ... ON name an object of the model. Routines are
 * named with their argument types, from the routine's own definition in the model.
 */
import type { Schema } from '../../model/schema.js';
import type { ObjectRef } from '../../model/objects.js';
import { parseQualifiedKey } from '../../model/names.js';
import { quoteIdent, quoteQualified } from './quote.js';
import { routineSignatureSql } from './routines.js';
import { castPairSql } from './casts.js';

const split = (key: string): [string, string] => {
  const i = key.lastIndexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
};

const q = (key: string): string => quoteQualified(parseQualifiedKey(key));

type OnRelation = 'constraints' | 'triggers' | 'rules' | 'policies';

/**
 * `NAME ON schema.relation` of an object that lives on a relation. Its key `schema.table.name`
 * is ambiguous when a name holds a dot ("my.check"): the object in the model says which is which.
 */
const onRelation = (key: string, kind: OnRelation, models: readonly Schema[]): string => {
  for (const s of models) {
    const o = s[kind][key];
    if (o) return `${quoteIdent(o.name)} ON ${quoteQualified(o.table)}`;
  }
  const [rel, name] = split(key);
  return `${quoteIdent(name)} ON ${q(rel)}`;
};

/** A column key's relation and column, likewise: the split whose relation the models have. */
const columnParts = (key: string, models: readonly Schema[]): [string, string] => {
  for (let i = key.indexOf('.', key.indexOf('.') + 1); i > 0; i = key.indexOf('.', i + 1)) {
    const rel = key.slice(0, i);
    if (models.some((s) => rel in s.tables || rel in s.views)) return [rel, key.slice(i + 1)];
  }
  return split(key);
};

/** `schema.name(signature)` of a routine, found in either model. */
const routine = (key: string, ...models: readonly Schema[]): string => {
  for (const s of models) {
    const f = s.functions[key];
    if (f) return routineSignatureSql(f);
    const a = s.aggregates[key];
    if (a) return `${quoteQualified(a.name)}(${a.arguments})`;
  }
  throw new Error(`no routine ${key} in the model`);
};

/** `(source AS target)` of a cast, found in either model. */
const castTypesSql = (key: string, ...models: readonly Schema[]): string => {
  for (const s of models) { const c = s.casts[key]; if (c) return castPairSql(c); }
  throw new Error(`no cast ${key} in the model`);
};

export type ObjectSqlPurpose = 'comment' | 'owner' | 'grant';

export const objectSql = (t: ObjectRef, purpose: ObjectSqlPurpose, ...models: readonly Schema[]): string => {
  switch (t.kind) {
    // COMMENT ON TABLE refuses a foreign table; OWNER TO and GRANT take it as a table.
    case 'table': return purpose === 'comment' && models.some((s) => s.tables[t.key]?.foreign) ? `FOREIGN TABLE ${q(t.key)}` : `TABLE ${q(t.key)}`;
    case 'view': return purpose === 'grant' ? `TABLE ${q(t.key)}` : `VIEW ${q(t.key)}`;
    case 'materialized view': return purpose === 'grant' ? `TABLE ${q(t.key)}` : `MATERIALIZED VIEW ${q(t.key)}`;
    case 'sequence': return `SEQUENCE ${q(t.key)}`;
    case 'column': {
      const [rel, col] = columnParts(t.key, models);
      return purpose === 'grant' ? `TABLE ${q(rel)}` : `COLUMN ${q(rel)}.${quoteIdent(col)}`;
    }
    case 'index': return `INDEX ${q(t.key)}`;
    case 'constraint': return `CONSTRAINT ${onRelation(t.key, 'constraints', models)}`;
    case 'domain constraint': { const [d, name] = split(t.key); return `CONSTRAINT ${quoteIdent(name)} ON DOMAIN ${q(d)}`; }
    case 'trigger': return `TRIGGER ${onRelation(t.key, 'triggers', models)}`;
    case 'policy': return `POLICY ${onRelation(t.key, 'policies', models)}`;
    case 'rule': return `RULE ${onRelation(t.key, 'rules', models)}`;
    case 'type': return `TYPE ${q(t.key)}`;
    case 'domain': return `DOMAIN ${q(t.key)}`;
    case 'collation': return `COLLATION ${q(t.key)}`;
    case 'statistics': return `STATISTICS ${q(t.key)}`;
    case 'event trigger': return `EVENT TRIGGER ${quoteIdent(t.key)}`;
    case 'function': return `FUNCTION ${routine(t.key, ...models)}`;
    case 'procedure': return `PROCEDURE ${routine(t.key, ...models)}`;
    // GRANT takes an aggregate as a function (with its argument types).
    case 'aggregate': return purpose === 'grant' ? `FUNCTION ${routine(t.key, ...models).replace(/ ORDER BY /, ', ')}` : `AGGREGATE ${routine(t.key, ...models)}`;
    case 'schema': return `SCHEMA ${quoteIdent(t.key)}`;
    case 'extension': return `EXTENSION ${quoteIdent(t.key)}`;
    case 'language': return `LANGUAGE ${quoteIdent(t.key)}`;
    case 'foreign data wrapper': return `FOREIGN DATA WRAPPER ${quoteIdent(t.key)}`;
    case 'server': return purpose === 'grant' ? `FOREIGN SERVER ${quoteIdent(t.key)}` : `SERVER ${quoteIdent(t.key)}`;
    case 'publication': return `PUBLICATION ${quoteIdent(t.key)}`;
    case 'cast': return `CAST ${castTypesSql(t.key, ...models)}`;
  }
};
