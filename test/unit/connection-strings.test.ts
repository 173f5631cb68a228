/** Connection strings: never printed with their password, however malformed; only PostgreSQL accepted; libpq key=value works. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, redactUrl } from '../../src/shell/db/redact.js';
import { normalizeConnectionString, parseKeyValue } from '../../src/shell/db/connection-string.js';

/** Each case: a connection string and its secret. Every one of these leaked (all or part) before. */
const LEAKS: readonly [string, string][] = [
  ['postgres://app:pa#ss@db.example/app', 'pa#ss'],
  ['postgres://app:pa/ss@db.example/app', 'pa/ss'],
  ['postgres://app:pa?ss@db.example/app', 'pa?ss'],
  ['postgres://app:p@ss@db.example/app', 'p@ss'],
  ['postgres://app:#/?@@db.example:5432/app?sslmode=disable', '#/?@'],
  ['postgres:/app:single-slash-pw@db.example/app', 'single-slash-pw'],
  ['postgres:app:no-slash-pw@db.example/app', 'no-slash-pw'],
  ['postgres://app@db.example/app?password=abc;def-tail&sslmode=disable', 'abc;def-tail'],
  ['postgres://app@db.example/app?sslpassword=key;pass', 'key;pass'],
  ["host=db.example user=app password='it''s secret' dbname=app", "it''s secret"],
  ["host=db.example user=app password = 'sp ace d' dbname=app", 'sp ace d'],
  ['host=db.example password=plainsecret dbname=app', 'plainsecret'],
  ['user=app password=semi;colon host=db', 'semi;colon'],
  ['mysql://root:mysql-pw@db.example/app', 'mysql-pw'],
];

describe('redaction', () => {
  for (const [url, secret] of LEAKS) {
    it(`hides the password of ${redactUrl(url)}`, () => {
      for (const part of secret.split(/[ ']+/).filter((p) => p.length >= 3)) {
        assert.ok(!redactUrl(url).includes(part), `redactUrl leaks "${part}": ${redactUrl(url)}`);
        const text = `could not connect to ${url}: it said ${url.slice(0, 30)}… and then ${secret}`;
        assert.ok(!redactText(text, [url]).includes(part), `redactText leaks "${part}": ${redactText(text, [url])}`);
      }
      assert.ok(redactUrl(url).includes('***'));
    });
  }
  it('keeps everything that is not a secret', () => {
    assert.equal(redactUrl('postgres://app:pa#ss@db.example:5432/app?sslmode=disable'), 'postgres://app:***@db.example:5432/app?sslmode=disable');
    assert.equal(redactUrl('postgres://db.example/app'), 'postgres://db.example/app');
  });
  it('a short password is masked where it stands alone, not inside other words', () => {
    assert.equal(redactText('error: --db postgres://u:b@h/d is wrong; dbname b', ['postgres://u:b@h/d']), 'error: --db postgres://u:***@h/d is wrong; dbname ***');
  });
  it('a bare secret (PGPASSWORD) is masked anywhere', () => {
    assert.equal(redactText('FATAL: password hunter2-long for user', [], ['hunter2-long']), 'FATAL: password *** for user');
  });
});

describe('normalizeConnectionString', () => {
  it('accepts postgres:// and postgresql:// and encodes a raw password so it still connects', () => {
    assert.equal(normalizeConnectionString('postgresql://app@db/app'), 'postgresql://app@db/app');
    const u = new URL(normalizeConnectionString('postgres://app:p@ss#/?w@db.example:5432/app?sslmode=disable'));
    assert.equal(decodeURIComponent(u.password), 'p@ss#/?w');
    assert.equal(u.hostname, 'db.example');
    assert.equal(u.pathname, '/app');
    assert.equal(u.searchParams.get('sslmode'), 'disable');
  });
  it('refuses other schemes and mangled URLs, without the password', () => {
    assert.throws(() => normalizeConnectionString('mysql://root:pw-mysql@h/app', '--db'), (e: unknown) =>
      /^--db has scheme "mysql:"; pg-flux connects to PostgreSQL only/.test((e as Error).message) && !(e as Error).message.includes('pw-mysql'));
    assert.throws(() => normalizeConnectionString('postgres:/app:pw-single@h/app', '--db'), (e: unknown) =>
      /is malformed: write postgres:\/\/user@host:5432\/dbname/.test((e as Error).message) && !(e as Error).message.includes('pw-single'));
    assert.throws(() => normalizeConnectionString('localhost:5432/app'), /neither a postgres:\/\/ URL nor a libpq key=value string/);
    assert.throws(() => normalizeConnectionString('   '), /is empty/);
  });
  it('turns a libpq key=value string into the same URL, quoting and escapes included', () => {
    assert.deepEqual([...parseKeyValue("host=h port = 5433 dbname='my db' password='it\\'s' user=u")],
      [['host', 'h'], ['port', '5433'], ['dbname', 'my db'], ['password', "it's"], ['user', 'u']]);
    const u = new URL(normalizeConnectionString("host=db.example port=5433 dbname='my db' user=app password='p w' sslmode=require application_name=ci"));
    assert.equal(u.hostname, 'db.example');
    assert.equal(u.port, '5433');
    assert.equal(decodeURIComponent(u.pathname), '/my db');
    assert.equal(decodeURIComponent(u.password), 'p w');
    assert.equal(u.searchParams.get('sslmode'), 'require');
    assert.equal(u.searchParams.get('application_name'), 'ci');
    assert.equal(normalizeConnectionString('host=/var/run/postgresql dbname=app'), 'postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql');
  });
  it('refuses a key=value string it cannot honour, by name', () => {
    assert.throws(() => normalizeConnectionString('host=h service=prod'), /connection string key "service" is not supported by pg-flux/);
    assert.throws(() => normalizeConnectionString("host=h password='unterminated"), (e: unknown) =>
      /value of "password" has no closing quote/.test((e as Error).message) && !(e as Error).message.includes('unterminated'));
    assert.throws(() => normalizeConnectionString('host=h port=fast'), /port must be a number/);
  });
});
