import { describeOutcome, statusMatches, succeeded, type Exchange } from '../model/exchange.ts';
import type { Expectation } from '../model/case.ts';
import { fail, pass, type Check, type Judgement } from './check.ts';

/** The status a case expects, and the envelope code when one is expected. */
export function expectedAnswer(ex: Exchange, expect: Expectation): Judgement {
  const wanted = `${expect.status}${expect.code ? ` ${expect.code}` : ''}`;
  const ok =
    ex.response !== undefined &&
    statusMatches(ex.response.status, expect.status) &&
    (expect.code === undefined || (ex.response.json as { code?: unknown } | undefined)?.code === expect.code);
  return { ok, message: `expected ${wanted}, got ${describeOutcome(ex)}` };
}

/** Every requirement a case stands for by its expected answer; `expect`
 *  when the exchange is one the case asks something else of (the parts of
 *  a record the case deleted must answer 404). */
export const statusConformance: Check<{ expect: Expectation } | undefined> = ({ exchange, case: c, evidence }) =>
  expectedAnswer(exchange, evidence?.expect ?? c.expect);

/** A request that cannot be valid was not served: any answer but a 2xx
 *  (SAFE-INVALID-REFUSED, SAFE-DELETED-KEY-REFUSED). */
export const invalidRequestNotServed: Check = ({ exchange }) =>
  succeeded(exchange)
    ? fail(`expected a request that cannot be valid to be refused, got ${describeOutcome(exchange)}: it was served`)
    : pass(`not served (${describeOutcome(exchange)})`);
