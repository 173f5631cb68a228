/**
 * Hazards of ALTER TABLE, one rule per subcommand (AlterTableCmd.subtype). A subcommand
 * without a row takes at most a brief lock and changes no data.
 */
import { parseStatements, type Node } from '../parse/pg-query.js';
import type { Hazard } from '../model/hazard.js';
import type { ColumnDef } from '../model/objects.js';
import { constraintsOf } from '../model/by-table.js';
import { typeRefFromAst, typeToSql } from '../canon/type-names.js';
import { typeChangeFacts } from '../diff/type-change.js';
import { existingTable, mayHoldRows, sizeOf, type RunState } from './context.js';
import { hasDefElem, hazard, relKey, shown, tableLock, untracked, type StatementRule } from './rules-common.js';
import { discardsValues } from './type-loss.js';

interface Cmd { readonly cmd: Node; readonly table: string; readonly st: RunState }
type CmdRule = (c: Cmd) => Hazard[];

const liveColumn = (st: RunState, table: string, column: string): ColumnDef | undefined =>
  existingTable(st, table) ? st.live.tables[table]?.columns.find((c) => c.name === column) : undefined;

const NOT_VALID_ALT = 'add it NOT VALID, then VALIDATE CONSTRAINT after the commit (a SHARE UPDATE EXCLUSIVE lock: reads and writes go on); pg-flux plans it so unless --no-auto-not-valid';

/** The column a `col IS NOT NULL` check proves, or null. */
const notNullColumn = (expr: Node | undefined): string | null => {
  const t = expr?.['NullTest'];
  if (!t || t.nulltesttype !== 'IS_NOT_NULL' || t.argisrow) return null;
  const f = t.arg?.ColumnRef?.fields;
  return f?.length === 1 && f[0].String ? f[0].String.sval : null;
};

/** Live CHECK constraints of a table that prove a column NOT NULL, read once per table. */
const seedLiveChecks = (st: RunState, table: string): void => {
  const marker = `${table}.\u0000seeded`;
  if (st.notNullChecks.has(marker)) return;
  st.notNullChecks.set(marker, { column: '', valid: false });
  for (const c of constraintsOf(st.live, table)) {
    if (c.type !== 'check') continue;
    const node = parseStatements(`ALTER TABLE _t ADD CONSTRAINT _c ${c.definition.sql}`)[0]?.node['AlterTableStmt'].cmds[0].AlterTableCmd.def.Constraint;
    const col = notNullColumn(node?.raw_expr);
    if (col) st.notNullChecks.set(`${table}.${c.name}`, { column: col, valid: c.validated });
  }
};

const provenNotNull = (st: RunState, table: string, column: string): boolean => {
  seedLiveChecks(st, table);
  for (const [k, v] of st.notNullChecks) if (k.startsWith(`${table}.`) && v.column === column && v.valid) return true;
  return false;
};

const setNotNullScan = (st: RunState, table: string, column: string, by: string): Hazard[] => {
  if (!mayHoldRows(st, table) || !liveColumn(st, table, column) || liveColumn(st, table, column)?.notNull || provenNotNull(st, table, column)) return [];
  return [
    hazard('CONSTRAINT_SCAN', `${table}.${column}`, `${by} scans every row of ${shown(table)} (${sizeOf(st, table)}) for NULLs while holding an ACCESS EXCLUSIVE lock`,
      `first ADD CONSTRAINT ... CHECK (${column} IS NOT NULL) NOT VALID and VALIDATE it; SET NOT NULL then skips the scan (pg-flux plans it so unless --no-auto-not-valid)`),
    ...tableLock(st, table, `${by} scans the table`),
  ];
};

