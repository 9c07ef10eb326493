import { expect, test } from 'vitest';
import { rateLimit } from './rate-limit.ts';
import { options, spec } from './plan-fixture.ts';

test('one certify case per key ("per API token"): admin and reseller, on the identity operation, expecting 429 RATE_LIMITED, each planned to cost more than its window', () => {
  const cases = rateLimit.plan(spec, options());
  expect(cases.map((c) => c.credential)).toEqual(['admin', 'reseller']);
  for (const c of cases) {
    expect(c).toMatchObject({ operationId: spec.identity.operationId, profile: 'certify', expect: { status: 429, code: 'RATE_LIMITED' }, requirements: ['RL-429', 'RL-RECOVERY'] });
    expect(c.cost[c.credential === 'admin' ? 'admin' : 'reseller']).toBeGreaterThan(spec.rateLimit.limit);
  }
});
