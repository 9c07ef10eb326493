import { expect, test } from 'vitest';
import { REDACTED, redactConfig, redactHeaders, redactJson, redactKeys } from './secrets.ts';

/** The shape of a WisPanel key: wsp_ and 48 hex digits. */
const KEY = `wsp_${'0a1b2c3d4e5f'.repeat(4)}`;

test('redactKeys masks every wsp_ key and key prefix whole, and nothing else', () => {
  expect(REDACTED).toBe('[redacted]');
  expect(redactKeys(`Bearer ${KEY}`)).toBe('Bearer [redacted]');
  expect(redactKeys(`{"api_key":"${KEY}","other":"${KEY.toUpperCase().replace('WSP_', 'wsp_')}"}`)).toBe('{"api_key":"[redacted]","other":"[redacted]"}');
  // The 8-hex key_prefix the vendor shows, and the tail of the word with it.
  expect(redactKeys('prefix wsp_1a2b3c4d, then wsp_1a2b3c4dzz9.')).toBe('prefix [redacted], then [redacted].');
  for (const text of [
    'wsp_',
    'wsp_1234567 (seven hex digits)',
    'wsp_zzzzzzzz',
    'Bearer realm="WisPanel"',
    'a "Bearer" title',
    'Basic credentials are refused',
  ]) {
    expect(redactKeys(text)).toBe(text);
  }
  // Idempotent: redacting again changes nothing.
  expect(redactKeys(redactKeys(`a ${KEY} b ${KEY}`))).toBe('a [redacted] b [redacted]');
});

test('redactHeaders: Authorization keeps its scheme, Basic is always masked, other headers lose only keys', () => {
  const basic = `Basic ${Buffer.from('wcab12cd:hunter2').toString('base64')}`;
  expect(
    redactHeaders({
      Authorization: `Bearer ${KEY}`,
      'proxy-authorization': basic,
      'www-authenticate': 'Bearer realm="WisPanel", error="invalid_token"',
      'x-echo': `key=${KEY}; ok`,
      accept: 'application/json',
    }),
  ).toEqual({
    Authorization: 'Bearer [redacted]',
    'proxy-authorization': 'Basic [redacted]',
    'www-authenticate': 'Bearer realm="WisPanel", error="invalid_token"',
    'x-echo': 'key=[redacted]; ok',
    accept: 'application/json',
  });
  // What a malformed-auth case sends and holds no secret is kept as evidence.
  for (const value of ['Bearer', 'Bearer not-a-key', 'Token abc', 'Basic']) {
    expect(redactHeaders({ authorization: value })).toEqual({ authorization: value });
  }
  // A credential without a scheme is redacted as text.
  expect(redactHeaders({ authorization: KEY })).toEqual({ authorization: '[redacted]' });
});

test('redactHeaders uses the redaction it is given: a secret of any shape is masked after its scheme', () => {
  const known = (text: string) => text.replaceAll('plain-secret-7Qx9', REDACTED);
  expect(redactHeaders({ authorization: 'Bearer plain-secret-7Qx9', 'x-note': 'sent plain-secret-7Qx9' }, known)).toEqual({
    authorization: 'Bearer [redacted]',
    'x-note': 'sent [redacted]',
  });
  // Without it, a secret that is not key-shaped cannot be known.
  expect(redactHeaders({ authorization: 'Bearer plain-secret-7Qx9' })).toEqual({ authorization: 'Bearer plain-secret-7Qx9' });
});

test('redactJson: a deep copy with every string and key redacted, other values as they were; without a key anywhere, the value itself', () => {
  const inner = { list: [KEY, 'kept', 7, true, null], nested: { note: `with ${KEY}` } };
  const value = { [KEY]: inner, n: 1.5 };
  const copy = redactJson(value);
  expect(copy).toEqual({ '[redacted]': { list: ['[redacted]', 'kept', 7, true, null], nested: { note: 'with [redacted]' } }, n: 1.5 });
  expect(inner.list[0]).toBe(KEY);
  expect(copy).not.toBe(value);
  expect(redactJson('plain-secret-7Qx9 here', (text) => text.replace('plain-secret-7Qx9', REDACTED))).toBe('[redacted] here');
  expect(redactJson(42)).toBe(42);
  // What holds no key is shared, not copied.
  const shared = { untouched: { list: ['a', 1] }, key: KEY };
  expect(redactJson(shared).untouched).toBe(shared.untouched);
  const clean = { list: ['wsp_', 'wsp_1a2b3c', 'kept'], nested: { note: 'no key' } };
  expect(redactJson(clean)).toBe(clean);
  // A key escaped nowhere: in a string that JSON escapes elsewhere, in a key, deep in an array.
  expect(redactJson({ a: [{ note: `"quoted"\n${KEY}` }] })).toEqual({ a: [{ note: '"quoted"\n[redacted]' }] });
  expect(redactJson([[{ [KEY.toUpperCase().replace('WSP_', 'wsp_')]: 1 }]])).toEqual([[{ '[redacted]': 1 }]]);
});

test('redactConfig: strings under secret-looking fields are masked whatever their shape; other fields lose only keys', () => {
  const config = redactConfig({
    baseUrl: 'https://panel.example.test/api/v1',
    token: 'short',
    resellerToken: '',
    password: 'hunter2',
    clientSecret: 'abc',
    apiKey: 'x',
    api_key: 'y',
    adminKey: 'z',
    tokens: ['one', 'two'],
    keys: 'not a secret field',
    note: `Bearer ${KEY}`,
    nested: { passwd: 'p', label: 'visible' },
    filter: 'resellers\\.create',
    seed: 7,
    readOnly: false,
  });
  expect(config).toEqual({
    baseUrl: 'https://panel.example.test/api/v1',
    token: '[redacted]',
    // Empty says that none was given: nothing to hide.
    resellerToken: '',
    password: '[redacted]',
    clientSecret: '[redacted]',
    apiKey: '[redacted]',
    api_key: '[redacted]',
    adminKey: '[redacted]',
    tokens: ['[redacted]', '[redacted]'],
    keys: 'not a secret field',
    note: 'Bearer [redacted]',
    nested: { passwd: '[redacted]', label: 'visible' },
    filter: 'resellers\\.create',
    seed: 7,
    readOnly: false,
  });
});
