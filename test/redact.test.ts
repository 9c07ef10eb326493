// The redaction of src/model/secrets.ts (headers, JSON values, the
// configuration): exactly the secrets go, ordinary text stays as it was.
import { expect, test } from 'vitest';
import { createRedactor } from '../src/http/redact.ts';
import { redactConfig, redactHeaders, redactJson, redactKeys } from '../src/model/secrets.ts';
import { KNOWN_TOKEN, SECRET_FRAGMENT } from './fixtures/reporters/sample-run.ts';

/** A secret that has no wsp_ shape: only knowing it can mask it. */
const PLAIN_SECRET = 'not-shaped-like-a-key-7Qx9';

test('a wsp_ key echoed in an error message is masked, the message kept', () => {
  const body = `{"success":false,"code":"UNAUTHORIZED","error":"Invalid API key ${KNOWN_TOKEN}","status":401}`;
  expect(redactKeys(body)).toBe('{"success":false,"code":"UNAUTHORIZED","error":"Invalid API key [redacted]","status":401}');
});

test('Authorization: the key part only is masked; Basic always; anything else kept', () => {
  const redact = createRedactor([PLAIN_SECRET]);
  const basic = `Basic ${Buffer.from('wcab12cd:not-a-password').toString('base64')}`;
  expect(
    redactHeaders(
      {
        authorization: `Bearer ${KNOWN_TOKEN}`,
        'Proxy-Authorization': basic,
        accept: `application/json; note=${PLAIN_SECRET}`,
      },
      redact,
    ),
  ).toEqual({ authorization: 'Bearer [redacted]', 'Proxy-Authorization': 'Basic [redacted]', accept: 'application/json; note=[redacted]' });
  expect(redactHeaders({ authorization: `Bearer ${PLAIN_SECRET}` }, redact)).toEqual({ authorization: 'Bearer [redacted]' });
  expect(redactHeaders({ authorization: basic })).toEqual({ authorization: 'Basic [redacted]' });
  // What the malformed-auth cases send that holds no secret is evidence: kept.
  for (const header of ['Bearer', 'Bearer ', 'Bearer not-a-key', 'Token abc', 'Basic']) {
    expect(redactHeaders({ authorization: header }, redact)).toEqual({ authorization: header });
  }
  expect(redactHeaders({ authorization: 'Basic [redacted]' })).toEqual({ authorization: 'Basic [redacted]' });
});

test('JSON values: every string and key redacted, a deep copy', () => {
  const value = { [KNOWN_TOKEN]: [KNOWN_TOKEN, 1, null, { title: '"Bearer" without a key' }] };
  const copy = redactJson(value);
  expect(copy).toEqual({ '[redacted]': ['[redacted]', 1, null, { title: '"Bearer" without a key' }] });
  expect(value[KNOWN_TOKEN][0]).toBe(KNOWN_TOKEN);
});

test('config: secret-looking fields are masked whatever their shape, keys anywhere redacted', () => {
  const config = redactConfig({
    token: 'not-a-wsp-shaped-secret',
    resellerToken: '',
    nested: { adminKey: 'k', note: `Bearer ${KNOWN_TOKEN}` },
    list: [KNOWN_TOKEN],
    seed: 7,
  });
  expect(config).toEqual({
    token: '[redacted]',
    resellerToken: '',
    nested: { adminKey: '[redacted]', note: 'Bearer [redacted]' },
    list: ['[redacted]'],
    seed: 7,
  });
  expect(JSON.stringify(config)).not.toContain(SECRET_FRAGMENT);
});
