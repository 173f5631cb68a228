/**
 * The name PostgreSQL gives an index column that is an expression (FigureColname in
 * parse_target.c): the function's name for `lower(email)`, the column for `email::text`,
 * `case`, `coalesce`, ... and `expr` when nothing fits. Index default names are built from it.
 */
import type { Node } from '../parse/pg-query.js';

const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date', SVFOP_CURRENT_TIME: 'current_time', SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp', SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime', SVFOP_LOCALTIME_N: 'localtime', SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp', SVFOP_CURRENT_ROLE: 'current_role', SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user', SVFOP_SESSION_USER: 'session_user', SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

const lastString = (list: readonly Node[] | undefined): string | null => {
  const last = list?.[list.length - 1];
  return typeof last?.['String']?.sval === 'string' ? last['String'].sval : null;
};

/** [name, strength]: strength 2 = a real name, 1 = a fallback (type name, `case`), 0 = none. */
const figure = (node: Node | undefined): [string | null, number] => {
  if (!node) return [null, 0];
  const [type] = Object.keys(node);
  const n = node[type!];
  switch (type) {
    case 'ColumnRef': { const s = lastString(n.fields); return s ? [s, 2] : [null, 0]; }
    case 'A_Indirection': { const s = lastString(n.indirection); return s ? [s, 2] : figure(n.arg); }
    case 'FuncCall': { const s = lastString(n.funcname); return s ? [s, 2] : [null, 0]; }
    case 'A_Expr': return n.kind === 'AEXPR_NULLIF' ? ['nullif', 2] : [null, 0];
    case 'TypeCast': {
      const inner = figure(n.arg);
      if (inner[1] > 0) return inner;
      const s = lastString(n.typeName?.names);
      return s ? [s, 1] : [null, 0];
    }
    case 'CollateClause': return figure(n.arg);
    case 'CaseExpr': { const inner = figure(n.defresult); return inner[1] > 0 ? inner : ['case', 1]; }
    case 'A_ArrayExpr': return ['array', 2];
    case 'RowExpr': return ['row', 2];
    case 'CoalesceExpr': return ['coalesce', 2];
    case 'MinMaxExpr': return [n.op === 'IS_LEAST' ? 'least' : 'greatest', 2];
    case 'SQLValueFunction': { const s = SQL_VALUE_FUNCTIONS[n.op]; return s ? [s, 2] : [null, 0]; }
    default: return [null, 0];
  }
};

export const figureIndexColumnName = (expr: Node): string | null => {
  const [name, strength] = figure(expr);
  return strength > 0 ? name : null;
};
