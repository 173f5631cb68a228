/** Column definitions (in CREATE TABLE and ALTER TABLE ADD COLUMN) → DraftColumn. */
import type { Node } from '../pg-query.js';
import type { QualifiedName } from '../../model/names.js';
import type { DraftColumn, DraftConstraint } from '../drafts.js';
import type { StatementContext } from '../statement-context.js';
import type { ColumnStorage } from '../../model/objects.js';
import { typeRefFromAst } from '../../canon/type-names.js';
import { sequenceClauses } from '../../canon/sequences.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { constraintTypeOf } from '../../canon/constraints.js';
import { quoteIdent } from '../../emit/sql/quote.js';
import { genericOptions } from '../../canon/secret-options.js';

const SERIALS: Readonly<Record<string, 'int2' | 'int4' | 'int8'>> = {
  smallserial: 'int2', serial2: 'int2', serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8',
};

const ATTRIBUTES = new Set(['CONSTR_ATTR_DEFERRABLE', 'CONSTR_ATTR_NOT_DEFERRABLE', 'CONSTR_ATTR_DEFERRED', 'CONSTR_ATTR_IMMEDIATE', 'CONSTR_ATTR_ENFORCED', 'CONSTR_ATTR_NOT_ENFORCED']);
const DEFERRABLE_KINDS = new Set(['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION', 'CONSTR_FOREIGN']);
/** [NOT] ENFORCED (PostgreSQL 18) applies to CHECK and FOREIGN KEY constraints only. */
const ENFORCEABLE_KINDS = new Set(['CONSTR_CHECK', 'CONSTR_FOREIGN']);
const ENFORCEMENT = new Set(['CONSTR_ATTR_ENFORCED', 'CONSTR_ATTR_NOT_ENFORCED']);

const STORAGES: ReadonlySet<string> = new Set(['plain', 'external', 'extended', 'main']);
const COMPRESSIONS: ReadonlySet<string> = new Set(['pglz', 'lz4']);

/** STORAGE name (in CREATE TABLE or SET STORAGE): null for DEFAULT; throws on an unknown one. */
export const storageName = (raw: string): ColumnStorage | null => {
  const s = raw.toLowerCase();
  if (s === 'default') return null;
  if (!STORAGES.has(s)) throw new Error(`invalid storage type "${raw}" (PLAIN, EXTERNAL, EXTENDED, MAIN or DEFAULT)`);
  return s as ColumnStorage;
};

/**
 * The value of `ALTER TABLE / ALTER INDEX ... SET STATISTICS`: null for the default (-1, or no
 * value: DEFAULT of PostgreSQL 17); throws outside -1 .. 10000. The parser omits a zero ival.
 */
export const statisticsTargetValue = (def: Node | undefined): number | null => {
  const v = def === undefined ? -1 : def['Integer'] ? Number(def['Integer'].ival ?? 0) : null;
  if (v === null || v < -1 || v > 10000) throw new Error(`statistics target must be between -1 and 10000 (or DEFAULT), got ${v ?? JSON.stringify(def)}`);
  return v === -1 ? null : v;
};

/** COMPRESSION method: null for DEFAULT; throws on an unknown one. */
export const compressionName = (raw: string): string | null => {
  const s = raw.toLowerCase();
  if (s === 'default') return null;
  if (!COMPRESSIONS.has(s)) throw new Error(`invalid compression method "${raw}" (pglz, lz4 or default)`);
  return s;
};

/**
 * In a column definition the grammar gives DEFERRABLE / INITIALLY DEFERRED as separate nodes
 * that belong to the constraint just before them (transformConstraintAttrs in parse_utilcmd.c):
 * fold them into it, INITIALLY DEFERRED alone implying DEFERRABLE as PostgreSQL does.
 */
const applyAttribute = (attr: Node, target: Node | null, ctx: StatementContext): boolean => {
  if (ENFORCEMENT.has(attr['contype'])) {
    if (!target || !ENFORCEABLE_KINDS.has(target['contype'])) {
      ctx.error('invalid_definition', `misplaced ${attr['contype'] === 'CONSTR_ATTR_ENFORCED' ? 'ENFORCED' : 'NOT ENFORCED'} clause (only CHECK and FOREIGN KEY constraints take it)`, attr['location']);
      return false;
    }
    // As the table-constraint grammar has it: a NOT ENFORCED constraint is never validated.
    if (attr['contype'] === 'CONSTR_ATTR_ENFORCED') { target['is_enforced'] = true; delete target['skip_validation']; target['initially_valid'] = true; }
    else { delete target['is_enforced']; target['skip_validation'] = true; delete target['initially_valid']; }
    return true;
  }
  if (!target || !DEFERRABLE_KINDS.has(target['contype'])) {
    ctx.error('invalid_definition', `misplaced ${String(attr['contype']).replace('CONSTR_ATTR_', '').replace('_', ' ')} clause`, attr['location']);
    return false;
  }
  switch (attr['contype']) {
    case 'CONSTR_ATTR_DEFERRABLE': target['deferrable'] = true; break;
    case 'CONSTR_ATTR_NOT_DEFERRABLE': delete target['deferrable']; break;
    case 'CONSTR_ATTR_DEFERRED': target['initdeferred'] = true; if (target['deferrable'] === undefined) target['deferrable'] = true; break;
    case 'CONSTR_ATTR_IMMEDIATE': delete target['initdeferred']; break;
  }
  return true;
};

