/**
 * What users pass as a database: a `postgres://` / `postgresql://` URL (its user name and
 * password percent-encoded here when they were not, so a password with `#`, `/`, `?` or `@` still
 * works), or a libpq `key=value` string (turned into the equivalent URL). Anything else — another
 * scheme such as `mysql://`, a mangled `postgres:/`, an unknown key — is refused with a message
 * that never contains the password.
 */
import { redactUrl, userInfoEnd } from './redact.js';

export class ConnectionStringError extends Error {
  constructor(message: string) { super(message); this.name = 'ConnectionStringError'; }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):(\/*)/i;

const safeDecode = (s: string): string => {
  try { return decodeURIComponent(s); } catch { return s; }
};
const encode = (s: string): string => encodeURIComponent(safeDecode(s));

const normalizeUrl = (input: string, scheme: string): string => {
  const rest = input.slice(scheme.length + 3);
  const at = userInfoEnd(rest);
  if (at < 0) return input;
  const info = rest.slice(0, at);
  const colon = info.indexOf(':');
  const user = colon < 0 ? info : info.slice(0, colon);
  const userinfo = colon < 0 ? encode(user) : `${encode(user)}:${encode(info.slice(colon + 1))}`;
  return `${scheme}://${userinfo}${rest.slice(at)}`;
};

/** libpq keywords pg-flux passes on; anything else is refused rather than silently ignored. */
const QUERY_KEYS = new Set(['sslmode', 'application_name', 'options', 'connect_timeout', 'sslcert', 'sslkey', 'sslrootcert', 'sslnegotiation', 'client_encoding']);

/** Parse `host=x port=5432 dbname='my db' password='it''s'` (libpq conninfo syntax). */
export const parseKeyValue = (input: string): Map<string, string> => {
  const out = new Map<string, string>();
  let i = 0;
  const n = input.length;
  const skip = (): void => { while (i < n && /\s/.test(input[i]!)) i++; };
  for (;;) {
    skip();
    if (i >= n) return out;
    const k = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
    if (!k) throw new ConnectionStringError(`cannot read the connection string at character ${i + 1}: expected key=value pairs such as "host=localhost dbname=app"`);
    i += k[0].length;
    skip();
    if (input[i] !== '=') throw new ConnectionStringError(`connection string key "${k[0]}" is missing "=value"`);
    i++;
    skip();
    let v = '';
    if (input[i] === "'") {
      i++;
      for (; i < n && input[i] !== "'"; i++) {
        if (input[i] === '\\' && i + 1 < n) i++;
        v += input[i];
      }
      if (i >= n) throw new ConnectionStringError(`connection string value of "${k[0]}" has no closing quote`);
      i++;
    } else {
      for (; i < n && !/\s/.test(input[i]!); i++) {
        if (input[i] === '\\' && i + 1 < n) i++;
        v += input[i];
      }
    }
    out.set(k[0].toLowerCase(), v);
  }
};

const fromKeyValue = (input: string): string => {
  const kv = parseKeyValue(input);
  const host = kv.get('host') ?? kv.get('hostaddr') ?? '';
  const params = new URLSearchParams();
  for (const [k, v] of kv) {
    if (['host', 'hostaddr', 'port', 'dbname', 'user', 'password'].includes(k)) continue;
    if (!QUERY_KEYS.has(k)) throw new ConnectionStringError(`connection string key "${k}" is not supported by pg-flux (supported: host, hostaddr, port, dbname, user, password, ${[...QUERY_KEYS].join(', ')})`);
    params.set(k, v);
  }
  // A socket directory cannot be a URL host; libpq URLs take it as the host query parameter.
  const socket = host.startsWith('/');
  if (socket) params.set('host', host);
  const user = kv.get('user');
  const password = kv.get('password');
  const info = user === undefined && password === undefined ? ''
    : `${encodeURIComponent(user ?? '')}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@`;
  const port = kv.get('port');
  if (port !== undefined && !/^\d+$/.test(port)) throw new ConnectionStringError(`connection string port must be a number, got "${port}"`);
  const hostPart = socket ? '' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const db = kv.get('dbname');
  const query = params.toString();
  return `postgresql://${info}${hostPart}${port ? `:${port}` : ''}/${db === undefined ? '' : encodeURIComponent(db)}${query ? `?${query}` : ''}`;
};

/** The URL to connect with; throws ConnectionStringError (safe to print) when the input is not usable. */
export const normalizeConnectionString = (input: string, from = 'the database URL'): string => {
  const s = input.trim();
  if (s === '') throw new ConnectionStringError(`${from} is empty`);
  const m = SCHEME.exec(s);
  const scheme = m?.[1]!.toLowerCase();
  if (m && (m[2] !== '' || scheme === 'postgres' || scheme === 'postgresql')) {
    if (scheme !== 'postgres' && scheme !== 'postgresql')
      throw new ConnectionStringError(`${from} has scheme "${m[1]}:"; pg-flux connects to PostgreSQL only: use postgres://user@host:5432/dbname`);
    if (m[2] !== '//' && m[2] !== '///')
      throw new ConnectionStringError(`${from} ${JSON.stringify(redactUrl(s))} is malformed: write ${m[1]}://user@host:5432/dbname (two slashes after "${m[1]}:")`);
    const url = normalizeUrl(s, m[1]!);
    try {
      new URL(url);
    } catch {
      throw new ConnectionStringError(`${from} ${JSON.stringify(redactUrl(url))} is not a valid URL`);
    }
    return url;
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(s)) return fromKeyValue(s);
  throw new ConnectionStringError(`${from} is neither a postgres:// URL nor a libpq key=value string (e.g. "host=localhost dbname=app")`);
};
