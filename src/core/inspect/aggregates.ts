/**
 * Aggregates: pg_proc (prokind 'a') with their pg_aggregate row. The CREATE AGGREGATE
 * parameters are rebuilt from the catalog columns in one fixed order, leaving out those at their
 * defaults, so both sides (the source goes through a scratch database) print the same list.
 */
import type { AggregateDef, RoutineArg } from '../model/objects.js';
import { qname } from '../model/names.js';
import { typeFromCatalog } from '../canon/catalog.js';
import { quoteIdent, quoteLiteral } from '../emit/sql/quote.js';
import { EXT, NS, managedRoutine } from './query-parts.js';
import { signatureSql } from './catalog-sql.js';
import { reader } from './rows.js';
import { forObject } from './records.js';

const fn = (col: string): string => `CASE WHEN a.${col} <> 0 THEN a.${col}::pg_catalog.regproc::text END`;
const ty = (col: string): string => `CASE WHEN a.${col} <> 0 THEN pg_catalog.format_type(a.${col}, NULL) END`;

export const AGGREGATES_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, p.proname::text AS name, ${signatureSql('p')} AS signature,
  ARRAY(SELECT pg_catalog.format_type(t, NULL) FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, i) ORDER BY u.i) AS arg_types,
  pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,
  COALESCE(p.proargnames, '{}') AS arg_names, COALESCE(p.proargmodes::text[], '{}') AS arg_modes,
  a.aggkind::text AS agg_kind, a.aggnumdirectargs::int AS direct_args,
  ${fn('aggtransfn')} AS sfunc, ${ty('aggtranstype')} AS stype, a.aggtransspace::int AS sspace,
  ${fn('aggfinalfn')} AS finalfunc, a.aggfinalextra AS finalfunc_extra, a.aggfinalmodify::text AS finalfunc_modify,
  ${fn('aggcombinefn')} AS combinefunc, ${fn('aggserialfn')} AS serialfunc, ${fn('aggdeserialfn')} AS deserialfunc,
  a.agginitval AS initcond,
  ${fn('aggmtransfn')} AS msfunc, ${fn('aggminvtransfn')} AS minvfunc, ${ty('aggmtranstype')} AS mstype,
  a.aggmtransspace::int AS msspace, ${fn('aggmfinalfn')} AS mfinalfunc, a.aggmfinalextra AS mfinalfunc_extra,
  a.aggmfinalmodify::text AS mfinalfunc_modify, a.aggminitval AS minitcond,
  CASE WHEN a.aggsortop <> 0 THEN json_build_object('schema', son.nspname, 'name', so.oprname) END AS sortop,
  p.proparallel::text AS parallel
