import { quoteLiteral } from './quote.js';

/** `key=value` storage parameter or attribute option as SQL (values that are not plain words are quoted). */
export const optionSql = (o: string): string => {
  const i = o.indexOf('=');
  const [k, v] = [o.slice(0, i), o.slice(i + 1)];
  return `${k}=${/^[A-Za-z0-9_.-]+$/.test(v) ? v : quoteLiteral(v)}`;
};
