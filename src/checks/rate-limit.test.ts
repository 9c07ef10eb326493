import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { limitEnforced, mostServable, serviceAfterReset } from './rate-limit.ts';

const exceed = { expect: { status: 429, code: 'RATE_LIMITED', requirement: 'RL-429' } } as const;

test('the most any algorithm serves: the limit in each window a span touches', () => {
  expect(mostServable(60, 60_000, 1000)).toBe(120);
  expect(mostServable(60, 60_000, 60_000)).toBe(180);
});

test('RL-429: the 429 the burst met is the documented one; a burst served beyond any algorithm without one fails', () => {
  const limited = { limited: true, served: 60, elapsedMs: 800, answers: ['200', '429 RATE_LIMITED'] };
  expect(verdictOf(limitEnforced, exchange(429, envelope(429, 'RATE_LIMITED')), { case: exceed, evidence: limited })).toBe('ok');
  expect(judge(limitEnforced, exchange(429, 'Too Many Requests'), { case: exceed, evidence: limited })?.message).toBe('expected 429 RATE_LIMITED, got 429');
  const served = { limited: false, served: 121, elapsedMs: 1500, answers: ['200'] };
  expect(judge(limitEnforced, exchange(200, []), { case: exceed, evidence: served })?.message).toBe(
    'expected 429 RATE_LIMITED, got only 200: 121 requests served in 1.5 s at a limit of 60 per 60 s',
  );
});

test('RL-RECOVERY: served again after the reset', () => {
  expect(verdictOf(serviceAfterReset, exchange(200, {}))).toBe('ok');
  expect(judge(serviceAfterReset, exchange(429, envelope(429, 'RATE_LIMITED')))?.message).toBe('expected service after the reset, got 429 RATE_LIMITED');
});
