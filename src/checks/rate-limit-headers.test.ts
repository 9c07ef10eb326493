import { expect, test } from 'vitest';
import type { Check } from './check.ts';
import { envelope, exchange, judge, NOW, rl, verdictOf } from '../../test/helpers/check-context.ts';
import type { Exchange } from '../model/exchange.ts';
import { headersOnErrors, headersPresent, limitValue, remainingInRange, resetInWindow } from './rate-limit-headers.ts';

const ALL: Array<[string, Check]> = [
  ['RL-HEADERS', headersPresent],
  ['RL-HEADERS-ON-ERRORS', headersOnErrors],
  ['RL-LIMIT-VALUE', limitValue],
  ['RL-REMAINING', remainingInRange],
  ['RL-RESET', resetInWindow],
];
const reset = NOW / 1000 + 30;

/** Each requirement's verdict on one answer, in registry order. */
function verdicts(ex: Exchange): Record<string, 'ok' | 'fail' | undefined> {
  return Object.fromEntries(ALL.map(([id, check]) => [id, verdictOf(check, ex)]));
}

test('a 2xx: the three headers, the expected limit, Remaining below it, Reset within a window', () => {
  expect(verdicts(exchange(200, [], rl(60, 59, reset)))).toEqual({
    'RL-HEADERS': 'ok',
    'RL-HEADERS-ON-ERRORS': undefined,
    'RL-LIMIT-VALUE': 'ok',
    'RL-REMAINING': 'ok',
    'RL-RESET': 'ok',
  });
  expect(judge(headersPresent, exchange(200, [], rl(60, 59, reset)))?.message).toBe(`60/59/${reset}`);
  expect(verdictOf(remainingInRange, exchange(200, [], rl(60, 0, reset)))).toBe('ok');
  // A served request counts itself; a refused one need not.
  expect(verdictOf(remainingInRange, exchange(200, [], rl(60, 60, reset)))).toBe('fail');
  expect(verdictOf(remainingInRange, exchange(404, envelope(404, 'NOT_FOUND'), rl(60, 60, reset)))).toBe('ok');
  expect(verdictOf(remainingInRange, exchange(429, envelope(429, 'RATE_LIMITED'), rl(60, 61, reset)))).toBe('fail');
  expect(judge(limitValue, exchange(200, [], rl(100, 59, reset)))).toEqual({ ok: false, message: 'expected X-RateLimit-Limit 60, got 100' });
});

test("Reset in Unix seconds, not in the past, at most a window ahead, by our clock or the server's Date", () => {
  expect(verdictOf(resetInWindow, exchange(200, [], rl(60, 59, NOW + 30_000)))).toBe('fail');
  expect(judge(resetInWindow, exchange(200, [], rl(60, 59, NOW / 1000 - 60)))?.message).toBe(
    `expected X-RateLimit-Reset in the future (Unix seconds), got ${NOW / 1000 - 60}, 60 s in the past`,
  );
  const ahead = NOW / 1000 + 600 + 30;
  expect(verdictOf(resetInWindow, exchange(200, [], rl(60, 59, ahead)))).toBe('fail');
  expect(verdictOf(resetInWindow, exchange(200, [], { ...rl(60, 59, ahead), date: new Date(NOW + 600_000).toUTCString() }))).toBe('ok');
  const behind = NOW / 1000 - 600 + 30;
  expect(verdictOf(resetInWindow, exchange(200, [], { ...rl(60, 59, behind), date: new Date(NOW - 600_000).toUTCString() }))).toBe('ok');
  expect(verdictOf(resetInWindow, exchange(200, [], { ...rl(60, 59, NOW / 1000 - 60), date: new Date(NOW).toUTCString() }))).toBe('fail');
});

test('a missing header on a 2xx fails RL-HEADERS and nothing else is judged', () => {
  const missing = exchange(200, []);
  delete missing.response!.headers['x-ratelimit-reset'];
  expect(verdicts(missing)).toEqual({
    'RL-HEADERS': 'fail',
    'RL-HEADERS-ON-ERRORS': undefined,
    'RL-LIMIT-VALUE': undefined,
    'RL-REMAINING': undefined,
    'RL-RESET': undefined,
  });
  expect(judge(headersPresent, missing)?.message).toBe('expected integer X-RateLimit-Reset, got null');
});

test('on an error answer, missing headers are a convention (ON-ERRORS alone); sent, they are judged as on any answer', () => {
  const bare = exchange(409, envelope(409, 'CONFLICT'));
  for (const k of Object.keys(bare.response!.headers)) if (k.startsWith('x-ratelimit')) delete bare.response!.headers[k];
  expect(verdicts(bare)).toEqual({
    'RL-HEADERS': undefined,
    'RL-HEADERS-ON-ERRORS': 'fail',
    'RL-LIMIT-VALUE': undefined,
    'RL-REMAINING': undefined,
    'RL-RESET': undefined,
  });
  expect(judge(headersOnErrors, bare)?.message).toBe('expected X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset on this 409 too');
  expect(verdicts(exchange(429, envelope(429, 'RATE_LIMITED'), rl(60, 0, reset)))).toEqual({
    'RL-HEADERS': 'ok',
    'RL-HEADERS-ON-ERRORS': 'ok',
    'RL-LIMIT-VALUE': 'ok',
    'RL-REMAINING': 'ok',
    'RL-RESET': 'ok',
  });
  const word = exchange(404, envelope(404, 'NOT_FOUND'), { ...rl(60, 59, reset), 'x-ratelimit-limit': 'sixty' });
  expect(verdicts(word)).toEqual({
    'RL-HEADERS': 'fail',
    'RL-HEADERS-ON-ERRORS': undefined,
    'RL-LIMIT-VALUE': undefined,
    'RL-REMAINING': undefined,
    'RL-RESET': undefined,
  });
});

test('requests without a valid key are not held to the headers (the vendor does not say how they are limited)', () => {
  for (const credential of ['none', 'invalid'] as const) {
    const bare = exchange(401, envelope(401, 'UNAUTHORIZED'), {}, credential);
    for (const k of Object.keys(bare.response!.headers)) if (k.startsWith('x-ratelimit')) delete bare.response!.headers[k];
    expect(Object.values(verdicts(bare)).every((v) => v === undefined)).toBe(true);
  }
});
