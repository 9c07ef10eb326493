import { describeOutcome, succeeded } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** SAFE-DELETE-COMPLETE, on a read of a part of a record the case deleted:
 *  nothing of it is served any more. */
export const partNoLongerServed: Check = ({ exchange }) =>
  succeeded(exchange)
    ? fail(
        `expected nothing of a deleted reseller to be served, got ${exchange.request.method} ${exchange.request.path} answered ${describeOutcome(exchange)}, its data still there`,
      )
    : pass(`${exchange.request.path}: ${describeOutcome(exchange)}`);
