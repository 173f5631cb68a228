/**
 * ALTER TABLE in schema source: the forms pg_dump and hand-written schemas use to declare
 * things (ADD CONSTRAINT, column defaults, NOT NULL, identity, storage parameters, column
 * STORAGE / COMPRESSION / STATISTICS / options, REPLICA IDENTITY, the access method). Anything
 * that changes data or renames is not a declaration and is refused.
 */
import type { Node } from '../pg-query.js';
import { rangeVarName, type StatementContext } from '../statement-context.js';
import type { QualifiedName } from '../../model/names.js';
import { optionStrings } from '../../canon/options.js';
import { constraintTypeOf } from '../../canon/constraints.js';
import { sequenceClauses } from '../../canon/sequences.js';
import { quoteIdent, quoteQualified } from '../../emit/sql/quote.js';
import { keyOfName } from '../statement-context.js';
import { alterView } from './views.js';
import { partitionBoundText } from '../../canon/partitions.js';
import { addBody } from './bodies.js';
import { relationOwner } from './authz.js';
import { compressionName, readColumn, statisticsTargetValue, storageName } from './columns.js';
import { alterIndexStatistics, isIndexStatistics } from './alter-index.js';
import { tableAccessMethod } from './create-table.js';
import { truncateIdentifier } from '../../canon/identifiers.js';
import type { DraftConstraint } from '../drafts.js';
import { isRowSecurityCommand, rowSecurityCommand } from './policies.js';
import { constraintUsingIndex } from './constraint-using-index.js';

/** ENABLE / DISABLE of one trigger or rule: the state is part of that object. */
const TOGGLES: Readonly<Record<string, { readonly what: 'TRIGGER' | 'RULE'; readonly sql: string }>> = {
  AT_EnableTrig: { what: 'TRIGGER', sql: 'ENABLE' }, AT_EnableAlwaysTrig: { what: 'TRIGGER', sql: 'ENABLE ALWAYS' },
  AT_EnableReplicaTrig: { what: 'TRIGGER', sql: 'ENABLE REPLICA' }, AT_DisableTrig: { what: 'TRIGGER', sql: 'DISABLE' },
  AT_EnableRule: { what: 'RULE', sql: 'ENABLE' }, AT_EnableAlwaysRule: { what: 'RULE', sql: 'ENABLE ALWAYS' },
  AT_EnableReplicaRule: { what: 'RULE', sql: 'ENABLE REPLICA' }, AT_DisableRule: { what: 'RULE', sql: 'DISABLE' },
};

const toggle = (cmd: Node, table: QualifiedName, ctx: StatementContext): void => {
  const t = TOGGLES[cmd['subtype']]!;
  const key = `${keyOfName(table)}.${String(cmd['name'])}`;
  const kind = t.what === 'TRIGGER' ? 'trigger' : 'rule';
  addBody(ctx, {
    kind, key, provides: [], requires: [`${kind}:${key}`], alter: true,
    sql: `ALTER TABLE ${quoteQualified(table)} ${t.sql} ${t.what} ${quoteIdent(String(cmd['name']))}`,
  });
};

/**
 * ALTER TABLE ... ADD COLUMN (pg_dump and hand-written schemas both use it): folded into the
 * table, after the columns declared before it. Its inline constraints are named, as
 * PostgreSQL names them, after the table's own (they come from an ALTER).
 */
const addColumn = (cmd: Node, table: QualifiedName, ctx: StatementContext): void => {
  const def = cmd['def']?.ColumnDef;
  const inline: DraftConstraint[] = [];
  const col = readColumn(def, table, ctx, inline);
  if (!col) return;
  for (const c of inline) ctx.draft.constraints.push({ ...c, origin: 'alter' });
  ctx.draft.columnAlters.push({ kind: 'add_column', table, column: col.name, def: col, ifNotExists: cmd['missing_ok'] === true, span: col.span });
};

