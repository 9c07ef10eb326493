// The active rate-limit checks: what every counting algorithm (fixed or
// sliding window, token bucket) guarantees, since the vendor names none.
import { describeOutcome, succeeded } from '../model/exchange.ts';
import { fail, type Check } from './check.ts';
import { expectedAnswer } from './status.ts';

/**
 * The most requests of one key that any algorithm may serve within
 * `elapsedMs`: a fixed window serves the limit in each window the span
 * touches (two for a span shorter than a window, when it straddles a turn);
 * a sliding window or a token bucket serve less.
 */
export function mostServable(rate: number, windowMs: number, elapsedMs: number): number {
  return rate * (Math.floor(elapsedMs / windowMs) + 2);
}

/** What a burst beyond a key's limit came to. */
export interface Burst {
  /** A 429 came (the exchange judged is it). */
  limited: boolean;
  served: number;
  elapsedMs: number;
  /** The distinct answers of the burst, in words. */
  answers: string[];
}

/** RL-429: the 429 is the documented one; a server that served more than
 *  any algorithm allows in the time taken and never said 429 fails. */
export const limitEnforced: Check<Burst> = ({ exchange, case: c, run, evidence: burst }) => {
  if (burst.limited) return expectedAnswer(exchange, c.expect);
  return fail(
    `expected 429 RATE_LIMITED, got only ${burst.answers.join(', ')}: ${burst.served} requests served in ${(burst.elapsedMs / 1000).toFixed(1)} s at a limit of ${run.rate} per ${run.windowMs / 1000} s`,
  );
};

/** RL-RECOVERY: service again once the announced reset has passed. */
export const serviceAfterReset: Check = ({ exchange }) => ({
  ok: succeeded(exchange),
  message: `expected service after the reset, got ${describeOutcome(exchange)}`,
});
