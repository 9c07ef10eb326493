// The active rate-limit checks: what every counting algorithm (fixed or
// sliding window, token bucket) guarantees, since the vendor names none.
import type { Exchange } from '../model/exchange.ts';
import { describeOutcome, succeeded } from './expect.ts';
import type { Verdict } from './types.ts';

/**
 * The most requests of one key that any algorithm may serve within
 * `elapsedMs`: a fixed window serves the limit in each window the span
 * touches (two for a span shorter than a window, when it straddles a turn);
 * a sliding window or a token bucket serve less.
 */
export function mostServable(rate: number, windowMs: number, elapsedMs: number): number {
  return rate * (Math.floor(elapsedMs / windowMs) + 2);
}

/** RL-429: a server that served more than any algorithm allows never said 429. */
export function expectLimitEnforced(answers: Exchange[], served: number, elapsedMs: number, rate: number, windowMs: number): Verdict {
  const statuses = [...new Set(answers.map(describeOutcome))].join(', ');
  return { requirement: 'RL-429', ok: false, message: `expected 429 RATE_LIMITED, got only ${statuses}: ${served} requests served in ${(elapsedMs / 1000).toFixed(1)} s at a limit of ${rate} per ${windowMs / 1000} s` };
}

/** RL-RECOVERY: service again once the announced reset has passed. */
export function expectRecovered(after: Exchange): Verdict {
  return { requirement: 'RL-RECOVERY', ok: succeeded(after), message: `expected service after the reset, got ${describeOutcome(after)}` };
}