/**
 * A COLLATE name. Unqualified names are pg_catalog's (it comes first on the search path); one the
 * source declares in the default schema is moved there once every statement is read.
 */
export const qualifiedCollation = (names: readonly Node[]): QualifiedName => {
  const parts: string[] = names.map((n: Node) => n['String']?.sval);
  return parts.length === 1 ? { schema: 'pg_catalog', name: parts[0]! } : { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
};

/** Read one ColumnDef; table-level facts (constraints) are appended to `constraints`. */
export const readColumn = (
  def: Node, table: QualifiedName, ctx: StatementContext, constraints: DraftConstraint[],
): DraftColumn | null => {
  const name = truncateIdentifier(def['colname']);
  const typeName = def['typeName'];
  const names: string[] = (typeName['names'] ?? []).map((n: Node) => n['String']?.sval);
  if (typeName['setof'] || typeName['pct_type']) { ctx.unsupported(`column type ${names.join('.')}%TYPE`, def['location']); return null; }
  const serial = names.length === 1 ? SERIALS[names[0]!] ?? null : null;
  if (serial && (typeName['arrayBounds'] ?? []).length) { ctx.error('invalid_definition', `array of ${names[0]} is not a valid type`, def['location']); return null; }
  let type;
  try {
    type = serial
      ? { schema: null, name: serial, modifiers: [], arrayDims: 0 }
      : typeRefFromAst(typeName);
  } catch (e) {
    ctx.error('invalid_definition', (e as Error).message, typeName['location']);
    return null;
  }
  const col: DraftColumn = {
    name, type, serial, notNull: serial !== null, defaultNode: null, identity: null, generatedNode: null, virtual: false, collation: null,
    storage: null, compression: null, statisticsTarget: null, options: [], notNullName: null, notNullNotValid: false, span: ctx.span(def['location']),
  };
  if (def['collClause']) {
    col.collation = qualifiedCollation(def['collClause'].collname);
  }
  // Column OPTIONS exist on foreign tables only (PostgreSQL refuses them elsewhere).
  if (def['fdwoptions']?.length) col.fdw = genericOptions(def['fdwoptions']);
  try {
    if (def['storage_name']) col.storage = storageName(def['storage_name']);
    if (def['compression']) col.compression = compressionName(def['compression']);
  } catch (e) {
    ctx.error('invalid_definition', (e as Error).message, def['location']);
    return null;
  }
  // The constraint that a following DEFERRABLE / INITIALLY ... attribute belongs to.
  let last: Node | null = null;
  for (const c of (def['constraints'] ?? []).map((n: Node) => n['Constraint'])) {
    if (ATTRIBUTES.has(c.contype)) {
      if (!applyAttribute(c, last, ctx)) return null;
      continue;
    }
    last = null;
    switch (c.contype) {
      case 'CONSTR_NOTNULL':
        // A name is kept (PostgreSQL 18 makes NOT NULL a named constraint); NOT VALID is
        // meaningless on a column being created, as for CHECK.
        if (c.conname) col.notNullName = truncateIdentifier(c.conname);
        col.notNull = true;
        break;
      case 'CONSTR_NULL': col.notNull = false; col.notNullName = null; break;
      case 'CONSTR_DEFAULT':
        if (serial) { ctx.error('invalid_definition', `column ${quoteIdent(name)} is ${names[0]} and cannot have another DEFAULT`, c.location); break; }
        col.defaultNode = c.raw_expr;
        break;
      case 'CONSTR_IDENTITY':
        try {
          col.identity = { generation: c.generated_when === 'a' ? 'always' : 'by_default', clauses: sequenceClauses(c.options) };
        } catch (e) { ctx.error('unsupported_clause', (e as Error).message, c.location); }
        break;
      case 'CONSTR_GENERATED':
        // The PostgreSQL 18 grammar makes VIRTUAL the default when neither STORED nor VIRTUAL is written.
        col.generatedNode = c.raw_expr;
        col.virtual = c.generated_kind === 'v';
        break;
      default:
        if (constraintTypeOf(c)) {
          constraints.push({ table, node: c, column: name, span: ctx.span(c.location), origin: 'create' });
          last = c;
        }
        else ctx.unsupported(`column constraint ${c.contype}`, c.location);
    }
  }
  return col;
};
