import type { BudgetKey } from '../model/exchange.ts';
import type { Plan, PlannedCase } from '../model/case.ts';

export interface Estimate {
  cases: { planned: number; runnable: number };
  /** Requests per budget, set-up included. */
  requests: Record<BudgetKey, number>;
  /** The run replayed against the rate limit, plus latency and start-up. */
  wallMs: number;
}

/** Allowance per request for latency. */
const PER_REQUEST_MS = 25;
/** Starting the test runner in its worker. */
const STARTUP_MS = 1500;

/** `concurrency`: requests in flight at once (--concurrency), which share
 *  the allowance for latency. */
export function estimatePlan(plan: Plan, rate: number, windowMs: number, concurrency = 1): Estimate {
  const runnable = plan.cases.filter((c) => !c.disabled && !c.skip);
  const requests: Record<BudgetKey, number> = { admin: 0, reseller: 0, anonymous: 0 };
  for (const [key, n] of Object.entries(plan.overhead)) requests[key as BudgetKey] += n ?? 0;
  for (const c of runnable) for (const [key, n] of Object.entries(c.cost)) requests[key as BudgetKey] += n ?? 0;
  return {
    cases: { planned: plan.cases.length, runnable: runnable.length },
    requests,
    wallMs: STARTUP_MS + replay(plan, runnable, rate, windowMs, PER_REQUEST_MS / concurrency),
  };
}

/**
 * Replays the requests in run order (cases run one at a time, so one key's
 * wait holds up all the others) against one window per key that opens at the
 * key's first request and admits `rate`. Set-up and clean-up go first. The
 * exceed-limit case spends the rest of the admin window, is refused, and
 * waits for the next. Returns the ms the run takes.
 */
function replay(plan: Plan, runnable: PlannedCase[], rate: number, windowMs: number, perRequestMs: number): number {
  const windows = new Map<BudgetKey, { endsAt: number; left: number }>();
  let now = 0;
  const windowOf = (key: BudgetKey) => {
    const current = windows.get(key);
    if (current && now < current.endsAt) return current;
    const opened = { endsAt: now + windowMs, left: rate };
    windows.set(key, opened);
    return opened;
  };
  const send = (key: BudgetKey) => {
    let w = windowOf(key);
    if (w.left === 0) {
      now = w.endsAt;
      w = windowOf(key);
    }
    w.left--;
    now += perRequestMs;
  };
  const sendAll = (cost: Partial<Record<BudgetKey, number>>) => {
    for (const [key, n] of Object.entries(cost)) for (let i = 0; i < (n ?? 0); i++) send(key as BudgetKey);
  };

  sendAll(plan.overhead);
  for (const c of runnable) {
    if (c.variant.type !== 'exceed-limit') {
      sendAll(c.cost);
      continue;
    }
    const w = windowOf('admin');
    now += (w.left + 1) * perRequestMs; // the rest of the window, then the 429
    now = Math.max(now, w.endsAt);
    send('admin'); // service again
  }
  return now;
}
