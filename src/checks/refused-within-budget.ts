import { fail, pass, type Check } from './check.ts';

/** RL-429-WITHIN-BUDGET, keyed requests: a 429 on the way that came while
 *  the server's own count still granted two or more (the client's
 *  RateWitness, src/http/rate-witness.ts, holds the proof). */
export const refusedWithinBudget: Check = ({ exchange }) => {
  if (!exchange.response || (exchange.credential !== 'admin' && exchange.credential !== 'reseller')) return undefined;
  const early = exchange.earlyRefusal;
  if (!early) return pass('no 429 inside the advertised budget');
  return fail(
    `expected no 429 while X-RateLimit-Remaining still grants requests, got 429 with Remaining ${early.remaining}${early.limit === undefined ? '' : ` of ${early.limit}`} under the same Reset ${early.reset}, after our answers counted down ${early.countedDown.join(', ')}`,
  );
};
