import { expect, test } from 'vitest';
import { envelope, exchange, judge, noAnswer, verdictOf } from '../../test/helpers/check-context.ts';
import { invalidRequestNotServed, statusConformance } from './status.ts';

test('the expected status, and the envelope code when one is expected', () => {
  const missing = { case: { expect: { status: 401, code: 'UNAUTHORIZED', requirement: 'AUTH-MISSING-401' } } } as const;
  expect(verdictOf(statusConformance, exchange(401, envelope(401, 'UNAUTHORIZED')), missing)).toBe('ok');
  expect(judge(statusConformance, exchange(403, envelope(403, 'FORBIDDEN')), missing)).toEqual({
    ok: false,
    message: 'expected 401 UNAUTHORIZED, got 403 FORBIDDEN',
  });
  expect(
    verdictOf(statusConformance, exchange(409, envelope(409, 'CONFLICT')), { case: { expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' } } }),
  ).toBe('ok');
  expect(verdictOf(statusConformance, exchange(422, envelope(422, 'X')), { case: { expect: { status: '<500', requirement: 'VAL-UNUSUAL-4XX' } } })).toBe('ok');
  expect(judge(statusConformance, noAnswer(), { case: { expect: { status: 200, requirement: 'RES-LIST-200' } } })?.message).toBe(
    'expected 200, got no response (no complete response within 30 s)',
  );
});

test('a request that cannot be valid: any answer but a 2xx', () => {
  expect(judge(invalidRequestNotServed, exchange(401, envelope(401, 'UNAUTHORIZED')))).toEqual({ ok: true, message: 'not served (401 UNAUTHORIZED)' });
  expect(judge(invalidRequestNotServed, exchange(200, []))).toEqual({
    ok: false,
    message: 'expected a request that cannot be valid to be refused, got 200: it was served',
  });
});
