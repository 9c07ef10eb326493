import type { BudgetKey } from '../http/budget.ts';
import type { Plan } from './types.ts';

export interface Estimate {
  cases: { planned: number; runnable: number };
  /** Requests per budget, set-up included. */
  requests: Record<BudgetKey, number>;
  /** Least time the rate limit allows, plus a per-request allowance. */
  wallMs: number;
}

/** Allowance per request for latency, on top of the budget's waits. */
const PER_REQUEST_MS = 25;

export function estimatePlan(plan: Plan, rate: number, windowMs: number): Estimate {
  const runnable = plan.cases.filter((c) => !c.disabled && !c.skip);
  const requests: Record<BudgetKey, number> = { admin: 0, reseller: 0, anonymous: 0 };
  for (const [key, n] of Object.entries(plan.overhead)) requests[key as BudgetKey] += n ?? 0;
  for (const c of runnable) for (const [key, n] of Object.entries(c.cost)) requests[key as BudgetKey] += n ?? 0;
  // Suites run one after another, so each budget's waits add up.
  const waits = Object.values(requests).reduce((sum, n) => sum + Math.max(0, Math.ceil(n / rate) - 1) * windowMs, 0);
  const active = runnable.some((c) => c.variant.type === 'exceed-limit') ? windowMs : 0;
  const total = Object.values(requests).reduce((a, b) => a + b, 0);
  return { cases: { planned: plan.cases.length, runnable: runnable.length }, requests, wallMs: waits + active + total * PER_REQUEST_MS };
}
