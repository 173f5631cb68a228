/**
 * PostgreSQL's names for objects the user did not name (src/backend/commands/indexcmds.c and
 * catalog/pg_constraint.c): `<table>_<cols>_<label>`, each part truncated so the whole fits in
 * 63 bytes (the longer part loses characters first), and a number appended to the label when
 * the name is taken.
 */
import { NAMEDATALEN, clipBytes } from './identifiers.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export const makeObjectName = (name1: string, name2: string | null, label: string | null): string => {
  let overhead = 0;
  let n1 = bytes(name1);
  let n2 = name2 === null ? 0 : bytes(name2);
  if (name2 !== null) overhead++;
  if (label !== null) overhead += bytes(label) + 1;
  const avail = NAMEDATALEN - 1 - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--; else n2--;
  }
  let out = clipBytes(name1, n1);
  if (name2 !== null) out += `_${clipBytes(name2, n2)}`;
  if (label !== null) out += `_${label}`;
  return out;
};

/** Column-name part of a default name: names joined by `_`, stopping once 63 bytes are reached. */
export const nameAddition = (names: readonly string[]): string => {
  let buf = '';
  for (const n of names) {
    if (buf.length > 0) buf += '_';
    buf += clipBytes(n, NAMEDATALEN - 1);
    if (bytes(buf) >= NAMEDATALEN) break;
  }
  return buf;
};

/** First free name `name1_name2_label`, `..._label1`, `..._label2`, ... */
export const chooseName = (
  name1: string, name2: string | null, label: string, taken: (name: string) => boolean,
): string => {
  for (let pass = 0; ; pass++) {
    const candidate = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(candidate)) return candidate;
  }
};

/**
 * Column names of index elements for the default index name: expressions are called `expr`,
 * and repeated names get a number (a, a1, ...), as ChooseIndexColumnNames does.
 */
export const indexColumnNames = (elements: readonly (string | null)[]): string[] => {
  const out: string[] = [];
  for (const e of elements) {
    const base = e ?? 'expr';
    let name = base;
    for (let i = 1; out.includes(name); i++) name = clipBytes(base, NAMEDATALEN - 1 - String(i).length) + i;
    out.push(name);
  }
  return out;
};

/**
 * The name PostgreSQL 18 gives a column's NOT NULL constraint when none is written. (When that
 * name is taken in the schema PostgreSQL appends a number; such a name reads as a chosen one.)
 */
export const defaultNotNullName = (table: string, column: string): string => makeObjectName(table, column, 'not_null');

/**
 * Whether a NOT NULL constraint's name is one PostgreSQL chose itself: the default, or the
 * default with the pass number ChooseConstraintName adds when that name was taken (two long
 * column names that truncate alike get `..._not_null` and `..._not_null1`).
 */
export const isChosenNotNullName = (table: string, column: string, name: string): boolean => {
  if (name === defaultNotNullName(table, column)) return true;
  const pass = /not_null(\d+)$/.exec(name)?.[1];
  return pass !== undefined && !pass.startsWith('0') && name === makeObjectName(table, column, `not_null${pass}`);
};