const handleCommand = (cmd: Node, table: QualifiedName, relation: Node, ctx: StatementContext): void => {
  const d = ctx.draft;
  const span = ctx.span(cmd['def']?.Constraint?.location);
  const column: string = cmd['name'];
  switch (cmd['subtype']) {
    case 'AT_AddConstraint': {
      const c = cmd['def']['Constraint'];
      if (c.contype === 'CONSTR_NOTNULL') {
        // ADD CONSTRAINT name NOT NULL column [NOT VALID] (PostgreSQL 18): a fact of the column.
        const col = truncateIdentifier(c.keys?.[0]?.String?.sval ?? '');
        d.columnAlters.push({ kind: 'add_not_null', table, column: col, name: c.conname ? truncateIdentifier(c.conname) : null, notValid: c.skip_validation === true, span });
        return;
      }
      if (!constraintTypeOf(c)) { ctx.unsupported(`ALTER TABLE ... ADD ${c.contype}`, c.location); return; }
      const node = c.indexname ? constraintUsingIndex(c, table, ctx) : c;
      if (node === null) return;
      d.constraints.push({ table, node, column: null, span, origin: 'alter' });
      const was = c.conname ? ctx.renamedFrom() : null;
      if (was !== null) d.renames.push({ kind: 'constraint', table, to: c.conname, from: was, source: span });
      return;
    }
    case 'AT_ColumnDefault':
      if (cmd['def']) d.columnAlters.push({ kind: 'set_default', table, column, node: cmd['def'], span });
      else d.columnAlters.push({ kind: 'drop_default', table, column, span });
      return;
    case 'AT_SetNotNull': d.columnAlters.push({ kind: 'set_not_null', table, column, span }); return;
    case 'AT_DropNotNull': d.columnAlters.push({ kind: 'drop_not_null', table, column, span }); return;
    case 'AT_DropColumn':
      if (cmd['behavior'] === 'DROP_CASCADE') { ctx.unsupported('ALTER TABLE ... DROP COLUMN ... CASCADE (drop what depends on the column by name first)'); return; }
      d.columnAlters.push({
        kind: 'drop_column', table, column: truncateIdentifier(column), ifExists: cmd['missing_ok'] === true,
        constraintsBefore: new Set(d.constraints), indexesBefore: new Set(d.indexes), span: ctx.span(),
      });
      return;
    case 'AT_AddIdentity': {
      const c = cmd['def']['Constraint'];
      try {
        d.columnAlters.push({
          kind: 'add_identity', table, column, generation: c.generated_when === 'a' ? 'always' : 'by_default',
          clauses: sequenceClauses(c.options), span,
        });
      } catch (e) { ctx.error('unsupported_clause', (e as Error).message, c.location); }
      return;
    }
    case 'AT_SetStorage':
    case 'AT_SetCompression': {
      try {
        const raw = String(cmd['def']?.String?.sval ?? '');
        if (cmd['subtype'] === 'AT_SetStorage') d.columnAlters.push({ kind: 'set_storage', table, column, storage: storageName(raw), span });
        else d.columnAlters.push({ kind: 'set_compression', table, column, compression: compressionName(raw), span });
      } catch (e) { ctx.error('invalid_definition', (e as Error).message); }
      return;
    }
    case 'AT_SetStatistics': {
      if (cmd['num']) { ctx.unsupported('ALTER TABLE ... ALTER COLUMN <number> SET STATISTICS (name the column)'); return; }
      try {
        d.columnAlters.push({ kind: 'set_statistics', table, column, target: statisticsTargetValue(cmd['def']), span });
      } catch (e) { ctx.error('invalid_definition', (e as Error).message); }
      return;
    }
    case 'AT_SetOptions': case 'AT_ResetOptions': {
      const items: Node[] = cmd['def']?.List?.items ?? [];
      const reset = cmd['subtype'] === 'AT_ResetOptions';
      d.columnAlters.push({ kind: 'set_column_options', table, column, options: reset ? items.map((i) => String(i['DefElem'].defname)) : optionStrings(items), reset, span });
      return;
    }
    case 'AT_ReplicaIdentity': {
      const r = cmd['def']['ReplicaIdentityStmt'];
      const identity = r.identity_type === 'f' ? 'full' as const : r.identity_type === 'n' ? 'nothing' as const
        : r.identity_type === 'i' ? { index: truncateIdentifier(String(r.name)) } : null;
      d.columnAlters.push({ kind: 'replica_identity', table, identity, span });
      return;
    }
    case 'AT_ClusterOn': d.columnAlters.push({ kind: 'cluster_on', table, index: truncateIdentifier(String(cmd['name'])), span }); return;
    case 'AT_DropCluster': d.columnAlters.push({ kind: 'cluster_on', table, index: null, span }); return;
    case 'AT_SetAccessMethod': d.columnAlters.push({ kind: 'access_method', table, accessMethod: tableAccessMethod(cmd['name']), span }); return;
    case 'AT_SetRelOptions': d.columnAlters.push({ kind: 'set_options', table, options: optionStrings(cmd['def']?.List?.items), span }); return;
    case 'AT_SetLogged': d.columnAlters.push({ kind: 'set_unlogged', table, unlogged: false, span }); return;
    case 'AT_SetUnLogged': d.columnAlters.push({ kind: 'set_unlogged', table, unlogged: true, span }); return;
    case 'AT_ChangeOwner': relationOwner(relation, 'OBJECT_TABLE', cmd['newowner'], ctx); return;
    case 'AT_AddColumn': addColumn(cmd, table, ctx); return;
    case 'AT_AttachPartition': {
      // pg_dump declares every partition this way: CREATE TABLE child (...), then ALTER TABLE ONLY parent ATTACH PARTITION child.
      const pc = cmd['def']['PartitionCmd'];
      d.attachments.push({ kind: 'partition', parent: table, child: rangeVarName(pc.name), bound: partitionBoundText(pc.bound), span: ctx.span(pc.name.location) });
      return;
    }
    case 'AT_AddInherit':
      d.attachments.push({ kind: 'inherit', parent: rangeVarName(cmd['def']['RangeVar']), child: table, bound: '', span: ctx.span(cmd['def']['RangeVar'].location) });
      return;
    case 'AT_EnableTrigAll': case 'AT_DisableTrigAll': case 'AT_EnableTrigUser': case 'AT_DisableTrigUser':
      ctx.unsupported(`ALTER TABLE ... ${cmd['subtype'].includes('Enable') ? 'ENABLE' : 'DISABLE'} TRIGGER ${cmd['subtype'].endsWith('All') ? 'ALL' : 'USER'} (name each trigger instead)`);
      return;
    default:
      if (TOGGLES[cmd['subtype']]) { toggle(cmd, table, ctx); return; }
      if (isRowSecurityCommand(cmd['subtype'])) { rowSecurityCommand(cmd['subtype'], table, ctx); return; }
      ctx.unsupported(`ALTER TABLE ... ${String(cmd['subtype']).replace(/^AT_/, '')}`);
  }
};