FROM pg_catalog.pg_proc p
JOIN ns n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
LEFT JOIN pg_catalog.pg_operator so ON so.oid = a.aggsortop
LEFT JOIN pg_catalog.pg_namespace son ON son.oid = so.oprnamespace
WHERE p.prokind = 'a' AND ${managedRoutine('p')}`;

export interface AggregateRow {
  readonly schema: string;
  readonly name: string;
  readonly signature: string;
  readonly argTypes: readonly string[];
  readonly arguments: string;
  readonly argNames: readonly string[];
  readonly argModes: readonly string[];
  readonly aggKind: string;
  readonly directArgs: number;
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  readonly sortop: { readonly schema: string; readonly name: string } | null;
  readonly parallel: string;
}

const FIELDS = ['sfunc', 'stype', 'sspace', 'finalfunc', 'finalfunc_extra', 'finalfunc_modify', 'combinefunc', 'serialfunc',
  'deserialfunc', 'initcond', 'msfunc', 'minvfunc', 'mstype', 'msspace', 'mfinalfunc', 'mfinalfunc_extra', 'mfinalfunc_modify',
  'minitcond'] as const;

export const toAggregateRow = (raw: unknown): AggregateRow => {
  const r = reader('aggregates', raw);
  const fields: Record<string, string | number | boolean | null> = {};
  for (const f of FIELDS) {
    const v = r.row[f];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`unexpected aggregates.${f}: ${JSON.stringify(v)}`);
    fields[f] = v;
  }
  const so = r.row['sortop'];
  return {
    schema: r.str('schema'), name: r.str('name'), signature: r.str('signature'), argTypes: r.strs('arg_types'), arguments: r.str('arguments'),
    argNames: r.strs('arg_names'), argModes: r.strs('arg_modes'), aggKind: r.str('agg_kind'), directArgs: r.num('direct_args'),
    fields, sortop: so === null ? null : { schema: reader('aggregates.sortop', so).str('schema'), name: reader('aggregates.sortop', so).str('name') },
    parallel: r.str('parallel'),
  };
};

const MODIFY: Readonly<Record<string, string>> = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' };
const PARALLEL: Readonly<Record<string, string>> = { s: 'SAFE', r: 'RESTRICTED', u: 'UNSAFE' };

/** `NAME = value` parameters in CREATE AGGREGATE order, leaving out the defaults. */
const parametersOf = (row: AggregateRow): string[] => {
  const f = row.fields;
  const out: string[] = [];
  const put = (name: string, v: string | number | boolean | null | undefined): void => { if (v !== null && v !== undefined && v !== '') out.push(`${name} = ${String(v)}`); };
  // The default finalfunc_modify is READ_WRITE for ordered-set aggregates and READ_ONLY otherwise.
  const defaultModify = row.aggKind === 'n' ? 'r' : 'w';
  put('SFUNC', f['sfunc']);
  put('STYPE', f['stype']);
  if (f['sspace'] !== 0) put('SSPACE', f['sspace']);
  put('FINALFUNC', f['finalfunc']);
  if (f['finalfunc_extra'] === true) out.push('FINALFUNC_EXTRA');
  if (f['finalfunc'] !== null && f['finalfunc_modify'] !== defaultModify) put('FINALFUNC_MODIFY', MODIFY[f['finalfunc_modify'] as string]);
  put('COMBINEFUNC', f['combinefunc']);
  put('SERIALFUNC', f['serialfunc']);
  put('DESERIALFUNC', f['deserialfunc']);
  if (f['initcond'] !== null) put('INITCOND', quoteLiteral(f['initcond'] as string));
  put('MSFUNC', f['msfunc']);
  put('MINVFUNC', f['minvfunc']);
  put('MSTYPE', f['mstype']);
  if (f['msspace'] !== 0) put('MSSPACE', f['msspace']);
  put('MFINALFUNC', f['mfinalfunc']);
  if (f['mfinalfunc_extra'] === true) out.push('MFINALFUNC_EXTRA');
  if (f['mfinalfunc'] !== null && f['mfinalfunc_modify'] !== defaultModify) put('MFINALFUNC_MODIFY', MODIFY[f['mfinalfunc_modify'] as string]);
  if (f['minitcond'] !== null) put('MINITCOND', quoteLiteral(f['minitcond'] as string));
  if (row.sortop) out.push(`SORTOP = OPERATOR(${quoteIdent(row.sortop.schema)}.${row.sortop.name})`);
  if (row.parallel !== 'u') put('PARALLEL', PARALLEL[row.parallel]);
  if (row.aggKind === 'h') out.push('HYPOTHETICAL');
  return out;
};

const KINDS = { n: 'normal', o: 'ordered', h: 'hypothetical' } as const;
const MODES: Readonly<Record<string, RoutineArg['mode']>> = { i: 'in', v: 'variadic', o: 'out', b: 'inout', t: 'table' };

export const buildAggregate = (row: AggregateRow): AggregateDef =>
  forObject(`aggregate ${row.schema}.${row.name}(${row.signature})`, () => {
    const kind = KINDS[row.aggKind as keyof typeof KINDS];
    if (!kind) throw new Error(`unknown aggkind '${row.aggKind}'`);
    return {
      kind: 'aggregate',
      name: qname(row.schema, row.name),
      signature: row.signature,
      aggregateKind: kind,
      directArgs: row.directArgs,
      args: row.argTypes.map((t, i): RoutineArg => ({
        mode: MODES[row.argModes[i] ?? 'i'] ?? 'in', name: row.argNames[i] || null, type: { ...typeFromCatalog(t), modifiers: [] }, default: null,
      })),
      arguments: row.arguments === '' ? '*' : row.arguments,
      parameters: parametersOf(row),
      refs: [],
      source: null,
    };
  });
