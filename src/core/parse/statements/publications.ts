/**
 * CREATE PUBLICATION and ALTER PUBLICATION ADD / DROP / SET (tables, schemas, options). pg_dump
 * writes a publication's tables as separate ALTER PUBLICATION ... ADD statements: they are
 * applied to the declared publication in source order once every statement is read.
 */
import type { Node } from '../pg-query.js';
import { rangeVarName, type StatementContext } from '../statement-context.js';
import type { PublicationDef, PublicationTable, PublishOperation } from '../../model/foreign.js';
import { PUBLISH_OPERATIONS } from '../../model/foreign.js';
import { keyOf } from '../../model/names.js';
import { DEFAULT_SCHEMA } from '../../canon/defaults.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { defElemValue } from '../../canon/options.js';
import { exprFromNode } from '../../canon/expressions.js';
import { quoteIdent } from '../../emit/sql/quote.js';

type Options = { -readonly [K in 'publish' | 'viaPartitionRoot' | 'generatedColumns']?: PublicationDef[K] } & { generatedNone?: true };

const BOOL: Readonly<Record<string, boolean>> = { true: true, on: true, yes: true, 1: true, false: false, off: false, no: false, 0: false };

const readOptions = (elems: readonly Node[] | undefined, ctx: StatementContext, name: string): Options | null => {
  const out: Options = {};
  for (const d of (elems ?? []).map((n) => n['DefElem'])) {
    const value = defElemValue(d.arg).trim().toLowerCase();
    switch (d.defname) {
      case 'publish': {
        const ops = value === '' ? [] : value.split(',').map((x) => x.trim());
        const bad = ops.filter((o) => !(PUBLISH_OPERATIONS as readonly string[]).includes(o));
        if (bad.length) { ctx.error('invalid_definition', `unrecognized value for publication option "publish": "${bad[0]}"`, d.location, `use a list of ${PUBLISH_OPERATIONS.join(', ')}`); return null; }
        out.publish = PUBLISH_OPERATIONS.filter((o: PublishOperation) => ops.includes(o));
        break;
      }
      case 'publish_via_partition_root': {
        const b = BOOL[value];
        if (b === undefined) { ctx.error('invalid_definition', `publish_via_partition_root requires a Boolean value, got "${value}"`, d.location); return null; }
        out.viaPartitionRoot = b;
        break;
      }
      case 'publish_generated_columns':
        // PostgreSQL 18 takes none | stored.
        if (value === 'stored') out.generatedColumns = 'stored';
        else if (value === 'none') out.generatedNone = true;
        else { ctx.error('invalid_definition', `publish_generated_columns takes none or stored, got "${value}"`, d.location); return null; }
        break;
      default:
        ctx.error('invalid_definition', `unrecognized publication parameter "${d.defname}" in publication ${quoteIdent(name)}`, d.location);
        return null;
    }
  }
  return out;
};

const withOptions = (p: PublicationDef, o: Options): PublicationDef => {
  const { generatedColumns: _, ...rest } = p;
  const generated = o.generatedNone ? undefined : o.generatedColumns ?? p.generatedColumns;
  return {
    ...rest, ...(o.publish ? { publish: o.publish } : {}), ...(o.viaPartitionRoot !== undefined ? { viaPartitionRoot: o.viaPartitionRoot } : {}),
    ...(generated ? { generatedColumns: generated } : {}),
  };
};

interface Objects { readonly tables: PublicationTable[]; readonly schemas: string[] }

const readObjects = (objs: readonly Node[] | undefined, ctx: StatementContext): Objects => {
  const tables: PublicationTable[] = [];
  const schemas: string[] = [];
  for (const o of (objs ?? []).map((n) => n['PublicationObjSpec'])) {
    switch (o.pubobjtype) {
      case 'PUBLICATIONOBJ_TABLE': {
        const t = o.pubtable;
        const cols: string[] | null = t.columns ? [...new Set<string>(t.columns.map((c: Node) => truncateIdentifier(String(c['String']?.sval))))].sort() : null;
        tables.push({ table: rangeVarName(t.relation), columns: cols, where: t.whereClause ? exprFromNode(t.whereClause) : null, source: ctx.span(t.relation?.location) });
        break;
      }
      case 'PUBLICATIONOBJ_TABLES_IN_SCHEMA': schemas.push(truncateIdentifier(String(o.name))); break;
      case 'PUBLICATIONOBJ_TABLES_IN_CUR_SCHEMA': schemas.push(DEFAULT_SCHEMA); break;
      default: ctx.unsupported(`publication object ${o.pubobjtype}`, o.location);
    }
  }
  return { tables, schemas };
};

const byTable = (a: PublicationTable, b: PublicationTable): number => (keyOf(a.table) < keyOf(b.table) ? -1 : keyOf(a.table) > keyOf(b.table) ? 1 : 0);

const mergeTables = (a: readonly PublicationTable[], b: readonly PublicationTable[]): PublicationTable[] => {
  const m = new Map(a.map((t) => [keyOf(t.table), t]));
  for (const t of b) m.set(keyOf(t.table), t);
  return [...m.values()].sort(byTable);
};

export const createPublication = (stmt: Node, ctx: StatementContext): void => {
  const name = truncateIdentifier(String(stmt['pubname']));
  const prior = ctx.draft.foreign.publications.get(name);
  if (prior) { ctx.error('duplicate_object', `publication ${quoteIdent(name)} is already declared at ${prior.source?.file}:${prior.source?.line}`); return; }
  const options = readOptions(stmt['options'], ctx, name);
  if (!options) return;
  if (stmt['for_all_tables'] !== true && stmt['for_all_sequences'] === true) { ctx.unsupported('FOR ALL SEQUENCES'); return; }
  const objects = readObjects(stmt['pubobjects'], ctx);
  const base: PublicationDef = {
    kind: 'publication', name, allTables: stmt['for_all_tables'] === true, tables: mergeTables([], objects.tables),
    schemas: [...new Set(objects.schemas)].sort(), publish: [...PUBLISH_OPERATIONS], viaPartitionRoot: false, source: ctx.span(),
  };
  ctx.draft.foreign.publications.set(name, withOptions(base, options));
};

export const alterPublication = (stmt: Node, ctx: StatementContext): void => {
  const name = truncateIdentifier(String(stmt['pubname']));
  const span = ctx.span();
  if (stmt['options']) {
    const options = readOptions(stmt['options'], ctx, name);
    if (options) ctx.draft.foreign.publicationAlters.push({ name, apply: (p) => withOptions(p, options), span });
    return;
  }
  const objects = readObjects(stmt['pubobjects'], ctx);
  const action = String(stmt['action']);
  const apply = (p: PublicationDef): PublicationDef => {
    if (action === 'AP_SetObjects') return { ...p, tables: mergeTables([], objects.tables), schemas: [...new Set(objects.schemas)].sort() };
    if (action === 'AP_DropObjects') {
      const gone = new Set(objects.tables.map((t) => keyOf(t.table)));
      return { ...p, tables: p.tables.filter((t) => !gone.has(keyOf(t.table))), schemas: p.schemas.filter((s) => !objects.schemas.includes(s)) };
    }
    return { ...p, tables: mergeTables(p.tables, objects.tables), schemas: [...new Set([...p.schemas, ...objects.schemas])].sort() };
  };
  ctx.draft.foreign.publicationAlters.push({ name, apply, span });
};
