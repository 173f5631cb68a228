/** Shared pieces of the statement rules: names from parse trees, and hazard constructors. */
import type { Node } from '../parse/pg-query.js';
import type { Hazard, HazardType } from '../model/hazard.js';
import { DEFAULT_SCHEMA } from '../canon/defaults.js';
import { quoteIdent, quoteQualified } from '../emit/sql/quote.js';
import { isLarge, routinesMentioning, sizeOf, type RunState } from './context.js';

export type StatementRule = (stmt: Node, st: RunState) => Hazard[];

export const hazard = (type: HazardType, object: string, message: string, alternative: string | null = null): Hazard =>
  ({ type, object, message, alternative });

/** `schema.name` of a RangeVar (unqualified names are taken to be in public). */
export const relKey = (rv: Node): string => `${rv['schemaname'] ?? DEFAULT_SCHEMA}.${rv['relname']}`;

/** `schema.name` of an any_name list of String nodes. */
export const listKey = (items: readonly Node[]): string => {
  const parts = items.map((n) => n['String']?.sval ?? '');
  return parts.length === 1 ? `${DEFAULT_SCHEMA}.${parts[0]}` : `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
};

export const nameOf = (key: string): string => key.slice(key.indexOf('.') + 1);

/**
 * A relation key (relKey) as messages show it, quoted where SQL needs quotes, with a member
 * (column, identity) after it. Keys join schema and name with the first dot: a schema name never
 * holds one here, since relKey builds every key these rules show.
 */
export const shown = (key: string, member?: string): string => {
  const i = key.indexOf('.');
  const rel = i < 0 ? quoteIdent(key) : quoteQualified({ schema: key.slice(0, i), name: key.slice(i + 1) });
  return member === undefined ? rel : `${rel}.${quoteIdent(member)}`;
};

/** TABLE_LOCK for an ACCESS EXCLUSIVE rewrite or scan of `table`, when it is large. */
export const tableLock = (st: RunState, table: string, what: string): Hazard[] =>
  isLarge(st, table)
    ? [hazard('TABLE_LOCK', table, `${what} under an ACCESS EXCLUSIVE lock on ${shown(table)} (${sizeOf(st, table)}): reads and writes wait until it ends`,
      'run it in a maintenance window, or reach the same result without a rewrite or scan (a new column backfilled in batches, NOT VALID + VALIDATE)')]
    : [];

/** UNTRACKED_DEPENDENCIES when function bodies mention the words (e.g. table and column name). */
export const untracked = (st: RunState, object: string, what: string, words: readonly string[]): Hazard[] => {
  const users = routinesMentioning(st, words);
  if (users.length === 0) return [];
  const list = users.length > 5 ? `${users.slice(0, 5).join(', ')} and ${users.length - 5} more` : users.join(', ');
  return [hazard('UNTRACKED_DEPENDENCIES', object, `${what}, and the body of ${list} mentions it: PostgreSQL does not track such uses, so they fail only when called`,
    'update those functions in the same migration (or check that the mention is not a use)')];
};

export const hasDefElem = (list: readonly Node[] | undefined, name: string): boolean =>
  (list ?? []).some((o) => o['DefElem']?.defname === name);
