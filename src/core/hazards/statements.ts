/**
 * The statement classifier: hazards of one parsed SQL statement, by statement kind (the parse
 * tree's node type). It reads hand-written and generated migration files alike, and the plan
 * runs it on the statements it emits, so what `generate` consents to is what `apply` checks.
 * A new statement kind adds a row here.
 */
import type { Node } from '../parse/pg-query.js';
import type { Hazard } from '../model/hazard.js';
import { alterTableRule } from './alter-table.js';
import { existingTable, mayHoldRows, sizeOf, type RunState } from './context.js';
import { hasDefElem, hazard, listKey, relKey, shown, tableLock, untracked, type StatementRule } from './rules-common.js';

const BACKUP = 'back the data up first (pg_dump -t), or leave the object in place';

/** What DROP of each object kind loses. `mass`: counted for MASS_DROP under this kind. */
const DROPS: Readonly<Record<string, { what: string; loses: string | null; mass: string | null }>> = {
  OBJECT_TABLE: { what: 'table', loses: 'and all its rows', mass: 'table' },
  OBJECT_SEQUENCE: { what: 'sequence', loses: 'and its current value', mass: 'sequence' },
  OBJECT_MATVIEW: { what: 'materialized view', loses: 'and its stored rows', mass: 'view' },
  OBJECT_VIEW: { what: 'view', loses: null, mass: 'view' },
  OBJECT_EXTENSION: { what: 'extension', loses: 'and the objects it created (with the data of columns of its types)', mass: null },
  OBJECT_TYPE: { what: 'type', loses: null, mass: 'enum' },
  OBJECT_DOMAIN: { what: 'domain', loses: null, mass: null },
  OBJECT_SCHEMA: { what: 'schema', loses: null, mass: null },
  OBJECT_FUNCTION: { what: 'function', loses: null, mass: 'function' },
  OBJECT_PROCEDURE: { what: 'procedure', loses: null, mass: 'function' },
};

const dropObjectKey = (removeType: string, o: Node): string => {
  if (o['List']) return listKey(o['List'].items);
  if (o['String']) return o['String'].sval;
  if (o['TypeName']) return listKey(o['TypeName'].names);
  if (o['ObjectWithArgs']) return listKey(o['ObjectWithArgs'].objname);
  return removeType;
};

const liveHas = (st: RunState, mass: string, key: string): boolean => {
  switch (mass) {
    case 'table': return key in st.live.tables;
    case 'sequence': return st.live.sequences[key]?.ownedBy === null;
    case 'view': return key in st.live.views;
    case 'enum': return key in st.live.enums;
    case 'function': return Object.values(st.live.functions).some((f) => `${f.name.schema}.${f.name.name}` === key);
    default: return false;
  }
};

const dropRule: StatementRule = (stmt, st) => {
  const kind = DROPS[stmt['removeType']];
  if (!kind) return [];
  const cascade = stmt['behavior'] === 'DROP_CASCADE';
  return (stmt['objects'] ?? []).flatMap((o: Node) => {
    const key = dropObjectKey(stmt['removeType'], o);
    const out: Hazard[] = [];
    if (kind.mass && liveHas(st, kind.mass, key)) st.dropped.add(`${kind.mass}:${key}`);
    if (kind.mass === 'table' && st.created.has(key)) { st.created.delete(key); return out; }
    const rows = kind.mass === 'table' && existingTable(st, key) ? ` (${sizeOf(st, key)})` : '';
    if (kind.loses) out.push(hazard('DATA_LOSS', key, `drops ${kind.what} ${key} ${kind.loses}${rows}`, kind.mass === 'table'
      ? 'back the rows up first; if the table was renamed, write `-- pg-flux:renamed-from <old name>` on the line before its CREATE TABLE instead'
      : BACKUP));
    else if (cascade) out.push(hazard('DATA_LOSS', key, `drops ${kind.what} ${key} with CASCADE: whatever depends on it goes too (columns of its type, views, foreign keys, everything in a schema)`, 'drop the dependants explicitly first, so the file says what goes'));
    const name = key.slice(key.indexOf('.') + 1);
    if (kind.mass) out.push(...untracked(st, key, `drops ${kind.what} ${key}`, [name]));
    return out;
  });
};

const indexRule: StatementRule = (stmt, st) => {
  const table = relKey(stmt['relation']);
  if (stmt['concurrent'] || !mayHoldRows(st, table)) return [];
  return [hazard('INDEX_BUILD', `${table.slice(0, table.indexOf('.'))}.${stmt['idxname'] ?? '(unnamed index)'}`,
    `builds the index without CONCURRENTLY on ${shown(table)} (${sizeOf(st, table)}): writes to the table wait until the build ends`,
    'CREATE INDEX CONCURRENTLY in the "-- pg-flux:after-transaction" section (pg-flux plans it so for existing tables)')];
};

