/**
 * `pg-parsers.ts`: the node-postgres type parsers that --bigint-as and --dates-as choices need
 * (node-postgres 8 returns int8 as string and dates as Date by default). Call
 * `registerPgParsers(pg.types)` once before the first query. Scalars and their 1-D arrays are
 * both registered (built-in OIDs are fixed).
 */
import { header, type HeaderFacts } from '../header.js';

interface ParserSpec { readonly oid: number; readonly arrayOid: number; readonly parse: string }

const SPECS: Readonly<Record<string, ParserSpec>> = {
  'int8:number': { oid: 20, arrayOid: 1016, parse: '(v) => Number(v)' },
  'int8:bigint': { oid: 20, arrayOid: 1016, parse: '(v) => BigInt(v)' },
  'date:string': { oid: 1082, arrayOid: 1182, parse: '(v) => v' },
  'timestamp:string': { oid: 1114, arrayOid: 1115, parse: '(v) => v' },
  'timestamptz:string': { oid: 1184, arrayOid: 1185, parse: '(v) => v' },
  'interval:string': { oid: 1186, arrayOid: 1187, parse: '(v) => v' },
  'date:temporal': { oid: 1082, arrayOid: 1182, parse: '(v) => Temporal.PlainDate.from(v)' },
  'time:temporal': { oid: 1083, arrayOid: 1183, parse: '(v) => Temporal.PlainTime.from(v)' },
  'timestamp:temporal': { oid: 1114, arrayOid: 1115, parse: "(v) => Temporal.PlainDateTime.from(v.replace(' ', 'T'))" },
  'timestamptz:temporal': { oid: 1184, arrayOid: 1185, parse: "(v) => Temporal.Instant.from(v.replace(' ', 'T'))" },
  'interval:temporal': { oid: 1186, arrayOid: 1187, parse: '(v) => Temporal.Duration.from(v)' },
};

export const printPgParsers = (hash: HeaderFacts, keys: readonly string[]): string => {
  const specs = keys.map((k) => [k, SPECS[k]] as const).filter((x): x is readonly [string, ParserSpec] => !!x[1]);
  const temporal = specs.some(([, s]) => s.parse.includes('Temporal.'));
  const interval = keys.includes('interval:temporal');
  return [
    header('//', hash), '',
    ...(temporal ? ["import { Temporal } from 'temporal-polyfill';", ''] : []),
    '/** The part of node-postgres\' `types` this needs (pass `pg.types`). */',
    'export interface PgTypeParsers {',
    '  setTypeParser(oid: number, parse: (value: string) => unknown): void;',
    '}', '',
    '/** Elements of a one-dimensional PostgreSQL array literal (`{a,"b c",NULL}`), unquoted. */',
    'const arrayItems = (text: string): (string | null)[] => {',
    '  const items: (string | null)[] = [];',
    '  let i = 1;',
    "  if (text === '{}') return items;",
    '  while (i < text.length) {',
    '    let item = \'\';',
    '    let quoted = false;',
    "    if (text[i] === '\"') {",
    '      quoted = true;',
    '      i++;',
    "      while (i < text.length && text[i] !== '\"') { if (text[i] === '\\\\') i++; item += text[i]; i++; }",
    '      i++;',
    "    } else { while (i < text.length && text[i] !== ',' && text[i] !== '}') { item += text[i]; i++; } }",
    "    items.push(!quoted && item === 'NULL' ? null : item);",
    '    i++;',
    '  }',
    '  return items;',
    '};', '',
    ...(interval ? ['/** Temporal.Duration needs intervals in ISO 8601: connect with `options: \'-c intervalstyle=iso_8601\'`. */'] : []),
    'export const registerPgParsers = (types: PgTypeParsers): void => {',
    ...specs.flatMap(([k, s]) => [
      `  // ${k}`,
      `  const parse${s.oid} = ${s.parse.replace('(v) =>', '(v: string) =>')};`,
      `  types.setTypeParser(${s.oid}, parse${s.oid});`,
      `  types.setTypeParser(${s.arrayOid}, (v) => arrayItems(v).map((x) => (x === null ? null : parse${s.oid}(x))));`,
    ]),
    '};', '',
  ].join('\n');
};
