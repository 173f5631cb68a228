/**
 * Secret options of foreign-data objects. A generic option whose NAME contains one of
 * `pass`, `pwd`, `secret`, `token`, `key` or `credential` (any case: password, passfile,
 * sslpassword, api_key, sslkey, aws_secret_access_key, ...) is secret: its value is never read
 * into the model, printed, logged or written to a migration or dump. The inspector maps such
 * options to their name in SQL (the value never reaches pg-flux); the parser keeps only the
 * name. The rule errs on the side of secrecy: a file path option like `sslkey` is hidden too.
 */
import type { Node } from '../parse/pg-query.js';
import type { GenericOptions } from '../model/foreign.js';
import { defElemValue } from './options.js';

/** The rule as a POSIX regular expression (case-insensitive), for the catalog query and for docs. */
export const SECRET_OPTION_PATTERN = 'pass|pwd|secret|token|key|credential';

const SECRET = new RegExp(SECRET_OPTION_PATTERN, 'i');

export const isSecretOption = (name: string): boolean => SECRET.test(name);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `OPTIONS (...)` DefElems of a CREATE statement → plain `name=value` strings and secret names. */
export const genericOptions = (elems: readonly Node[] | undefined): GenericOptions => {
  const options: string[] = [];
  const secretOptions: string[] = [];
  for (const e of elems ?? []) {
    const d = e['DefElem'];
    const name = String(d.defname);
    // The value of a secret option is not even looked at.
    if (isSecretOption(name)) secretOptions.push(name);
    else options.push(`${name}=${defElemValue(d.arg)}`);
  }
  return { options: options.sort(byText), secretOptions: [...new Set(secretOptions)].sort(byText) };
};

/** The same from the catalog's (already split) lists. */
export const catalogOptions = (options: readonly string[], secrets: readonly string[]): GenericOptions =>
  ({ options: [...options].sort(byText), secretOptions: [...new Set(secrets)].sort(byText) });

/**
 * SQL giving `options` (text[] of `name=value`, secret names left out) and `secrets` (text[] of
 * secret names) of a catalog options column: the values of secret options stay on the server.
 */
export const optionColumnsSql = (column: string, prefix: string): string => {
  const pattern = `'${SECRET_OPTION_PATTERN}'`;
  return `ARRAY(SELECT o.option_name || '=' || COALESCE(o.option_value, '') FROM pg_catalog.pg_options_to_table(${column}) o
    WHERE o.option_name !~* ${pattern}) AS ${prefix}options,
  ARRAY(SELECT o.option_name::text FROM pg_catalog.pg_options_to_table(${column}) o
    WHERE o.option_name ~* ${pattern}) AS ${prefix}secrets`;
};

/** The name part of `name=value`. */
export const optionName = (o: string): string => o.slice(0, o.indexOf('='));