const truncateRule: StatementRule = (stmt) =>
  (stmt['relations'] ?? []).map((r: Node) => hazard('DATA_LOSS', relKey(r['RangeVar']), `TRUNCATE deletes every row of ${shown(relKey(r['RangeVar']))}`, BACKUP));

const deleteRule: StatementRule = (stmt) =>
  stmt['whereClause'] ? [] : [hazard('DATA_LOSS', relKey(stmt['relation']), `DELETE without WHERE deletes every row of ${shown(relKey(stmt['relation']))}`, 'add a WHERE clause, or back the rows up first')];

const alterSequenceRule: StatementRule = (stmt) =>
  hasDefElem(stmt['options'], 'restart')
    ? [hazard('SEQUENCE_RESTART', relKey(stmt['sequence']), `restarts sequence ${shown(relKey(stmt['sequence']))}: values it handed out before may be handed out again`,
      'move the sequence forward with setval() instead, past the values in use')]
    : [];

const RENAMED: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'table', OBJECT_COLUMN: 'column', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence', OBJECT_FUNCTION: 'function', OBJECT_TYPE: 'type', OBJECT_SCHEMA: 'schema',
};

const renameRule: StatementRule = (stmt, st) => {
  const what = RENAMED[stmt['renameType']];
  if (!what) return [];
  if (stmt['renameType'] === 'OBJECT_COLUMN') {
    const table = relKey(stmt['relation']);
    return untracked(st, `${table}.${stmt['subname']}`, `renames column ${shown(table, stmt['subname'])}`, [table.slice(table.indexOf('.') + 1), stmt['subname']]);
  }
  const key = stmt['relation'] ? relKey(stmt['relation']) : stmt['object'] ? dropObjectKey('', stmt['object']) : stmt['subname'];
  return untracked(st, key, `renames ${what} ${key}`, [key.slice(key.indexOf('.') + 1)]);
};

const rewriteRule = (what: string, tables: (stmt: Node) => string[]): StatementRule => (stmt, st) =>
  tables(stmt).flatMap((t) => tableLock(st, t, what));

const vacuumRule: StatementRule = (stmt, st) =>
  hasDefElem(stmt['options'], 'full')
    ? (stmt['rels'] ?? []).flatMap((r: Node) => tableLock(st, relKey(r['VacuumRelation'].relation), 'VACUUM FULL rewrites the table'))
    : [];

const reindexRule: StatementRule = (stmt) => {
  if (hasDefElem(stmt['params'], 'concurrently') || !stmt['relation']) return [];
  const rel = relKey(stmt['relation']);
  return [hazard('INDEX_BUILD', rel, `REINDEX without CONCURRENTLY rebuilds ${shown(rel)}'s index(es): writes wait, and reads that use them too`,
    'REINDEX ... CONCURRENTLY in the "-- pg-flux:after-transaction" section')];
};

const authzRule = (what: (stmt: Node) => string): StatementRule => (stmt) => [hazard('AUTHZ_CHANGE', what(stmt), `${what(stmt)}: changes who may read or change data`, null)];

/** `rel:s.n`, `fn:s.n`, `schema:n` or `type:s.n` of an object named in a GRANT or ALTER ... OWNER. */
const objectKey = (objtype: string, o: Node): string | null => {
  if (o['RangeVar']) return `rel:${relKey(o['RangeVar'])}`;
  if (o['ObjectWithArgs']) return `fn:${listKey(o['ObjectWithArgs'].objname)}`;
  if (objtype === 'OBJECT_SCHEMA' && o['String']) return `schema:${o['String'].sval}`;
  if (o['List']) return `${objtype === 'OBJECT_TABLE' || objtype === 'OBJECT_SEQUENCE' || objtype === 'OBJECT_VIEW' ? 'rel' : 'type'}:${listKey(o['List'].items)}`;
  if (o['TypeName']) return `type:${listKey(o['TypeName'].names)}`;
  return null;
};

/** Access to objects this run creates changes no one's existing access: their grants and owners are not hazards. */
const onNewObjects = (st: RunState, objtype: string, objects: readonly Node[]): boolean =>
  objects.length > 0 && objects.every((o) => { const k = objectKey(objtype, o); return k !== null && st.createdObjects.has(k); });

const grantRule: StatementRule = (stmt, st) =>
  stmt['targtype'] === 'ACL_TARGET_OBJECT' && onNewObjects(st, stmt['objtype'], stmt['objects'] ?? [])
    ? [] : authzRule((s) => `${s['is_grant'] ? 'GRANT' : 'REVOKE'} ${String(s['objtype']).replace(/^OBJECT_/, '').toLowerCase()} privileges`)(stmt, st);

