import { expect, test } from 'vitest';
import { exchange, judge, NOW, verdictOf } from '../../test/helpers/check-context.ts';
import { defaultPermissions, expiresInDays, prefixMatches, secretForm, secretLowercase } from './issued-key-form.ts';

const SECRET = `wsp_${'0123456789abcdef'.repeat(3)}`;
const issued = (over: { secret?: string; key?: Record<string, unknown> } = {}) => {
  const secret = over.secret ?? SECRET;
  return exchange(201, {
    secret_key: secret,
    api_key: secret,
    key: { id: 7, key_prefix: secret.slice(0, 12), permissions: ['all'], expires_at: new Date(NOW + 86_400_000).toISOString(), ...over.key },
  });
};

test('the secret is wsp_ and 48 hex characters, in secret_key and in its copy; its description never shows it', () => {
  expect(verdictOf(secretForm, issued())).toBe('ok');
  expect(verdictOf(secretForm, issued({ secret: SECRET.toUpperCase().replace('WSP_', 'wsp_') }))).toBe('ok');
  expect(judge(secretForm, issued({ secret: SECRET.slice(0, -8) }))?.message).toBe(
    'expected the secret to be wsp_ and 48 hex characters, got wsp_ and 40 hex characters',
  );
  expect(judge(secretForm, issued({ secret: `sk_${'g'.repeat(48)}` }))?.message).toBe(
    'expected the secret to be wsp_ and 48 hex characters, got no wsp_ prefix, 51 non-hex characters',
  );
  expect(verdictOf(secretForm, exchange(201, { key: {} }))).toBeUndefined();
});

test('lower-case hex is a convention, judged on secrets of the documented form only', () => {
  expect(verdictOf(secretLowercase, issued())).toBe('ok');
  expect(judge(secretLowercase, issued({ secret: SECRET.toUpperCase().replace('WSP_', 'wsp_') }))?.message).toBe(
    'expected lower-case hex in the secret, got upper case',
  );
  expect(verdictOf(secretLowercase, issued({ secret: SECRET.slice(0, -8) }))).toBeUndefined();
});

test('key_prefix is wsp_ and 8 hex characters, and the start of its own secret', () => {
  expect(verdictOf(prefixMatches, issued())).toBe('ok');
  expect(judge(prefixMatches, issued({ key: { key_prefix: 'wsp_ffffffff' } }))?.message).toBe(
    'expected key.key_prefix wsp_ffffffff to be the start of the secret issued with it, got a secret starting wsp_01234567...',
  );
  expect(judge(prefixMatches, issued({ key: { key_prefix: 'wsp_0123' } }))?.message).toBe(
    'expected key.key_prefix to be wsp_ and 8 hex characters, got "wsp_0123"',
  );
  expect(verdictOf(prefixMatches, exchange(201, { secret_key: SECRET }))).toBeUndefined();
});

test("expires_at is expires_in days after the issue, by the server's Date when it sends one; 0 is never", () => {
  const days = (n: number) => ({ evidence: { days: n } });
  expect(verdictOf(expiresInDays, issued(), days(1))).toBe('ok');
  expect(verdictOf(expiresInDays, issued({ key: { expires_at: new Date(NOW + 2 * 86_400_000 + 600_000).toISOString() } }), days(2))).toBe('ok');
  expect(judge(expiresInDays, issued({ key: { expires_at: new Date(NOW + 1000).toISOString() } }), days(1))?.message).toBe(
    `expected expires_at 1 day(s) after the issue (expires_in is in days), got ${new Date(NOW + 1000).toISOString()}, 1.0 s after the issue`,
  );
  // The server's clock is 3 hours ahead of ours: its own Date decides.
  const skewed = issued({ key: { expires_at: new Date(NOW + 3 * 3_600_000 + 86_400_000).toISOString() } });
  skewed.response!.headers.date = new Date(NOW + 3 * 3_600_000).toUTCString();
  expect(verdictOf(expiresInDays, skewed, days(1))).toBe('ok');
  expect(verdictOf(expiresInDays, issued({ key: { expires_at: '0001-01-01T00:00:00Z' } }), days(0))).toBe('ok');
  expect(judge(expiresInDays, issued({ key: { expires_at: '0001-01-01T00:00:00Z' } }), days(1))?.message).toMatch(
    /^expected expires_at 1 day\(s\) after the issue .*, got 0001-01-01T00:00:00Z, .* before the issue$/,
  );
  expect(judge(expiresInDays, issued({ key: { expires_at: 'soon' } }), days(1))?.message).toBe('expected expires_at to be a date 1 day(s) ahead, got "soon"');
  expect(verdictOf(expiresInDays, exchange(201, { secret_key: SECRET, key: {} }), days(1))).toBeUndefined();
});

test('a key issued without permissions has ["read"]', () => {
  expect(verdictOf(defaultPermissions, issued({ key: { permissions: ['read'] } }))).toBe('ok');
  expect(judge(defaultPermissions, issued({ key: { permissions: ['all'] } }))?.message).toBe(
    'expected permissions ["read"] for a key issued without any, got ["all"]',
  );
  expect(verdictOf(defaultPermissions, exchange(201, { secret_key: SECRET }))).toBeUndefined();
});