const addConstraint: CmdRule = ({ cmd, table, st }) => {
  const c = cmd['def']?.Constraint;
  if (!c) return [];
  const name = c.conname as string | undefined;
  const object = `${table}.${name ?? '(unnamed)'}`;
  const col = c.contype === 'CONSTR_CHECK' ? notNullColumn(c.raw_expr) : null;
  if (col && name) st.notNullChecks.set(`${table}.${name}`, { column: col, valid: c.skip_validation !== true });
  if (!mayHoldRows(st, table)) return [];
  const size = sizeOf(st, table);
  switch (c.contype) {
    case 'CONSTR_CHECK':
      if (c.skip_validation) return [];
      return [hazard('CONSTRAINT_SCAN', object, `checks every row of ${shown(table)} (${size}) against the new CHECK while holding an ACCESS EXCLUSIVE lock`, NOT_VALID_ALT),
        ...tableLock(st, table, 'the CHECK scans the table')];
    case 'CONSTR_NOTNULL': {
      // ADD CONSTRAINT name NOT NULL column (PostgreSQL 18): as SET NOT NULL, unless NOT VALID.
      const column = c.keys?.[0]?.String?.sval as string | undefined;
      return c.skip_validation || !column ? [] : setNotNullScan(st, table, column, 'ADD CONSTRAINT ... NOT NULL');
    }
    case 'CONSTR_FOREIGN':
      if (c.skip_validation) return [];
      return [hazard('CONSTRAINT_SCAN', object, `checks every row of ${shown(table)} (${size}) against ${shown(relKey(c.pktable))} while holding SHARE ROW EXCLUSIVE locks on both: writes wait`, NOT_VALID_ALT)];
    case 'CONSTR_PRIMARY': case 'CONSTR_UNIQUE': {
      if (c.indexname) {
        // USING INDEX: no build, but a primary key sets NOT NULL on nullable columns (a scan).
        if (c.contype !== 'CONSTR_PRIMARY') return [];
        const idx = st.live.indexes[`${table.slice(0, table.indexOf('.'))}.${c.indexname}`];
        return (idx?.columns ?? []).flatMap((k) => setNotNullScan(st, table, k, 'the primary key'));
      }
      return [hazard('CONSTRAINT_SCAN', object, `builds the unique index of the new key over ${shown(table)} (${size}) while holding an ACCESS EXCLUSIVE lock`,
        'CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX (pg-flux plans it so)'),
      ...tableLock(st, table, 'building the key\'s index')];
    }
    case 'CONSTR_EXCLUSION':
      return [hazard('CONSTRAINT_SCAN', object, `builds the exclusion constraint's index over ${shown(table)} (${size}) while holding an ACCESS EXCLUSIVE lock`, null),
        ...tableLock(st, table, 'building the exclusion index')];
    default: return [];
  }
};

const validateConstraint: CmdRule = ({ cmd, table, st }) => {
  const k = st.notNullChecks.get(`${table}.${cmd['name']}`);
  if (k) k.valid = true;
  else {
    seedLiveChecks(st, table);
    const live = st.notNullChecks.get(`${table}.${cmd['name']}`);
    if (live) live.valid = true;
  }
  return [];
};

const alterType: CmdRule = ({ cmd, table, st }) => {
  const column: string = cmd['name'];
  const live = liveColumn(st, table, column);
  const def = cmd['def']?.ColumnDef;
  if (!live || !def?.typeName) return [];
  let to;
  try { to = typeRefFromAst(def.typeName); } catch { return []; }
  const object = `${table}.${column}`;
  const out: Hazard[] = [];
  const facts = typeChangeFacts(live, { ...live, type: to });
  if (facts.rewrites || def.raw_default) {
    out.push(hazard('COLUMN_TYPE_CHANGE', object, `changes ${object} from ${typeToSql(live.type)} to ${typeToSql(to)}: rewrites the table (${sizeOf(st, table)}) under an exclusive lock, and may fail or lose precision`,
      'add a column of the new type, backfill it in batches, switch readers and writers to it, then drop the old one'));
    out.push(...tableLock(st, table, 'the type change rewrites the table'));
  }
  const lost = discardsValues(live.type, to);
  if (lost) out.push(hazard('DATA_LOSS', object, `changes ${object} from ${typeToSql(live.type)} to ${typeToSql(to)}: ${lost}`, 'keep the old column until the new values are checked'));
  out.push(...untracked(st, object, `changes the type of ${object}`, [table.slice(table.indexOf('.') + 1), column]));
  return out;
};

const dropColumn: CmdRule = ({ cmd, table, st }) => {
  const column: string = cmd['name'];
  if (st.created.has(table)) return [];
  const live = liveColumn(st, table, column);
  const object = `${table}.${column}`;
  const out: Hazard[] = [];
  // A generated column's values are computed from the others: dropping it loses nothing stored by hand.
  if (!live?.generated) out.push(hazard('DATA_LOSS', object, `drops column ${object} and its values${cmd['behavior'] === 'DROP_CASCADE' ? ' (CASCADE: and whatever depends on it)' : ''}`,
    'back the values up first; if the column was renamed, write `-- pg-flux:renamed-from <old name>` on the line before it in the schema instead'));
  out.push(...untracked(st, object, `drops ${object}`, [table.slice(table.indexOf('.') + 1), column]));
  return out;
};

