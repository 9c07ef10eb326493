import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { issuedKeyAuthenticates, issuedKeyCopied } from './issued-key.ts';

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
