/** Dependency facts of changes, as string keys: `table:s.t`, `col:s.t.c`, `type:s.n`, ... */
import type { QualifiedName } from '../model/names.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ColumnDef, ConstraintDef, IndexDef, ObjectRef, StatisticsDef } from '../model/objects.js';
import type { CastDef } from '../model/casts.js';
import { castFunctionKey } from '../canon/casts.js';

export const schemaRef = (s: string): string => `schema:${s}`;
export const tableRef = (t: QualifiedName): string => `table:${t.schema}.${t.name}`;
export const colRef = (t: QualifiedName, c: string): string => `col:${t.schema}.${t.name}.${c}`;
export const seqRef = (s: QualifiedName): string => `sequence:${s.schema}.${s.name}`;
export const typeRef = (s: QualifiedName): string => `type:${s.schema}.${s.name}`;
export const extRef = (e: string): string => `ext:${e}`;
export const conRef = (c: { table: QualifiedName; name: string }): string => `con:${c.table.schema}.${c.table.name}.${c.name}`;
export const idxRef = (i: QualifiedName): string => `idx:${i.schema}.${i.name}`;
/** The set of partition bounds under a partitioned table: freed (detach, drop) before new ones are claimed. */
export const boundsRef = (t: QualifiedName): string => `bounds:${t.schema}.${t.name}`;
/** A table has left a parent (NO INHERIT / DETACH PARTITION): what it inherited is its own now. */
export const leftParentRef = (t: QualifiedName): string => `left-parent:${t.schema}.${t.name}`;
/** A partition attached (created as one, or attached) under its parent. */
export const attachedRef = (t: QualifiedName): string => `attached:${t.schema}.${t.name}`;
export const notNullRef = (t: QualifiedName, c: string): string => `notnull:${t.schema}.${t.name}.${c}`;
/** The type of a column as something else is built on it (a generated column's expression). */
/** An identity's bounds fitted to the column's new, narrower type (before ALTER COLUMN ... TYPE). */
export const identityBoundsRef = (t: QualifiedName, c: string): string => `identitybounds:${t.schema}.${t.name}.${c}`;
export const colTypeRef = (t: QualifiedName, c: string): string => `coltype:${t.schema}.${t.name}.${c}`;
export const noIdentityRef = (t: QualifiedName, c: string): string => `noidentity:${t.schema}.${t.name}.${c}`;
/** Anything from an extension that the model cannot name (types of extensions it does not know). */
export const ANY_EXTENSION = 'ext:*';

export const columnTypeRefs = (t: TypeRef, knownTypes: ReadonlySet<string>): string[] => {
  if (t.schema === null) return [];
  const r = `type:${t.schema}.${t.name}`;
  return knownTypes.has(r) ? [r] : [r, ANY_EXTENSION];
};

export const collationRef = (c: QualifiedName): string => `collation:${c.schema}.${c.name}`;
export const policyRef = (key: string): string => `policy:${key}`;

/** A user collation (pg_catalog's always exist). */
export const collationRefs = (c: QualifiedName | null): string[] => (c && c.schema !== 'pg_catalog' ? [collationRef(c)] : []);

export const columnRefs = (c: ColumnDef, knownTypes: ReadonlySet<string>): string[] => [
  ...columnTypeRefs(c.type, knownTypes),
  ...collationRefs(c.collation),
  ...(c.default?.refs ?? []),
  ...(c.generated?.refs ?? []),
  ...(c.identity ? [schemaRef(c.identity.sequenceName.schema)] : []),
];

export const constraintColumnRefs = (c: ConstraintDef): string[] => c.columns.map((col) => colRef(c.table, col));

export const statisticsRef = (s: QualifiedName): string => `statistics:${s.schema}.${s.name}`;

/** The columns of its table a statistics object covers, named or read by its expressions (and the other objects those use). */
export const statisticsColumnRefs = (s: StatisticsDef): string[] => [
  ...s.columns.map((c) => colRef(s.table, c)),
  ...s.expressions.flatMap((e) => e.refs.map((r) => (r.startsWith('column:') ? colRef(s.table, r.slice('column:'.length)) : r))),
];

