/**
 * DROP in a schema source. The source is the script that builds the desired state from an empty
 * database, so `DROP ... IF EXISTS x` before anything declared `x` drops nothing there: setup
 * scripts start that way (northwind), and it is accepted as the no-op it is. A DROP of something
 * the source declared earlier would make the source say two things about it: refused, at its
 * place, with what to do — except pg_dump's view stubs (dropDeclaredViews).
 */
import type { Node } from '../pg-query.js';
import { anyName, keyOfName, type StatementContext } from '../statement-context.js';
import type { SchemaDraft } from '../drafts.js';
import { castKeyOfPair } from './casts.js';

const WORDS: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index', OBJECT_TYPE: 'type', OBJECT_DOMAIN: 'domain', OBJECT_SCHEMA: 'schema', OBJECT_EXTENSION: 'extension',
  OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'procedure', OBJECT_ROUTINE: 'routine', OBJECT_AGGREGATE: 'aggregate',
  OBJECT_COLLATION: 'collation', OBJECT_TRIGGER: 'trigger', OBJECT_RULE: 'rule', OBJECT_POLICY: 'policy', OBJECT_CAST: 'cast',
};

const str = (n: Node): string => n?.['String']?.sval as string;

/** Whether the draft already declares an object of this kind and name. */
const declared = (d: SchemaDraft, kind: string, object: Node): boolean => {
  switch (kind) {
    case 'OBJECT_SCHEMA': return d.schemas.has(str(object));
    case 'OBJECT_EXTENSION': return d.extensions.has(str(object));
    case 'OBJECT_FUNCTION': case 'OBJECT_PROCEDURE': case 'OBJECT_ROUTINE': case 'OBJECT_AGGREGATE': {
      const key = keyOfName(anyName(object['ObjectWithArgs']?.objname ?? []));
      return d.bodies.some((b) => b.provides.includes(`fname:${key}`));
    }
    // (source AS target): a cast this source declared (unreadable pairs count as declared: refused, never ignored).
    case 'OBJECT_CAST': { const key = castKeyOfPair(object); return key === null || d.casts.has(key); }
    case 'OBJECT_TRIGGER': case 'OBJECT_RULE': case 'OBJECT_POLICY': {
      // [schema.]table.name: the table is what matters for "declared before" (its objects go with it).
      const parts = (object['List']?.items ?? []).map(str);
      return d.tables.has(keyOfName(anyName((object['List']?.items ?? []).slice(0, parts.length - 1))));
    }
    default: {
      const names = object['List']?.items ?? (object['TypeName'] ? object['TypeName'].names : []);
      const key = keyOfName(anyName(names));
      return d.tables.has(key) || d.sequences.has(key) || d.enums.has(key) || d.domains.has(key) || d.compositeTypes.has(key)
        || d.rangeTypes.has(key) || d.collations.has(key) || d.bodies.some((b) => b.kind === 'view' && b.key === key)
        || d.indexes.some((i) => keyOfName({ schema: key.slice(0, key.indexOf('.')), name: i.stmt['idxname'] }) === key);
    }
  }
};

/**
 * `pg_dump --clean` breaks view cycles with `CREATE OR REPLACE VIEW v AS SELECT NULL::t AS c, ...`
 * stubs, drops them with `DROP VIEW IF EXISTS v` and creates the real view later. Run as the script
 * it is, the drop takes the stub away: the draft forgets it, unless something declared since
 * depends on it (PostgreSQL would refuse that DROP too). Returns whether the drop was taken.
 */
const dropDeclaredViews = (stmt: Node, ctx: StatementContext): boolean => {
  const kind = String(stmt['removeType']);
  if ((kind !== 'OBJECT_VIEW' && kind !== 'OBJECT_MATVIEW') || stmt['behavior'] === 'DROP_CASCADE') return false;
  const d = ctx.draft;
  const keys = (stmt['objects'] as Node[] ?? []).map((o) => keyOfName(anyName(o['List']?.items ?? [])));
  const isView = (key: string): boolean => d.bodies.some((b) => b.kind === 'view' && !b.alter && b.key === key);
  if (!keys.every(isView)) return false;
  const refs = new Set(keys.map((k) => `table:${k}`));
  const dependant = d.bodies.find((b) => !(b.kind === 'view' && keys.includes(b.key)) && b.requires.some((r) => refs.has(r)));
  if (dependant) return false;
  d.bodies = d.bodies.filter((b) => !(b.kind === 'view' && keys.includes(b.key)));
  return true;
};

export const dropStatement = (stmt: Node, ctx: StatementContext): void => {
  const kind = String(stmt['removeType']);
  const what = WORDS[kind] ?? kind.replace(/^OBJECT_/, '').replace(/_/g, ' ').toLowerCase();
  const objects: Node[] = stmt['objects'] ?? [];
  if (stmt['missing_ok'] === true && !objects.some((o) => declared(ctx.draft, kind, o))) return;
  if (stmt['missing_ok'] === true && dropDeclaredViews(stmt, ctx)) return;
  ctx.error('invalid_definition',
    stmt['missing_ok'] === true
      ? `DROP ${what.toUpperCase()} IF EXISTS of something this source declares before it`
      : `DROP ${what.toUpperCase()} in the schema source`,
    null,
    'schema/ describes the end state: remove the object\'s CREATE (and this DROP) to drop it; pg-flux plans the DROP. ' +
    'A leading DROP ... IF EXISTS, before anything declares the object, is accepted (it drops nothing)');
};
