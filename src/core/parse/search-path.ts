/**
 * `SET search_path` in schema source (pg_dump before 10 wrote `SET search_path = app, pg_catalog`
 * before each schema's objects; hand-written files do the same). The rest of the parser resolves
 * an unqualified name to `public`, so a statement under another search_path is rewritten first:
 * every unqualified name in its syntax tree gets the schema PostgreSQL would give it.
 *
 * - A name the statement creates goes to the first schema of the path (as CREATE does).
 * - A name it refers to goes to the first schema of the path that the source declares an object
 *   of that name in (relations, types and routines are looked up apart), else to the first
 *   schema; an unqualified routine or type the source does not declare stays as it is
 *   (a built-in, found in pg_catalog).
 * - Bodies the canonicaliser runs on a server (views, functions, triggers, ...) keep their text
 *   and run there under the same search_path (DraftBody.searchPath): the server resolves them.
 *
 * The path lasts to the end of its file; each file starts from the default. What the source
 * declares is known from the files before and from a first pass over the current one, which is
 * how a file is read by psql in one session, with later files' objects not visible yet.
 */
import type { Node } from './pg-query.js';
import { isBuiltinTypeSpelling } from '../canon/type-names.js';
import { quoteIdent } from '../emit/sql/quote.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';

/** The entries of a search_path value as written (unquoted), `$user` left out; undefined when not a constant. */
export const searchPathEntries = (args: readonly Node[]): string[] | undefined => {
  const values = args.map((a) => a['A_Const']?.sval?.sval as string | undefined);
  if (values.some((v) => v === undefined)) return undefined;
  return (values as string[]).flatMap((v) => v.split(',')).map((x) => x.trim()).map((x) => (/^".*"$/.test(x) ? x.slice(1, -1).replace(/""/g, '"') : x))
    .filter((x) => x !== '' && x !== '$user');
};

/** The schemas of a path that hold the source's objects (pg_catalog is the server's). */
const userSchemas = (entries: readonly string[]): string[] => entries.filter((e) => e !== 'pg_catalog');

/** A path that resolves as the default does: nothing but `public` (and pg_catalog). */
export const isDefaultPath = (entries: readonly string[]): boolean => {
  const u = userSchemas(entries);
  return u.length === 0 || (u.length === 1 && u[0] === DEFAULT_SCHEMA);
};

/** `SET search_path = ...` text for the canonicaliser's session. */
export const searchPathSql = (entries: readonly string[]): string => `SET search_path = ${entries.map(quoteIdent).join(', ')}`;

/** Names the source declares, as `schema.name`, by namespace (relations and types share pg_class/pg_type names, routines apart). */
export interface DeclaredNames {
  readonly relations: Set<string>;
  readonly types: Set<string>;
  readonly routines: Set<string>;
}

export const newDeclaredNames = (): DeclaredNames => ({ relations: new Set(), types: new Set(), routines: new Set() });

/** The search_path a statement sets (entries; [] for DEFAULT / RESET), or null when it sets none. */
export const searchPathSetBy = (node: Node): string[] | null | undefined => {
  const set = node['VariableSetStmt'];
  if (set) {
    if (set.name !== 'search_path') return null;
    if (set.kind === 'VAR_SET_DEFAULT' || set.kind === 'VAR_RESET') return [];
    return searchPathEntries(set.args ?? []);
  }
  const select = node['SelectStmt'];
  const call = select?.targetList?.length === 1 && !select.fromClause ? select.targetList[0]?.ResTarget?.val?.FuncCall : null;
  if (!call) return null;
  const fname = (call.funcname ?? []).map((n: Node) => n['String']?.sval).join('.');
  if ((fname !== 'set_config' && fname !== 'pg_catalog.set_config') || call.args?.[0]?.A_Const?.sval?.sval !== 'search_path') return null;
  return searchPathEntries(call.args[1] ? [call.args[1]] : []);
};

type Namespace = keyof DeclaredNames;

const strs = (list: readonly Node[] | undefined): string[] | null => {
  const out = (list ?? []).map((n) => n['String']?.sval as string | undefined);
  return out.every((x) => x !== undefined) ? (out) : null;
};