const ownerRule: StatementRule = (stmt, st) =>
  stmt['object'] && onNewObjects(st, stmt['objectType'], [stmt['object']]) ? [] : authzRule(() => 'ALTER ... OWNER TO')(stmt, st);

const policyRule = (verb: string): StatementRule => (stmt, st) =>
  verb === 'CREATE' && st.createdObjects.has(`rel:${relKey(stmt['table'])}`) ? [] : authzRule((s) => `${verb} POLICY ${s['policy_name']} ON ${relKey(s['table'])}`)(stmt, st);

const created: StatementRule = (stmt, st) => {
  const rel = stmt['relation'] ?? stmt['into']?.rel;
  if (rel) { st.created.add(relKey(rel)); st.createdObjects.add(`rel:${relKey(rel)}`); }
  return [];
};

const createdAs = (key: (stmt: Node) => string | null): StatementRule => (stmt, st) => {
  const k = key(stmt);
  if (k) st.createdObjects.add(k);
  return [];
};

const STATEMENT_RULES: Readonly<Record<string, StatementRule>> = {
  CreateStmt: created,
  CreateTableAsStmt: created,
  AlterTableStmt: alterTableRule,
  DropStmt: dropRule,
  IndexStmt: indexRule,
  TruncateStmt: truncateRule,
  DeleteStmt: deleteRule,
  AlterSeqStmt: alterSequenceRule,
  RenameStmt: renameRule,
  ClusterStmt: rewriteRule('CLUSTER rewrites the table', (s) => (s['relation'] ? [relKey(s['relation'])] : [])),
  VacuumStmt: vacuumRule,
  ReindexStmt: reindexRule,
  ViewStmt: createdAs((s) => `rel:${relKey(s['view'])}`),
  CreateSeqStmt: createdAs((s) => `rel:${relKey(s['sequence'])}`),
  CreateFunctionStmt: createdAs((s) => `fn:${listKey(s['funcname'])}`),
  CreateSchemaStmt: createdAs((s) => (s['schemaname'] ? `schema:${s['schemaname']}` : null)),
  CreateEnumStmt: createdAs((s) => `type:${listKey(s['typeName'])}`),
  CreateDomainStmt: createdAs((s) => `type:${listKey(s['domainname'])}`),
  CompositeTypeStmt: createdAs((s) => `type:${relKey(s['typevar'])}`),
  CreateRangeStmt: createdAs((s) => `type:${listKey(s['typeName'])}`),
  GrantStmt: grantRule,
  GrantRoleStmt: authzRule((s) => `${s['is_grant'] ? 'GRANT' : 'REVOKE'} role membership`),
  AlterOwnerStmt: ownerRule,
  AlterDefaultPrivilegesStmt: authzRule(() => 'ALTER DEFAULT PRIVILEGES'),
  CreateRoleStmt: authzRule((s) => `CREATE ROLE ${s['role']}`),
  AlterRoleStmt: authzRule(() => 'ALTER ROLE'),
  AlterRoleSetStmt: authzRule(() => 'ALTER ROLE ... SET'),
  DropRoleStmt: authzRule(() => 'DROP ROLE'),
  CreatePolicyStmt: policyRule('CREATE'),
  AlterPolicyStmt: policyRule('ALTER'),
  ReassignOwnedStmt: authzRule(() => 'REASSIGN OWNED'),
  DropOwnedStmt: authzRule(() => 'DROP OWNED'),
};

/** Hazards of one statement, updating the run state (tables created, constraints validated, drops). */
export const classifyStatement = (node: Node, st: RunState): Hazard[] => {
  const type = Object.keys(node)[0]!;
  return STATEMENT_RULES[type]?.(node[type], st) ?? [];
};

/** Live managed objects that MASS_DROP counts (per kind, as counted in RunState.dropped). */
const liveObjectCount = (st: RunState): number =>
  Object.keys(st.live.tables).length + Object.keys(st.live.views).length + Object.values(st.live.sequences).filter((s) => s.ownedBy === null).length
  + Object.keys(st.live.enums).length + Object.keys(st.live.functions).length;

/** MASS_DROP for the whole run, once every statement was classified. */
export const massDrop = (st: RunState): Hazard | null => {
  const total = liveObjectCount(st);
  const n = st.dropped.size;
  if (total === 0 || n < st.settings.massDropMinimum || (n * 100) / total <= st.settings.massDropPercent) return null;
  const sample = [...st.dropped].sort().slice(0, 10).map((d) => d.slice(d.indexOf(':') + 1)).join(', ');
  return hazard('MASS_DROP', 'database', `drops ${n} of the ${total} live managed objects (${Math.round((n * 100) / total)}%, more than ${st.settings.massDropPercent}%): ${sample}${n > 10 ? ', ...' : ''}`,
    'check that --db and --schema-dir point where you think (a wrong directory or an empty checkout plans to drop everything)');
};
