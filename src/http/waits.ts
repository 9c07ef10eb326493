// What a run is waiting for: each budget tells when its requests start to
// wait for the rate window (until when) and when they may go again; the
// progress line reads the wait that ends soonest.
import type { BudgetKey } from '../model/exchange.ts';

export interface BudgetWait {
  key: BudgetKey;
  /** When the wait ends (epoch ms). */
  until: number;
}

export class BudgetWaits {
  private readonly until = new Map<BudgetKey, number>();

  /** `until` when a request of `key` starts to wait, undefined once it is sent. */
  announce(key: BudgetKey, until: number | undefined): void {
    if (until === undefined) this.until.delete(key);
    else this.until.set(key, until);
  }

  /** The wait that ends soonest of those not over yet. */
  current(now = Date.now()): BudgetWait | undefined {
    let soonest: BudgetWait | undefined;
    for (const [key, until] of this.until) if (until > now && (!soonest || until < soonest.until)) soonest = { key, until };
    return soonest;
  }
}
