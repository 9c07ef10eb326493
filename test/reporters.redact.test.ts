import { expect, test } from 'vitest';
import { redactConfig, redactTokens } from '../reporters/redact.ts';
import { KNOWN_TOKEN, SECRET_FRAGMENT } from './fixtures/reporters/sample-run.ts';

test('WisPanel keys and bearer credentials are redacted wherever they stand', () => {
  expect(redactTokens(`key ${KNOWN_TOKEN} issued`)).toBe('key wsp_…redacted issued');
  expect(redactTokens(`Authorization: Bearer ${KNOWN_TOKEN}`)).toBe('Authorization: Bearer [redacted]');
  expect(redactTokens('authorization: bearer abc.def-ghi_~+/==')).toBe('authorization: Bearer [redacted]');
  expect(redactTokens(`{"secret_key":"${KNOWN_TOKEN}","auth":"Bearer xyz","n":1}`)).toBe(
    '{"secret_key":"wsp_…redacted","auth":"Bearer [redacted]","n":1}',
  );
  expect(redactTokens(`(sent with Bearer ${KNOWN_TOKEN})`)).toBe('(sent with Bearer [redacted])');
});

test('redaction is idempotent and spares a WWW-Authenticate challenge', () => {
  for (const text of [`Bearer ${KNOWN_TOKEN}`, `a ${KNOWN_TOKEN} b`, '{"a":"Bearer x"}', 'Bearer [redacted]) done']) {
    expect(redactTokens(redactTokens(text))).toBe(redactTokens(text));
  }
  expect(redactTokens('Bearer realm="wispanel", error="invalid_token"')).toBe('Bearer realm="wispanel", error="invalid_token"');
});

test('config: secret-looking fields are masked whatever their shape, tokens anywhere redacted', () => {
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
    list: ['wsp_…redacted'],
    seed: 7,
  });
  expect(JSON.stringify(config)).not.toContain(SECRET_FRAGMENT);
});
