/** Column definitions (in CREATE TABLE and ALTER TABLE ADD COLUMN) → DraftColumn. */
import type { Node } from '../pg-query.js';
import type { QualifiedName } from '../../model/names.js';
import type { DraftColumn, DraftConstraint } from '../drafts.js';
import type { StatementContext } from '../statement-context.js';
import { typeRefFromAst } from '../../canon/type-names.js';
import { sequenceClauses } from '../../canon/sequences.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import { constraintTypeOf } from '../../canon/constraints.js';

const SERIALS: Readonly<Record<string, 'int2' | 'int4' | 'int8'>> = {
  smallserial: 'int2', serial2: 'int2', serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8',
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
    name, type, serial, notNull: serial !== null, defaultNode: null, identity: null, generatedNode: null, collation: null, span: ctx.span(def['location']),
  };
  if (def['collClause']) {
    const parts: string[] = def['collClause'].collname.map((n: Node) => n['String']?.sval);
    col.collation = parts.length === 1 ? { schema: 'pg_catalog', name: parts[0]! } : { schema: parts[0]!, name: parts[1]! };
  }
  if (def['storage'] || def['compression'] || def['storage_name']) ctx.unsupported('column STORAGE / COMPRESSION', def['location']);
  for (const c of (def['constraints'] ?? []).map((n: Node) => n['Constraint'])) {
    switch (c.contype) {
      case 'CONSTR_NOTNULL':
        if (c.conname) { ctx.unsupported('named NOT NULL constraints', c.location); break; }
        col.notNull = true;
        break;
      case 'CONSTR_NULL': col.notNull = false; break;
      case 'CONSTR_DEFAULT':
        if (serial) { ctx.error('invalid_definition', `column "${name}" is ${names[0]} and cannot have another DEFAULT`, c.location); break; }
        col.defaultNode = c.raw_expr;
        break;
      case 'CONSTR_IDENTITY':
        try {
          col.identity = { generation: c.generated_when === 'a' ? 'always' : 'by_default', clauses: sequenceClauses(c.options) };
        } catch (e) { ctx.error('unsupported_clause', (e as Error).message, c.location); }
        break;
      case 'CONSTR_GENERATED':
        if (c.generated_kind === 'v') { ctx.unsupported('VIRTUAL generated columns', c.location); break; }
        col.generatedNode = c.raw_expr;
        break;
      default:
        if (constraintTypeOf(c)) constraints.push({ table, node: c, column: name, span: ctx.span(c.location), origin: 'create' });
        else ctx.unsupported(`column constraint ${c.contype}`, c.location);
    }
  }
  return col;
};