/** What a statement creates, by namespace, with its (possibly unqualified) name parts. */
const createdNames = (node: Node): [Namespace, string[]][] => {
  const [type, s] = Object.entries(node)[0] ?? [];
  if (!s) return [];
  const rv = (x: Node | undefined): string[] | null => (x?.relname ? [...(x.schemaname ? [x.schemaname] : []), x.relname] : null);
  const out: [Namespace, string[] | null][] = [];
  switch (type) {
    case 'CreateStmt': out.push(['relations', rv(s.relation)]); break;
    case 'CreateForeignTableStmt': out.push(['relations', rv(s.base?.relation)]); break;
    case 'ViewStmt': out.push(['relations', rv(s.view)]); break;
    case 'CreateSeqStmt': out.push(['relations', rv(s.sequence)]); break;
    case 'CreateTableAsStmt': out.push(['relations', rv(s.into?.rel)]); break;
    case 'IndexStmt': if (s.idxname) out.push(['relations', [...(s.relation?.schemaname ? [s.relation.schemaname] : []), s.idxname]]); break;
    case 'CompositeTypeStmt': out.push(['types', rv(s.typevar)], ['relations', rv(s.typevar)]); break;
    case 'CreateEnumStmt':
    case 'CreateRangeStmt': out.push(['types', strs(s.typeName)]); break;
    case 'CreateDomainStmt': out.push(['types', strs(s.domainname)]); break;
    case 'DefineStmt': out.push([s.kind === 'OBJECT_TYPE' ? 'types' : 'routines', strs(s.defnames)]); break;
    case 'CreateFunctionStmt': out.push(['routines', strs(s.funcname)]); break;
  }
  return out.filter((x): x is [Namespace, string[]] => x[1] !== null && x[1].length > 0);
};

/** Records what a file's statements create (under the search_path each runs with) into `declared`. */
export const declareFile = (nodes: readonly Node[], declared: DeclaredNames): void => {
  let first = DEFAULT_SCHEMA;
  for (const node of nodes) {
    const set = searchPathSetBy(node);
    if (set !== null) { first = set === undefined ? first : userSchemas(set)[0] ?? DEFAULT_SCHEMA; continue; }
    for (const [ns, parts] of createdNames(node)) {
      declared[ns].add(parts.length === 1 ? `${first}.${parts[0]}` : `${parts[parts.length - 2]}.${parts[parts.length - 1]}`);
    }
  }
};

