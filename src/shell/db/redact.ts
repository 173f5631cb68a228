/**
 * Connection-string redaction. Every message or log line that may contain a database URL goes
 * through here, so a password never reaches a terminal, a CI log or an error report.
 *
 * Redaction errs towards hiding too much: a malformed URL is still scrubbed (a password holding
 * an unencoded `#`, `/`, `?` or `@`, `postgres:/user:pw@host`, a `?password=` value with `;` in
 * it, libpq `key=value` strings), and `redactText` also removes the bare password wherever it
 * appears (drivers sometimes echo fragments of a connection string they could not parse).
 */

const MASK = '***';

/** `password=...` in libpq key/value strings (quoted or up to the next blank); also `sslpassword`. */
const KEYVALUE_PASSWORD = /((?:^|[\s(,])(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.|'')*'?|\S*)/gi;

/** `password=` in a URL query: the value runs to the next `&` (a `;` or `#` in it is part of it). */
const QUERY_PASSWORD = /([?&](?:ssl)?password=)([^&\s]*)/gi;

/** A scheme and its slashes, however many (`postgres:/x` and `postgres:x` are still URLs to hide). */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/*/i;

/**
 * Where the user-info of a URL ends: the last `@` of the authority. A password may hold `/`, `?`,
 * `#` or `@` unencoded, so this is the last `@` of the whole text, unless that one sits in the
 * query string (`?options=a@b`) behind an earlier `@`.
 */
export const userInfoEnd = (afterScheme: string): number => {
  const last = afterScheme.lastIndexOf('@');
  if (last < 0) return -1;
  const q = afterScheme.lastIndexOf('?', last);
  if (q >= 0 && afterScheme.slice(q, last).includes('=')) {
    const earlier = afterScheme.lastIndexOf('@', q);
    if (earlier >= 0) return earlier;
  }
  return last;
};

const splitUserInfo = (url: string): { head: string; userinfo: string; rest: string } | null => {
  const scheme = SCHEME.exec(url);
  if (!scheme) return null;
  const after = url.slice(scheme[0].length);
  const at = userInfoEnd(after);
  if (at < 0) return null;
  return { head: scheme[0], userinfo: after.slice(0, at), rest: after.slice(at) };
};

/** Replace the password of a postgres URL or libpq key/value string with `***`. */
export const redactUrl = (url: string): string => {
  let out = url;
  const parts = splitUserInfo(out);
  if (parts) {
    const colon = parts.userinfo.indexOf(':');
    if (colon >= 0) out = `${parts.head}${parts.userinfo.slice(0, colon)}:${MASK}${parts.rest}`;
  }
  return out.replace(QUERY_PASSWORD, `$1${MASK}`).replace(KEYVALUE_PASSWORD, `$1${MASK}`);
};

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const unquote = (v: string): string => (v.startsWith("'") ? v.slice(1, v.endsWith("'") && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1') : v);

/** Every spelling of the secrets in a connection string: raw, percent-decoded and percent-encoded. */
export const secretsOf = (url: string): string[] => {
  const found: string[] = [];
  const parts = splitUserInfo(url);
  if (parts) {
    const colon = parts.userinfo.indexOf(':');
    if (colon >= 0) found.push(parts.userinfo.slice(colon + 1));
  }
  for (const m of url.matchAll(QUERY_PASSWORD)) found.push(m[2] ?? '');
  for (const m of url.matchAll(KEYVALUE_PASSWORD)) found.push(unquote(m[2] ?? ''), unquote(m[2] ?? '').replace(/''/g, "'"));
  const all = new Set<string>();
  for (const s of found) {
    for (const v of [s, safeDecode(s), encodeURIComponent(safeDecode(s))]) if (v !== '' && v !== MASK) all.add(v);
  }
  // Longest first, so a password that contains another one is removed whole.
  return [...all].sort((a, b) => b.length - a.length);
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A long secret is masked wherever it appears; a short one (a test password like `pw`) only
 * where it stands alone, so that `--db` or `dbname` are not mangled into `--d***`.
 */
const maskSecret = (text: string, secret: string): string =>
  secret.length >= 6 ? text.split(secret).join(MASK)
    : text.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, 'g'), MASK);

/** Any URL with a password in free text: the password runs to the last `@` before a blank. */
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/*[^\s:@/]*:)(\S*)@/gi;

/**
 * Redact every occurrence of the given connection strings (and bare secrets, e.g. PGPASSWORD)
 * inside `text`, then every remaining occurrence of their passwords, wherever they appear. A
 * password that is also an ordinary word (say it equals the user name) is masked there too: we
 * cannot tell which occurrence is secret.
 */
export const redactText = (text: string, urls: readonly string[], bareSecrets: readonly string[] = []): string => {
  let out = text;
  const known = [...urls].filter((u) => u !== '').sort((a, b) => b.length - a.length);
  const placeholders: string[] = [];
  for (const url of known) {
    if (!out.includes(url)) continue;
    // Swap whole URLs for placeholders first so the bare-password pass cannot mangle them.
    const token = `\u0000${placeholders.length}\u0000`;
    placeholders.push(redactUrl(url));
    out = out.split(url).join(token);
  }
  const secrets = [...known.flatMap(secretsOf), ...bareSecrets.filter((s) => s !== '')].sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = maskSecret(out, secret);
  // eslint-disable-next-line no-control-regex -- the placeholders are NUL-delimited on purpose
  out = out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => placeholders[Number(i)] ?? MASK);
  // Last, any other URL with a password and any `password=` pair the caller did not know about.
  return out.replace(URL_IN_TEXT, `$1${MASK}@`).replace(QUERY_PASSWORD, `$1${MASK}`).replace(KEYVALUE_PASSWORD, `$1${MASK}`);
};
