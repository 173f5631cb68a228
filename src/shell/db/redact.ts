/**
 * Connection-string redaction. Every message or log line that may contain a database URL goes
 * through here, so a password never reaches a terminal, a CI log or an error report.
 *
 * Redaction errs towards hiding too much: a malformed URL is still scrubbed, and `redactText`
 * also removes the bare password wherever it appears (drivers sometimes echo fragments of a
 * connection string they could not parse).
 */

const MASK = '***';

/** `password=...` in libpq key/value strings and in URL query parameters (also `sslpassword`). */
const KEYVALUE_PASSWORD = /((?:^|[\s?&;])(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)/gi;

/** `scheme://user:password@` anywhere in free text (stops at whitespace, as URLs in prose do). */
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:)([^\s/?#]*)@/gi;

/** The scheme plus authority's user-info split point, per WHATWG URL rules (last `@` before `/?#`). */
const splitUserInfo = (url: string): { head: string; userinfo: string; rest: string } | null => {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return null;
  const afterScheme = url.slice(scheme[0].length);
  const authorityEnd = afterScheme.search(/[/?#]/);
  const authority = authorityEnd < 0 ? afterScheme : afterScheme.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at < 0) return null;
  return { head: scheme[0], userinfo: authority.slice(0, at), rest: afterScheme.slice(at) };
};

/** Replace the password of a postgres URL or libpq key/value string with `***`. */
export const redactUrl = (url: string): string => {
  let out = url;
  const parts = splitUserInfo(out);
  if (parts) {
    const colon = parts.userinfo.indexOf(':');
    if (colon >= 0) out = `${parts.head}${parts.userinfo.slice(0, colon)}:${MASK}${parts.rest}`;
  }
  return out.replace(KEYVALUE_PASSWORD, `$1${MASK}`);
};

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Every spelling of the secrets in a connection string: raw and percent-decoded. */
const secretsOf = (url: string): string[] => {
  const found: string[] = [];
  const parts = splitUserInfo(url);
  if (parts) {
    const colon = parts.userinfo.indexOf(':');
    if (colon >= 0) found.push(parts.userinfo.slice(colon + 1));
  }
  for (const m of url.matchAll(KEYVALUE_PASSWORD)) {
    const v = m[2] ?? '';
    found.push(v.startsWith("'") ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);
  }
  const all = new Set<string>();
  for (const s of found) for (const v of [s, safeDecode(s)]) if (v !== '' && v !== MASK) all.add(v);
  // Longest first, so a password that contains another one is removed whole.
  return [...all].sort((a, b) => b.length - a.length);
};

/**
 * Redact every occurrence of the given connection strings inside `text`, then every remaining
 * occurrence of their passwords, wherever they appear. A password that is also an ordinary word
 * (say it equals the user name) is masked there too: we cannot tell which occurrence is secret.
 */
export const redactText = (text: string, urls: readonly string[]): string => {
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
  for (const url of known) for (const secret of secretsOf(url)) out = out.split(secret).join(MASK);
  out = out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => placeholders[Number(i)] ?? MASK);
  // Last, any other URL with a password and any `password=` pair the caller did not know about.
  return out.replace(URL_IN_TEXT, `$1${MASK}@`).replace(KEYVALUE_PASSWORD, `$1${MASK}`);
};