export const indexColumnRefs = (i: IndexDef): string[] => i.columns.map((col) => colRef(i.table, col));

/** The columns of its own table a generated column's expression reads, as column-type facts. */
export const generatedOnRefs = (t: QualifiedName, c: ColumnDef): string[] =>
  (c.generated?.refs ?? []).filter((r) => r.startsWith('column:')).map((r) => colTypeRef(t, r.slice('column:'.length)));

/** A routine (function, procedure or aggregate) by its identity key `s.name(signature)`. */
export const functionRef = (key: string): string => `function:${key}`;
/** Every routine of a name, whatever its arguments (what a call in an expression or body can be known to name). */
export const fnameRef = (n: QualifiedName): string => `fname:${n.schema}.${n.name}`;
export const triggerRef = (key: string): string => `trigger:${key}`;
export const ruleRef = (key: string): string => `rule:${key}`;
export const eventTriggerRef = (name: string): string => `evt:${name}`;
/** The routine an event trigger executes (event trigger functions take no arguments). */
export const eventTriggerFunctionRef = (f: QualifiedName): string => functionRef(`${f.schema}.${f.name}()`);

/** Foreign-data wrappers, servers, user mappings and publications (the same form targetRef gives). */
export const fdwRef = (name: string): string => `foreign data wrapper:${name}`;
export const serverRef = (name: string): string => `server:${name}`;
export const userMappingRef = (key: string): string => `user mapping:${key}`;
export const publicationRef = (name: string): string => `publication:${name}`;
/** A cast by its key `source AS target` (the form targetRef gives). */
export const castRef = (key: string): string => `cast:${key}`;
/** What a cast uses: its two types (those not built in) and its function (one of pg_catalog always exists). */
export const castUsesRefs = (c: CastDef): string[] => [
  ...[c.sourceType, c.targetType].flatMap((t) => (t.schema === null ? [] : [typeRef({ schema: t.schema, name: t.name })])),
  ...(c.function && c.function.name.schema !== 'pg_catalog' ? [functionRef(castFunctionKey(c.function))] : []),
];

/** The object a comment, owner or privilege is about, as the ref its creation provides. */
export const targetRef = (t: ObjectRef): string => {
  switch (t.kind) {
    case 'table': case 'view': case 'materialized view': return `table:${t.key}`;
    case 'column': return `col:${t.key}`;
    case 'sequence': return `sequence:${t.key}`;
    case 'index': return `idx:${t.key}`;
    case 'constraint': return `con:${t.key}`;
    case 'type': case 'domain': return `type:${t.key}`;
    case 'domain constraint': return `type:${t.key.slice(0, t.key.lastIndexOf('.'))}`;
    case 'collation': return `collation:${t.key}`;
    case 'function': case 'procedure': case 'aggregate': return `function:${t.key}`;
    case 'trigger': return `trigger:${t.key}`;
    case 'policy': return `policy:${t.key}`;
    case 'rule': return `rule:${t.key}`;
    case 'statistics': return `statistics:${t.key}`;
    case 'event trigger': return `evt:${t.key}`;
    case 'schema': return `schema:${t.key}`;
    case 'extension': return `ext:${t.key}`;
    case 'language': case 'foreign data wrapper': case 'server': case 'publication': case 'cast': return `${t.kind}:${t.key}`;
  }
};

/** `type:s.n` of every type either model declares (enums, domains, composite, range and multirange types). */
export const knownTypeRefs = (...schemas: readonly { enums: object; domains: object; compositeTypes: object; rangeTypes: Readonly<Record<string, { multirangeName: QualifiedName }>> }[]): Set<string> => {
  const out = new Set<string>();
  for (const s of schemas) {
    for (const rec of [s.enums, s.domains, s.compositeTypes, s.rangeTypes]) for (const k of Object.keys(rec)) out.add(`type:${k}`);
    for (const r of Object.values(s.rangeTypes)) out.add(typeRef(r.multirangeName));
  }
  return out;
};
