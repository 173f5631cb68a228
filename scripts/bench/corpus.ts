/**
 * Corpus workloads (GitLab, pagila) and the "supported subset" of a real schema file.
 *
 * pg-flux refuses source trees that contain statements it does not manage yet (functions,
 * views, triggers, partitioning, ...), so the operations that parse source get a derived file
 * that keeps only what pg-flux models. The rules are here, in one place, so docs/benchmarks.md
 * can state exactly what was kept; the counts of every kept and dropped statement kind are
 * returned so the report can print them.
 *
 * Rules (statement order is preserved; dropping a table drops everything that needs it):
 * - kept as is: CREATE SCHEMA, CREATE EXTENSION, CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE,
 *   CREATE SEQUENCE, SET (except search_path), SELECT pg_catalog.set_config(...) headers.
 * - CREATE TABLE: kept unless partitioned (PARTITION BY), a partition (PARTITION OF), an
 *   inheritance child, or it has a column of a type the subset does not define (a domain,
 *   composite or other user type: pg_dump schema-qualifies those; pg_catalog and kept enums pass).
 *   Tables created plain and attached later with ALTER TABLE ... ATTACH PARTITION stay, as plain
 *   tables: only the ATTACH is dropped.
 * - ALTER TABLE: kept when it targets a kept table and every sub-command is one pg-flux reads
 *   (ADD CONSTRAINT, SET/DROP DEFAULT, SET/DROP NOT NULL, ADD IDENTITY, SET (options),
 *   SET LOGGED/UNLOGGED, OWNER TO), and an ADD FOREIGN KEY references a kept table. ALTER TABLE
 *   on a sequence is kept for OWNER TO. ALTER INDEX ... ATTACH PARTITION is dropped.
 * - CREATE INDEX: kept when its table is kept and it is not ON ONLY (partitioned parents).
 * - ALTER SEQUENCE: kept unless OWNED BY names a dropped table.
 * - ALTER ... OWNER TO (AlterOwnerStmt): kept for kept schemas and enum types.
 * - CREATE FUNCTION / PROCEDURE / AGGREGATE and ALTER FUNCTION: kept unless a type they name
 *   (schema-qualified, as pg_dump writes them) is not kept, or a SQL-standard body names a
 *   relation that is not kept.
 * - CREATE VIEW / MATERIALIZED VIEW: kept when every schema-qualified relation, type and routine
 *   they name is kept (views are checked in file order, so views on dropped views go too).
 * - CREATE TRIGGER / RULE: kept when its relation and (for a trigger) its function are kept.
 * - a CREATE TABLE, CREATE INDEX or ALTER TABLE whose expressions (defaults, CHECKs, index
 *   expressions and predicates) call a function the file defines but does not keep is dropped.
 * - everything else (domains, partitions, comments, grants, ...) is dropped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatements, type Node, type RawStatement } from '../../src/core/parse/pg-query.js';
import { isSessionSelect } from '../../src/core/parse/statements/session.js';
import { statementKindName } from '../../src/core/parse/statements/dispatch.js';
import { namedRefs } from '../../src/core/canon/body-refs.js';

export interface CorpusFile {
  readonly name: string;
  readonly path: string;
  /** Extensions the file needs (created by the file itself; listed for the report). */
  readonly extensions: readonly string[];
}

/** Locates a corpus workload's file; null (with the reason) when the corpus does not have it. */
export const corpusFile = (corpusDir: string, name: 'gitlab' | 'pagila'): CorpusFile | { missing: string } => {
  if (name === 'gitlab') {
    const path = join(corpusDir, 'gitlab', 'structure.sql');
    return exists(path) ? { name, path, extensions: ['btree_gist', 'pg_trgm'] } : { missing: path };
  }
  // The 2024 snapshot loads on PostgreSQL 14+; pagila HEAD needs PostgreSQL 18 and pgvector.
  const dir = join(corpusDir, 'pagila');
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => /^pagila-schema-2024-.*\.sql$/.test(f)).sort(); } catch { /* no folder */ }
  const file = files[0];
  return file ? { name, path: join(dir, file), extensions: [] } : { missing: join(dir, 'pagila-schema-2024-*.sql') };
};

