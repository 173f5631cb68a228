/**
 * Functions, window functions and procedures (pg_proc prokind f, w, p). Attributes come from
 * their pg_proc columns; arguments and the result from pg_get_function_arguments /
 * pg_get_function_result read back through the SQL grammar (canon/routine-args.ts); the whole
 * statement from pg_get_functiondef, which is what a migration emits.
 */
import type { FunctionDef } from '../model/objects.js';
import { qname } from '../model/names.js';
import { bodyRefs } from '../canon/body-refs.js';
import { argsFromCatalog, resultFromCatalog } from '../canon/routine-args.js';
import { EXT, NS, managedRoutine } from './query-parts.js';
import { signatureSql } from './catalog-sql.js';
import { reader } from './rows.js';
import { forObject } from './records.js';

export const FUNCTIONS_SQL = `WITH ${EXT}, ${NS}
SELECT n.nspname AS schema, p.proname::text AS name, ${signatureSql('p')} AS signature, p.prokind::text AS prokind,
  pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
  CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS result,
  l.lanname::text AS language, p.provolatile::text AS volatility, p.proisstrict AS strict,
  p.prosecdef AS security_definer, p.proleakproof AS leakproof, p.proparallel::text AS parallel,
  p.procost::float8 AS cost, p.prorows::float8 AS rows,
  CASE WHEN p.prosupport <> 0 THEN p.prosupport::pg_catalog.regproc::text END AS support,
  COALESCE(p.proconfig, '{}') AS config,
  p.prosqlbody IS NOT NULL AS sql_standard,
  CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END AS body,
  pg_catalog.pg_get_functiondef(p.oid) AS definition
FROM pg_catalog.pg_proc p
JOIN ns n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'w', 'p') AND ${managedRoutine('p')}`;

export interface FunctionRow {
  readonly schema: string;
  readonly name: string;
  readonly signature: string;
  readonly prokind: string;
  readonly arguments: string;
  readonly result: string | null;
  readonly language: string;
  readonly volatility: string;
  readonly strict: boolean;
  readonly securityDefiner: boolean;
  readonly leakproof: boolean;
  readonly parallel: string;
  readonly cost: number;
  readonly rows: number;
  readonly support: string | null;
  readonly config: readonly string[];
  readonly sqlStandard: boolean;
  readonly body: string;
  readonly definition: string;
}

export const toFunctionRow = (raw: unknown): FunctionRow => {
  const r = reader('functions', raw);
  return {
    schema: r.str('schema'), name: r.str('name'), signature: r.str('signature'), prokind: r.str('prokind'),
    arguments: r.str('arguments'), result: r.optStr('result'), language: r.str('language'),
    volatility: r.str('volatility'), strict: r.bool('strict'), securityDefiner: r.bool('security_definer'),
    leakproof: r.bool('leakproof'), parallel: r.str('parallel'), cost: r.num('cost'), rows: r.num('rows'),
    support: r.optStr('support'), config: r.strs('config'), sqlStandard: r.bool('sql_standard'),
    body: r.str('body'), definition: r.str('definition'),
  };
};

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;
const PARALLEL = { s: 'safe', r: 'restricted', u: 'unsafe' } as const;

const pick = <T extends Record<string, string>>(map: T, value: string, what: string): T[keyof T] => {
  const v = map[value as keyof T];
  if (v === undefined) throw new Error(`${what} has unknown value '${value}'`);
  return v;
};

/** pg_get_functiondef ends with a newline; the model keeps the statement without it. */
const bareDefinition = (d: string): string => d.trimEnd();

export const buildFunction = (row: FunctionRow): FunctionDef => {
  const what = `function ${row.schema}.${row.name}(${row.signature})`;
  return forObject(what, () => {
    const result = row.result === null ? null : resultFromCatalog(row.result);
    const definition = bareDefinition(row.definition);
    return {
      kind: 'function',
      routineKind: row.prokind === 'p' ? 'procedure' : 'function',
      name: qname(row.schema, row.name),
      signature: row.signature,
      args: [...argsFromCatalog(row.arguments), ...(result?.table ?? [])],
      returns: result ? { type: result.type, setof: result.setof } : null,
      language: row.language,
      volatility: pick(VOLATILITY, row.volatility, `${what} provolatile`),
      strict: row.strict,
      securityDefiner: row.securityDefiner,
      leakproof: row.leakproof,
      parallel: pick(PARALLEL, row.parallel, `${what} proparallel`),
      cost: row.cost,
      rows: row.rows,
      support: row.support,
      config: [...row.config],
      window: row.prokind === 'w',
      body: row.body,
      sqlStandardBody: row.sqlStandard,
      definition,
      refs: [],
      bodyRefs: row.sqlStandard ? [] : bodyRefs(row.language, row.body, definition),
      source: null,
    };
  });
};