/** Object kinds whose names (List of String) start with a relation: the relation, or the relation then a member. */
const RELATION_OBJECTS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_INDEX', 'OBJECT_FOREIGN_TABLE']);
const RELATION_MEMBERS = new Set(['OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);
const TYPE_OBJECTS = new Set(['OBJECT_TYPE', 'OBJECT_DOMAIN']);
/** Other schema-qualified objects named by a List of String (collations, statistics, text search, ...). */
const OTHER_QUALIFIED = new Set(['OBJECT_COLLATION', 'OBJECT_CONVERSION', 'OBJECT_STATISTIC_EXT', 'OBJECT_TSCONFIGURATION', 'OBJECT_TSDICTIONARY',
  'OBJECT_TSPARSER', 'OBJECT_TSTEMPLATE', 'OBJECT_OPCLASS', 'OBJECT_OPFAMILY']);

export class SearchPathQualifier {
  private readonly schemas: readonly string[];
  constructor(entries: readonly string[], private readonly declared: DeclaredNames) {
    this.schemas = userSchemas(entries);
  }

  private get first(): string { return this.schemas[0] ?? DEFAULT_SCHEMA; }

  /** The schema an unqualified reference resolves to; null: leave it (a built-in routine or type). */
  private resolve(ns: Namespace, name: string): string | null {
    for (const s of this.schemas) if (this.declared[ns].has(`${s}.${name}`)) return s;
    return ns === 'relations' ? (name.startsWith('pg_') ? null : this.first) : null;
  }

  private typeSchema(name: string): string | null {
    return isBuiltinTypeSpelling(name) ? null : this.resolve('types', name) ?? this.first;
  }

  /** A copy of a statement's tree with every unqualified name qualified. */
  qualified(node: Node): Node {
    const copy = structuredClone(node);
    this.qualify(copy);
    return copy;
  }

  /** Qualifies every unqualified name in a statement's tree, in place. */
  private qualify(node: Node): void {
    const [type, s] = Object.entries(node)[0] ?? [];
    if (!s) return;
    // Names a statement creates go to the first schema whatever is declared elsewhere.
    switch (type) {
      case 'CreateFunctionStmt': this.prefixList(s.funcname, this.first); break;
      case 'CreateEnumStmt': case 'CreateRangeStmt': this.prefixList(s.typeName, this.first); break;
      case 'CreateDomainStmt': this.prefixList(s.domainname, this.first); break;
      case 'DefineStmt': case 'CreateStatsStmt': this.prefixList(s.defnames, this.first); break;
      case 'CreateTrigStmt': case 'CreateEventTrigStmt': this.prefixList(s.funcname, this.resolve('routines', s.funcname?.[0]?.String?.sval) ?? this.first); break;
      case 'CommentStmt': case 'AlterOwnerStmt': case 'AlterObjectSchemaStmt': case 'RenameStmt': case 'SecLabelStmt':
        this.objectName(s.objtype ?? s.objectType ?? s.renameType, s.object); break;
      case 'DropStmt': for (const o of s.objects ?? []) this.objectName(s.removeType, o); break;
      // An extension without SCHEMA goes to the first schema of the path, as CREATE does.
      case 'CreateExtensionStmt':
        if (!(s.options ?? []).some((o: Node) => o['DefElem']?.defname === 'schema')) s.options = [...(s.options ?? []), { DefElem: { defname: 'schema', arg: { String: { sval: this.first } } } }];
        break;
      case 'GrantStmt': for (const o of s.objects ?? []) this.objectName(s.objtype, o); break;
    }
    this.walk(s);
  }

  /** A List of String naming an object of `objtype` (COMMENT ON, DROP, GRANT, ALTER ... OWNER). */
  private objectName(objtype: string | undefined, object: Node | undefined): void {
    const items: Node[] | undefined = object?.['List']?.items;
    if (!objtype || !items || !strs(items)) return;
    const first = items[0]?.['String']?.sval as string;
    if (RELATION_OBJECTS.has(objtype) && items.length === 1) this.prefixList(items, this.resolve('relations', first));
    else if (RELATION_MEMBERS.has(objtype) && items.length === 2) this.prefix(items, this.resolve('relations', first));
    else if (TYPE_OBJECTS.has(objtype) && items.length === 1) this.prefixList(items, this.typeSchema(first));
    else if (OTHER_QUALIFIED.has(objtype) && items.length === 1) this.prefixList(items, this.first);
  }

  /** Puts `schema` in front of a one-part name. */
  private prefixList(list: Node[] | undefined, schema: string | null): void {
    if (list?.length === 1 && list[0]?.['String']) this.prefix(list, schema);
  }

  private prefix(list: Node[], schema: string | null): void {
    if (schema !== null) list.unshift({ String: { sval: schema } });
  }

  private walk(v: unknown): void {
    if (Array.isArray(v)) { for (const x of v) this.walk(x); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Node;
    // RangeVar (wrapped or as a field's value).
    if (typeof o['relname'] === 'string' && !o['schemaname'] && ('inh' in o || 'relpersistence' in o)) {
      const schema = this.resolve('relations', o['relname']);
      if (schema !== null) o['schemaname'] = schema;
    }
    // TypeName: a single name, or `table.column%TYPE`.
    if (Array.isArray(o['names']) && 'typemod' in o) {
      const names = o['names'] as Node[];
      const parts = strs(names);
      if (parts && o['pct_type'] && parts.length === 2) this.prefix(names, this.resolve('relations', parts[0]!) ?? this.first);
      else if (parts && parts.length === 1) this.prefixList(names, this.typeSchema(parts[0]!));
    }
    // A routine called or named (FuncCall, ObjectWithArgs): the source's own routine of that name.
    for (const field of ['funcname', 'objname']) {
      const list = o[field];
      const parts = Array.isArray(list) ? strs(list) : null;
      if (parts && parts.length === 1) this.prefixList(list, this.resolve('routines', parts[0]!));
    }
    // 'name'::regclass (a default's nextval('seq'::regclass)).
    const cast = o['TypeCast'];
    if (cast?.arg?.A_Const?.sval && strs(cast.typeName?.names)?.at(-1) === 'regclass') {
      const text = cast.arg.A_Const.sval.sval as string;
      if (/^[a-z_][a-z0-9_$]*$/.test(text)) {
        const schema = this.resolve('relations', text);
        if (schema !== null) cast.arg.A_Const.sval.sval = `${quoteIdent(schema)}.${text}`;
      }
    }
    // A sequence's OWNED BY table.column.
    if (o['defname'] === 'owned_by') {
      const items = o['arg']?.['List']?.items as Node[] | undefined;
      const parts = strs(items);
      if (items && parts?.length === 2) this.prefix(items, this.resolve('relations', parts[0]!) ?? this.first);
    }
    for (const x of Object.values(o)) this.walk(x);
  }
}