const exists = (path: string): boolean => {
  try { readFileSync(path, { flag: 'r' }); return true; } catch { return false; }
};

export interface Subset {
  /** The derived source text (kept statements, in their original order). */
  readonly text: string;
  /** Statement kind → count, for what was kept and what was dropped. */
  readonly kept: ReadonlyMap<string, number>;
  readonly dropped: ReadonlyMap<string, number>;
  readonly tablesKept: number;
  readonly tablesDropped: number;
}

const relKey = (rv: Node | undefined): string => `${rv?.['schemaname'] ?? 'public'}.${rv?.['relname'] ?? ''}`;
const nameKey = (names: readonly Node[] | undefined): string => {
  const parts = (names ?? []).map((n) => String(n['String']?.sval ?? ''));
  return parts.length === 1 ? `public.${parts[0]}` : parts.slice(-2).join('.');
};

/** Whether an AST calls a function named (last name part) in `names`. */
const callsAny = (node: unknown, names: ReadonlySet<string>): boolean => {
  if (Array.isArray(node)) return node.some((n) => callsAny(n, names));
  if (node === null || typeof node !== 'object') return false;
  const call = (node as Node)['FuncCall'];
  if (call) {
    const fn: Node[] = call.funcname ?? [];
    if (names.has(String(fn[fn.length - 1]?.['String']?.sval))) return true;
  }
  return Object.values(node).some((v) => callsAny(v, names));
};

const ALTER_TABLE_NAMES: Readonly<Record<string, string>> = {
  AT_AddConstraint: 'ADD CONSTRAINT', AT_ColumnDefault: 'ALTER COLUMN SET DEFAULT', AT_ChangeOwner: 'OWNER TO',
  AT_AttachPartition: 'ATTACH PARTITION', AT_EnableAlwaysTrig: 'ENABLE ALWAYS TRIGGER', AT_SetNotNull: 'SET NOT NULL',
};

/** A statement kind label for the report: `CREATE TABLE (partitioned)`, `ALTER TABLE ADD CONSTRAINT`, ... */
const describe = (node: Node): string => {
  const type = Object.keys(node)[0]!;
  const s = node[type];
  switch (type) {
    case 'CreateStmt':
      return s.partspec ? 'CREATE TABLE (partitioned)' : s.partbound ? 'CREATE TABLE (PARTITION OF)' : s.inhRelations?.length ? 'CREATE TABLE (INHERITS)' : 'CREATE TABLE';
    case 'AlterTableStmt': {
      const what = String(s.objtype).replace(/^OBJECT_/, '');
      const cmds = [...new Set((s.cmds ?? []).map((c: Node) => {
        const sub = String(c['AlterTableCmd']?.subtype);
        return ALTER_TABLE_NAMES[sub] ?? sub.replace(/^AT_/, '');
      }))].join(', ');
      return `ALTER ${what} ${cmds}`;
    }
    case 'IndexStmt': return 'CREATE INDEX';
    case 'VariableSetStmt': return 'SET';
    case 'SelectStmt': return 'SELECT set_config';
    case 'CreateSchemaStmt': return 'CREATE SCHEMA';
    case 'CreateExtensionStmt': return 'CREATE EXTENSION';
    case 'CreateEnumStmt': return 'CREATE TYPE AS ENUM';
    case 'AlterEnumStmt': return 'ALTER TYPE ADD VALUE';
    case 'CreateSeqStmt': return 'CREATE SEQUENCE';
    case 'AlterSeqStmt': return 'ALTER SEQUENCE';
    case 'CreateTrigStmt': return 'CREATE TRIGGER';
    default: return statementKindName(type); // pg-flux's own names: CREATE VIEW, COMMENT ON, ...
  }
};

const KEPT_ALTER_TABLE = new Set([
  'AT_AddConstraint', 'AT_ColumnDefault', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_AddIdentity',
  'AT_SetRelOptions', 'AT_SetLogged', 'AT_SetUnLogged', 'AT_ChangeOwner',
  'AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig',
]);

