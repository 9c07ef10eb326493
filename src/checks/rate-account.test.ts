import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { noServiceAfterZero, refusedWithZero, remainingCounts, resetHonoured } from './rate-account.ts';

test('each rule fails on its own contradiction, passes where the account found none, judges nothing where no account was kept', () => {
  const message = 'expected X-RateLimit-Remaining to fall by at most one per request of this key, got 58 then 56 with 1 request of ours in between: ...';
  const counted = { ...exchange(200, []), rateAccount: [{ requirement: 'RL-REMAINING-COUNTS' as const, message }] };
  expect(judge(remainingCounts, counted)).toEqual({ ok: false, message });
  expect(verdictOf(refusedWithZero, counted)).toBe('ok');
  expect(verdictOf(noServiceAfterZero, counted)).toBe('ok');
  const clean = { ...exchange(200, []), rateAccount: [] };
  for (const check of [remainingCounts, refusedWithZero, noServiceAfterZero, resetHonoured]) {
    expect(verdictOf(check, clean)).toBe('ok');
    // The CI gate keeps no account: another client may spend its keys.
    expect(verdictOf(check, exchange(200, []))).toBeUndefined();
  }
});