export const alterTable = (stmt: Node, ctx: StatementContext): void => {
  if (stmt['objtype'] === 'OBJECT_SEQUENCE') {
    // ALTER TABLE seq OWNER TO ... (pg_dump writes sequence owners this way)
    const cmds = (stmt['cmds'] ?? []).map((c: Node) => c['AlterTableCmd']);
    if (cmds.every((c: Node) => c['subtype'] === 'AT_ChangeOwner')) {
      for (const c of cmds) relationOwner(stmt['relation'], 'OBJECT_SEQUENCE', c['newowner'], ctx);
      return;
    }
  }
  if (stmt['objtype'] === 'OBJECT_VIEW' || stmt['objtype'] === 'OBJECT_MATVIEW') { alterView(stmt, ctx); return; }
  const cmds: Node[] = (stmt['cmds'] ?? []).map((c: Node) => c['AlterTableCmd']);
  if (stmt['objtype'] === 'OBJECT_INDEX' && cmds.length && cmds.every((c) => c['subtype'] === 'AT_AttachPartition')) {
    // pg_dump: a partition's index attached to its parent's partitioned index is implied by it.
    const parent = rangeVarName(stmt['relation']);
    for (const c of cmds) ctx.draft.indexAttachments.push({ parent, child: rangeVarName(c['def']['PartitionCmd'].name), span: ctx.span(c['def']['PartitionCmd'].name.location) });
    return;
  }
  if (stmt['objtype'] === 'OBJECT_INDEX' && isIndexStatistics(cmds)) { alterIndexStatistics(stmt, cmds, ctx); return; }
  // ALTER FOREIGN TABLE takes the ALTER TABLE forms pg_dump writes (OWNER TO, defaults, constraints).
  if (stmt['objtype'] !== 'OBJECT_TABLE' && stmt['objtype'] !== 'OBJECT_FOREIGN_TABLE') {
    ctx.unsupported(`ALTER ${String(stmt['objtype']).replace(/^OBJECT_/, '').replace(/_/g, ' ')}`);
    return;
  }
  const table = rangeVarName(stmt['relation']);
  // The source builds from an empty database: `ALTER TABLE IF EXISTS` of a table nothing has
  // declared yet changes nothing there (pg_dump --clean --if-exists opens with such DROP CONSTRAINTs).
  if (stmt['missing_ok'] === true && !ctx.draft.tables.has(keyOfName(table))) return;
  for (const c of stmt['cmds'] ?? []) handleCommand(c['AlterTableCmd'], table, stmt['relation'], ctx);
};

