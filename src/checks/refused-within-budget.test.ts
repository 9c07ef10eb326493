import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { refusedWithinBudget } from './refused-within-budget.ts';

test('keyed answers pass unless the client proved a 429 inside the advertised budget', () => {
  expect(verdictOf(refusedWithinBudget, exchange(200, []))).toBe('ok');
  const early = {
    ...exchange(429, envelope(429, 'RATE_LIMITED')),
    earlyRefusal: { remaining: 30, limit: 60, reset: 1_800_000_030, countedDown: [33, 32, 31] },
  };
  expect(judge(refusedWithinBudget, early)).toEqual({
    ok: false,
    message:
      'expected no 429 while X-RateLimit-Remaining still grants requests, got 429 with Remaining 30 of 60 under the same Reset 1800000030, after our answers counted down 33, 32, 31',
  });
  expect(verdictOf(refusedWithinBudget, exchange(401, envelope(401, 'UNAUTHORIZED'), {}, 'none'))).toBeUndefined();
});
