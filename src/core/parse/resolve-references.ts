/**
 * References inside the source must point at something the source declares (or PostgreSQL
 * provides): a foreign key's table and columns, a column's type, a default's sequence, the
 * schema every object lives in. Each problem is reported with the referencing statement's place.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';
import type {
  CollationDef, CompositeTypeDef, ConstraintDef, DomainDef, EnumDef, ExtensionDef, IndexDef, NamespaceDef, RangeTypeDef, SequenceDef, SourceSpan, TableDef,
} from '../model/objects.js';
import { extensionProviding } from '../canon/extension-types.js';
import { quoteIdent as q, quoteQualified as qq } from '../emit/sql/quote.js';

interface Parts {
  schemas: Map<string, NamespaceDef>;
  extensions: Map<string, ExtensionDef>;
  enums: Map<string, EnumDef>;
  sequences: Map<string, SequenceDef>;
  tables: Map<string, TableDef>;
  constraints: Map<string, ConstraintDef>;
  indexes: Map<string, IndexDef>;
  domains: Record<string, DomainDef>;
  compositeTypes: Record<string, CompositeTypeDef>;
  rangeTypes: Record<string, RangeTypeDef>;
  collations: Record<string, CollationDef>;
}

/** `schema.name` key → its parts, for messages (a schema name holding a dot splits at its first dot). */
const splitKey = (key: string): { schema: string; name: string } => ({ schema: key.slice(0, key.indexOf('.')), name: key.slice(key.indexOf('.') + 1) });

/** `views`: keys of declared views and materialized views (their columns are known only once canonicalised). */
export const checkReferences = (p: Parts, views: ReadonlySet<string> = new Set()): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const err = (msg: string, at: SourceSpan | null, hint: string | null = null) => out.push(diagnostic('unknown_reference', msg, at, hint));
  const declaredExt = [...p.extensions.keys()];
  const schemaOk = (schema: string, at: SourceSpan | null, what: string) => {
    if (!p.schemas.has(schema)) err(`${what} is in schema ${q(schema)}, which is declared nowhere`, at, `add CREATE SCHEMA ${q(schema)}`);
  };
  for (const e of p.extensions.values()) schemaOk(e.schema, e.source, `extension ${q(e.name)}`);
  for (const e of p.enums.values()) schemaOk(e.name.schema, e.source, `type ${qq(e.name)}`);
  for (const s of p.sequences.values()) {
    schemaOk(s.name.schema, s.source, `sequence ${qq(s.name)}`);
    if (s.ownedBy) {
      const t = p.tables.get(`${s.ownedBy.table.schema}.${s.ownedBy.table.name}`);
      if (!t || !t.columns.some((c) => c.name === s.ownedBy!.column)) {
        err(`sequence ${qq(s.name)} is OWNED BY ${qq(s.ownedBy.table)}.${q(s.ownedBy.column)}, which is declared nowhere`, s.source);
      }
    }
  }
  const multiranges = new Set(Object.values(p.rangeTypes).map((r) => `${r.multirangeName.schema}.${r.multirangeName.name}`));
  const typeKnown = (schema: string, name: string): boolean => {
    const k = `${schema}.${name}`;
    return p.enums.has(k) || k in p.domains || k in p.compositeTypes || k in p.rangeTypes || multiranges.has(k)
      || p.tables.has(k) || extensionProviding(name, declaredExt) !== null;
  };
  for (const t of [...Object.values(p.domains), ...Object.values(p.compositeTypes), ...Object.values(p.rangeTypes), ...Object.values(p.collations)]) {
    schemaOk(t.name.schema, t.source, `${t.kind.replace('_', ' ')} ${t.name.schema}.${t.name.name}`);
  }
  const checkType = (t: { schema: string | null; name: string }, what: string, at: SourceSpan | null): void => {
    if (t.schema !== null && !typeKnown(t.schema, t.name)) err(`type "${t.schema}.${t.name}" of ${what} does not exist`, at, 'declare it (CREATE TYPE / CREATE DOMAIN) or the extension that provides it (CREATE EXTENSION)');
  };
  for (const d of Object.values(p.domains)) checkType(d.baseType, `domain ${d.name.name}`, d.source);
  for (const c of Object.values(p.compositeTypes)) for (const a of c.attributes) checkType(a.type, `attribute ${c.name.name}.${a.name}`, c.source);
  for (const r of Object.values(p.rangeTypes)) checkType(r.subtype, `range type ${r.name.name}`, r.source);
  const collationKnown = (c: { schema: string; name: string } | null): boolean => c === null || c.schema === 'pg_catalog' || `${c.schema}.${c.name}` in p.collations;
  for (const t of p.tables.values()) {
    schemaOk(t.name.schema, t.source, `table ${qq(t.name)}`);
    for (const c of t.columns) {
      if (!collationKnown(c.collation)) err(`collation "${c.collation!.schema}.${c.collation!.name}" of column ${t.name.name}.${c.name} is declared nowhere`, c.source);
      if (c.type.schema !== null && !typeKnown(c.type.schema, c.type.name)) {
        err(`type ${qq({ schema: c.type.schema, name: c.type.name })} of column ${q(t.name.name)}.${q(c.name)} does not exist`, c.source,
          'declare it (CREATE TYPE) or the extension that provides it (CREATE EXTENSION)');
      }
      for (const r of [...(c.default?.refs ?? []), ...(c.generated?.refs ?? [])]) {
        const [kind, key] = [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)];
        if (kind === 'sequence' && !p.sequences.has(key)) err(`default of ${q(t.name.name)}.${q(c.name)} uses sequence ${qq(splitKey(key))}, which is declared nowhere`, c.source);
        if (kind === 'type') {
          const [s, n] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
          if (!typeKnown(s, n)) err(`default of ${q(t.name.name)}.${q(c.name)} uses type ${qq({ schema: s, name: n })}, which is declared nowhere`, c.source);
        }
      }
    }
  }
  const columnsOf = (schema: string, name: string) => p.tables.get(`${schema}.${name}`)?.columns.map((c) => c.name);
  for (const c of p.constraints.values()) {
    const cols = columnsOf(c.table.schema, c.table.name);
    if (!cols) { err(`constraint ${q(c.name)} is added to table ${qq(c.table)}, which is declared nowhere`, c.source); continue; }
    for (const col of c.columns) if (!cols.includes(col)) err(`constraint ${q(c.name)} uses column ${q(col)}, which ${q(c.table.name)} does not have`, c.source);
    if (c.references) {
      const refCols = columnsOf(c.references.table.schema, c.references.table.name);
      if (!refCols) err(`foreign key ${q(c.name)} references table ${qq(c.references.table)}, which is declared nowhere`, c.source);
      else for (const col of c.references.columns) if (!refCols.includes(col)) err(`foreign key ${q(c.name)} references column ${q(col)}, which ${q(c.references.table.name)} does not have`, c.source);
    }
  }
  for (const i of p.indexes.values()) {
    // An index on a materialized view is checked when the canonicaliser loads it.
    if (views.has(`${i.table.schema}.${i.table.name}`)) continue;
    const cols = columnsOf(i.table.schema, i.table.name);
    if (!cols) { err(`index ${q(i.name.name)} is on table ${qq(i.table)}, which is declared nowhere`, i.source); continue; }
    for (const col of i.columns) if (!cols.includes(col)) err(`index ${q(i.name.name)} uses column ${q(col)}, which ${q(i.table.name)} does not have`, i.source);
  }
  return out;
};