/** Type names a kept table may use: unqualified or pg_catalog (built-in, extension types in public are not allowed). */
const typeIsAvailable = (typeName: Node, enums: ReadonlySet<string>): boolean => {
  const names: Node[] = typeName['names'] ?? [];
  if (names.length < 2) return true; // unqualified: built-in (pg_dump qualifies user types)
  const schema = String(names[names.length - 2]?.['String']?.sval);
  return schema === 'pg_catalog' || enums.has(nameKey(names));
};

export const supportedSubset = (text: string): Subset => {
  const stmts = parseStatements(text);
  const enums = new Set<string>();
  const sequences = new Set<string>();
  const schemas = new Set<string>(['public']);
  for (const { node } of stmts) {
    if (node['CreateEnumStmt']) enums.add(nameKey(node['CreateEnumStmt'].typeName));
    if (node['CreateSeqStmt']) sequences.add(relKey(node['CreateSeqStmt'].sequence));
    if (node['CreateSchemaStmt']) schemas.add(String(node['CreateSchemaStmt'].schemaname));
  }
  // Tables first (by their column types), then routines and views by what they name.
  const tables = new Set<string>();
  /** Plain tables dropped because a column needs a dropped type or function. */
  const needsDropped = new Set<string>();
  let tablesDropped = 0;
  for (const { node } of stmts) {
    const s = node['CreateStmt'];
    if (!s) continue;
    const plain = !s.partspec && !s.partbound && !s.inhRelations?.length && !s.ofTypename;
    const typesOk = (s.tableElts ?? []).every((e: Node) => !e['ColumnDef'] || typeIsAvailable(e['ColumnDef'].typeName, enums));
    if (plain && typesOk) tables.add(relKey(s.relation));
    else tablesDropped++;
  }
  // Relations (tables, views), types (enums, row types) and routines the subset keeps, by name.
  const keptNames = new Set<string>([...tables, ...enums, ...sequences]);
  const namesKept = (node: unknown, qualifiedOnly: boolean): boolean =>
    namedRefs(node).every((r) => {
      const name = r.slice(r.indexOf(':') + 1);
      // Unqualified names are built-ins or CTEs in pg_dump output (which qualifies the rest).
      if (qualifiedOnly && name.startsWith('public.') && !keptNames.has(name)) return r.startsWith('fname:') ? !definedFunctions.has(name) : true;
      if (r.startsWith('fname:')) return !definedFunctions.has(name) || keptNames.has(name);
      return keptNames.has(name) || name.startsWith('pg_catalog.');
    });
  const definedFunctions = new Set<string>();
  for (const { node } of stmts) {
    const f = node['CreateFunctionStmt']?.funcname ?? (node['DefineStmt']?.kind === 'OBJECT_AGGREGATE' ? node['DefineStmt'].defnames : undefined);
    if (f) definedFunctions.add(nameKey(f));
  }
  const keptBodies = new Set<Node>();
  for (const { node } of stmts) {
    const f = node['CreateFunctionStmt'];
    const agg = node['DefineStmt']?.kind === 'OBJECT_AGGREGATE' ? node['DefineStmt'] : null;
    const view = node['ViewStmt'];
    const mat = node['CreateTableAsStmt']?.objtype === 'OBJECT_MATVIEW' ? node['CreateTableAsStmt'] : null;
    if (f && namesKept([f.parameters, f.returnType, f.sql_body], true)) { keptBodies.add(node); keptNames.add(nameKey(f.funcname)); }
    if (agg && namesKept([agg.args, agg.definition], true)) { keptBodies.add(node); keptNames.add(nameKey(agg.defnames)); }
    if (view && namesKept(view.query, true)) { keptBodies.add(node); keptNames.add(relKey(view.view)); }
    if (mat && namesKept(mat.query, true)) { keptBodies.add(node); keptNames.add(relKey(mat.into.rel)); }
  }
  const triggerKept = (t: Node): boolean => tables.has(relKey(t.relation)) && keptNames.has(nameKey(t.funcname));
  const keptTriggers = new Set(stmts.map((x) => x.node['CreateTrigStmt']).filter((t) => t && triggerKept(t)).map((t) => `${relKey(t.relation)}.${String(t.trigname)}`));
  const droppedFunctions = new Set([...definedFunctions].filter((f) => !keptNames.has(f)).map((f) => f.slice(f.indexOf('.') + 1)));
  const callsDroppedFunction = (node: unknown): boolean => callsAny(node, droppedFunctions);
  for (const { node } of stmts) {
    const c = node['CreateStmt'];
    if (c && tables.has(relKey(c.relation)) && callsDroppedFunction(c)) { tables.delete(relKey(c.relation)); tablesDropped++; }
    if (c && !c.partspec && !c.partbound && !c.inhRelations?.length && !c.ofTypename && !tables.has(relKey(c.relation))) needsDropped.add(relKey(c.relation));
  }

  const keep = (node: Node): boolean => {
    const type = Object.keys(node)[0]!;
    const s = node[type];
    switch (type) {
      case 'CreateSchemaStmt': case 'CreateExtensionStmt': case 'CreateEnumStmt': case 'AlterEnumStmt': case 'CreateSeqStmt':
        return true;
      case 'VariableSetStmt': return s.name !== 'search_path';
      case 'CreateFunctionStmt': case 'ViewStmt': return keptBodies.has(node);
      case 'DefineStmt': case 'CreateTableAsStmt': return keptBodies.has(node);
      case 'AlterFunctionStmt': return keptNames.has(nameKey(s.func?.objname)) && (s.actions ?? []).every((a: Node) => a['DefElem']?.defname !== 'owner');
      case 'CreateTrigStmt': return triggerKept(s) && !callsDroppedFunction(s.whenClause);
      case 'RuleStmt': return keptNames.has(relKey(s.relation)) && namesKept(s.actions, true);
      case 'SelectStmt': return isSessionSelect(s);
      case 'CreateStmt': return tables.has(relKey(s.relation));
      case 'IndexStmt': return keptNames.has(relKey(s.relation)) && s.relation?.inh !== false && !callsDroppedFunction(s);
      case 'AlterSeqStmt': {
        const owned = (s.options ?? []).find((o: Node) => o['DefElem']?.defname === 'owned_by');
        if (!owned) return true;
        const parts: string[] = (owned['DefElem'].arg?.List?.items ?? []).map((n: Node) => String(n['String']?.sval));
        if (parts.length === 1 && parts[0] === 'none') return true;
        const table = parts.length >= 3 ? `${parts[parts.length - 3]}.${parts[parts.length - 2]}` : `public.${parts[0]}`;
        return tables.has(table);
      }
      case 'AlterTableStmt': {
        const cmds: Node[] = (s.cmds ?? []).map((c: Node) => c['AlterTableCmd']);
        if (s.objtype === 'OBJECT_SEQUENCE') return sequences.has(relKey(s.relation)) && cmds.every((c) => c['subtype'] === 'AT_ChangeOwner');
        if (s.objtype !== 'OBJECT_TABLE' || !tables.has(relKey(s.relation)) || callsDroppedFunction(s)) return false;
        return cmds.every((c) => {
          if (!KEPT_ALTER_TABLE.has(c['subtype'])) return false;
          if (String(c['subtype']).endsWith('Trig')) return keptTriggers.has(`${relKey(s.relation)}.${String(c['name'])}`);
          const con = c['def']?.Constraint;
          return !con || con.contype !== 'CONSTR_FOREIGN' || tables.has(relKey(con.pktable));
        });
      }
      case 'AlterOwnerStmt': {
        if (s.objectType === 'OBJECT_SCHEMA') return schemas.has(String(s.object?.String?.sval));
        if (s.objectType === 'OBJECT_TYPE') return enums.has(nameKey(s.object?.List?.items));
        return false;
      }
      default:
        return false;
    }
  };

  const kept = new Map<string, number>();
  const dropped = new Map<string, number>();
  const out: RawStatement[] = [];
  for (const st of stmts) {
    const create = st.node['CreateStmt'];
    const label = create && needsDropped.has(relKey(create.relation)) ? 'CREATE TABLE (needs a dropped type or function)' : describe(st.node);
    const counts = keep(st.node) ? kept : dropped;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (counts === kept) out.push(st);
  }
  return {
    text: out.map((s) => `${s.text};\n`).join('\n'),
    kept, dropped, tablesKept: tables.size, tablesDropped,
  };
};

/** A file's statements as texts (for loading in batches; see server.ts). */
export const statementTexts = (text: string): string[] => parseStatements(text).map((s) => s.text);
