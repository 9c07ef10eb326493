import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { issuedKeyAuthenticates, issuedKeyCopied, retryIssuesNoSecondKey } from './issued-key.ts';

test('api_key is a copy of secret_key; judged only where both are strings', () => {
  expect(verdictOf(issuedKeyCopied, exchange(201, { secret_key: 'wsp_a', api_key: 'wsp_a' }))).toBe('ok');
  expect(judge(issuedKeyCopied, exchange(201, { secret_key: 'wsp_a', api_key: 'wsp_b' }))?.ok).toBe(false);
  expect(verdictOf(issuedKeyCopied, exchange(201, { secret_key: 'wsp_a' }))).toBeUndefined();
});

test('the issued key authenticates as its reseller: /auth/me names it, with role reseller', () => {
  const evidence = { username: 'wcabc' };
  expect(verdictOf(issuedKeyAuthenticates, exchange(200, { username: 'wcabc', role: 'reseller' }), { evidence })).toBe('ok');
  expect(judge(issuedKeyAuthenticates, exchange(200, { username: 'admin', role: 'admin' }), { evidence })?.message).toBe(
    'expected GET /auth/me with the issued key to name reseller wcabc, got username "admin", role "admin"',
  );
  expect(judge(issuedKeyAuthenticates, exchange(401, { code: 'UNAUTHORIZED' }), { evidence })?.message).toBe(
    'expected GET /auth/me with the issued key to answer 200, got 401 UNAUTHORIZED',
  );
});

test('a key issue retried with its Idempotency-Key: the first key again, or a refusal, passes; a second key fails without showing a secret', () => {
  const secret = (n: number) => `wsp_${String(n).repeat(48)}`;
  const issued = (n: number) => exchange(201, { secret_key: secret(n), api_key: secret(n), key: { id: n, key_prefix: secret(n).slice(0, 12) } });
  const first = issued(1);
  expect(verdictOf(retryIssuesNoSecondKey, issued(1), { evidence: { first } })).toBe('ok');
  expect(
    verdictOf(retryIssuesNoSecondKey, exchange(409, { success: false, error: 'Conflict', message: 'replayed', code: 'CONFLICT', status: 409 }), {
      evidence: { first },
    }),
  ).toBe('ok');
  // A replay that leaves the secret out (shown once) but names the same key.
  expect(verdictOf(retryIssuesNoSecondKey, exchange(201, { key: { id: 1, key_prefix: secret(1).slice(0, 12) } }), { evidence: { first } })).toBe('ok');
  const second = judge(retryIssuesNoSecondKey, issued(2), { evidence: { first } });
  expect(second).toEqual({
    ok: false,
    message:
      'expected a retry with the same Idempotency-Key to issue no second key, got 201 with another secret_key, another api_key, key.id 1 -> 2, another key.key_prefix',
  });
  expect(second!.message).not.toContain('wsp_');
  // Nothing that tells keys apart: not judged.
  expect(verdictOf(retryIssuesNoSecondKey, exchange(201, { success: true }), { evidence: { first } })).toBeUndefined();
});
