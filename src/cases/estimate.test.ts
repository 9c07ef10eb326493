// The estimate --list and every run announce: cases and requests per key,
// and the wall time replayed against the rate windows.
import { describe, expect, test } from 'vitest';
import type { Plan, PlannedCase } from '../model/case.ts';
import { estimatePlan } from './estimate.ts';
import { generatePlan, type PlanOptions } from './generate.ts';
import { options as planOptions, spec } from './kinds/plan-fixture.ts';

/** The plan fixture's options in the default profile. */
const options = (over: Partial<PlanOptions> = {}): PlanOptions => planOptions({ profile: 'default', ...over });

/** A case that costs `cost`; what else it says does not matter to the estimate. */
const kase = (id: string, cost: PlannedCase['cost'], more: Partial<PlannedCase> = {}): PlannedCase => ({
  id,
  operationId: 'getCurrentUser',
  group: 'auth.me',
  kind: 'auth',
  title: id,
  credential: 'admin',
  requirements: [],
  profile: 'default',
  write: false,
  target: 'none',
  variant: { type: 'auth', header: 'missing' },
  expect: { status: 401, requirement: 'AUTH-401' },
  cost,
  ...more,
});

/** Start-up allowance and per-request latency allowance (estimate.ts). */
const STARTUP_MS = 1500;
const PER_REQUEST_MS = 25;

describe('estimatePlan', () => {
  test('counts the runnable cases and the requests per key, overhead included, disabled and skipped cases left out', () => {
    const plan: Plan = {
      cases: [
        kase('a', { admin: 1 }),
        kase('b', { anonymous: 2 }),
        kase('c', { admin: 5 }, { disabled: 'off' }),
        kase('d', { reseller: 4 }, { skip: 'read-only' }),
      ],
      overhead: { admin: 1, reseller: 1 },
    };
    const estimate = estimatePlan(plan, 60, 60_000);
    expect(estimate.cases).toEqual({ planned: 4, runnable: 2 });
    expect(estimate.requests).toEqual({ admin: 2, reseller: 1, anonymous: 2 });
  });

  test('a key that spends its window waits for the next one; other keys have windows of their own', () => {
    const three = { cases: [kase('a', { admin: 1 }), kase('b', { admin: 1 }), kase('c', { admin: 1 })], overhead: {} };
    // Rate 3: all in one window. Rate 2: the third request waits for the second window.
    expect(estimatePlan(three, 3, 1000).wallMs).toBe(STARTUP_MS + 3 * PER_REQUEST_MS);
    expect(estimatePlan(three, 2, 1000).wallMs).toBe(STARTUP_MS + 1000 + PER_REQUEST_MS);
    const twoKeys = { cases: [kase('a', { admin: 1 }), kase('b', { anonymous: 1 })], overhead: {} };
    expect(estimatePlan(twoKeys, 1, 1000).wallMs).toBe(STARTUP_MS + 2 * PER_REQUEST_MS);
  });

  test('requests in flight share the latency allowance', () => {
    const plan = { cases: [kase('a', { admin: 4 })], overhead: {} };
    expect(estimatePlan(plan, 60, 1000, 1).wallMs).toBe(STARTUP_MS + 4 * PER_REQUEST_MS);
    expect(estimatePlan(plan, 60, 1000, 5).wallMs).toBe(STARTUP_MS + 4 * (PER_REQUEST_MS / 5));
  });

  test('the exceed-limit case spends the rest of the admin window, then waits for the next for its last request', () => {
    const plan: Plan = { cases: [kase('burst', { admin: 61 }, { variant: { type: 'exceed-limit' }, kind: 'rate-limit' })], overhead: { admin: 1 } };
    // The preflight (25 ms), the rest of the window (2 requests and the 429), then the window's end and one more request.
    expect(estimatePlan(plan, 3, 1000).wallMs).toBe(STARTUP_MS + 1000 + PER_REQUEST_MS);
    expect(estimatePlan(plan, 3, 1000).requests.admin).toBe(62);
  });

  test('the estimate shares the allowance for latency among the requests in flight; a plan that needs several windows waits for them at any concurrency', () => {
    const plan = generatePlan(spec, options());
    expect(estimatePlan(plan, 60, 60_000, 8).wallMs).toBeLessThan(estimatePlan(plan, 60, 60_000, 1).wallMs);
    expect(estimatePlan(generatePlan(spec, options({ profile: 'certify' })), 60, 60_000, 8).wallMs).toBeGreaterThan(120_000);
  });
});