/** A volatile default fills every existing row (a rewrite); now() and constants do not. */
const VOLATILE = new Set(['nextval', 'random', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v4', 'clock_timestamp', 'timeofday', 'txid_current', 'statement_timestamp', 'uuidv4', 'uuidv7']);
const callsVolatile = (n: unknown): boolean => {
  if (Array.isArray(n)) return n.some(callsVolatile);
  if (!n || typeof n !== 'object') return false;
  const fc = (n as Node)['FuncCall'];
  if (fc && VOLATILE.has(fc.funcname?.at(-1)?.String?.sval)) return true;
  return Object.values(n as Node).some(callsVolatile);
};

const addColumn: CmdRule = ({ cmd, table, st }) => {
  const def = cmd['def']?.ColumnDef;
  if (!def || !existingTable(st, table)) return [];
  const cons: Node[] = (def.constraints ?? []).map((x: Node) => x['Constraint']);
  const rewrite = cons.some((c) => c.contype === 'CONSTR_IDENTITY' || (c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v') || (c.contype === 'CONSTR_DEFAULT' && callsVolatile(c.raw_expr)));
  const out = rewrite ? tableLock(st, table, `adding ${def.colname} fills every existing row (a rewrite)`) : [];
  if (mayHoldRows(st, table) && cons.some((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE'))
    out.push(hazard('CONSTRAINT_SCAN', `${table}.${def.colname}`, `builds a unique index over ${shown(table)} (${sizeOf(st, table)}) while holding an ACCESS EXCLUSIVE lock`,
      'add the column first, then CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT ... USING INDEX'));
  return out;
};

const rewritesTable = (what: string): CmdRule => ({ table, st }) => tableLock(st, table, what);

/** SET EXPRESSION recomputes a STORED generated column (a rewrite); a VIRTUAL one stores nothing. */
const setExpression: CmdRule = ({ cmd, table, st }) =>
  (liveColumn(st, table, cmd['name'])?.virtual ? [] : tableLock(st, table, 'SET EXPRESSION rewrites the table to recompute the column'));

/** ALTER CONSTRAINT ... ENFORCED (PostgreSQL 18) checks every existing row against the foreign key. */
const alterConstraint: CmdRule = ({ cmd, table, st }) => {
  const a = cmd['def']?.ATAlterConstraint;
  if (!a?.alterEnforceability || !a.is_enforced || !mayHoldRows(st, table)) return [];
  return [hazard('CONSTRAINT_SCAN', `${table}.${a.conname}`, `checks every row of ${shown(table)} (${sizeOf(st, table)}) against the foreign key made ENFORCED while holding a lock that blocks writes`,
    'drop it and add it again NOT VALID, then VALIDATE CONSTRAINT after the commit')];
};

/** Owner and row-level security of a table this run creates change no one's existing access. */
const authz = (what: string): CmdRule => ({ table, st }) =>
  st.createdObjects.has(`rel:${table}`) ? [] : [hazard('AUTHZ_CHANGE', table, `${what} on ${shown(table)}`, null)];

const setIdentity: CmdRule = ({ cmd, table }) =>
  hasDefElem(cmd['def']?.List?.items ?? cmd['def'], 'restart')
    ? [hazard('SEQUENCE_RESTART', `${table}.${cmd['name']}`, `restarts the identity of ${shown(table, cmd['name'])}: values it handed out before may be handed out again`,
      'keep START within the new bounds, or move the sequence past the values in use with setval()')]
    : [];

const CMD_RULES: Readonly<Record<string, CmdRule>> = {
  AT_AddConstraint: addConstraint,
  AT_ValidateConstraint: validateConstraint,
  AT_AlterColumnType: alterType,
  AT_DropColumn: dropColumn,
  AT_AddColumn: addColumn,
  AT_SetNotNull: ({ cmd, table, st }) => setNotNullScan(st, table, cmd['name'], 'SET NOT NULL'),
  AT_SetLogged: rewritesTable('SET LOGGED rewrites the table'),
  AT_SetUnLogged: rewritesTable('SET UNLOGGED rewrites the table'),
  AT_SetTableSpace: rewritesTable('SET TABLESPACE copies the table'),
  AT_SetAccessMethod: rewritesTable('SET ACCESS METHOD rewrites the table'),
  AT_SetExpression: setExpression,
  AT_AlterConstraint: alterConstraint,
  AT_SetIdentity: setIdentity,
  AT_ChangeOwner: authz('changes the owner'),
  AT_EnableRowSecurity: authz('enables row-level security'),
  AT_DisableRowSecurity: authz('disables row-level security'),
  AT_ForceRowSecurity: authz('forces row-level security'),
  AT_NoForceRowSecurity: authz('stops forcing row-level security'),
};

export const alterTableRule: StatementRule = (stmt, st) => {
  if (!stmt['relation']) return [];
  const table = relKey(stmt['relation']);
  return (stmt['cmds'] ?? []).flatMap((c: Node) => {
    const cmd = c['AlterTableCmd'];
    return CMD_RULES[cmd?.subtype]?.({ cmd, table, st }) ?? [];
  });
};
