import { expect, test } from 'vitest';
import { rateLimit } from './rate-limit.ts';
import { options, spec } from './plan-fixture.ts';

test('one certify case on the identity operation, expecting 429 RATE_LIMITED, planned to cost more than a window', () => {
  const cases = rateLimit.plan(spec, options());
  expect(cases).toHaveLength(1);
  expect(cases[0]).toMatchObject({
    operationId: spec.identity.operationId,
    profile: 'certify',
    expect: { status: 429, code: 'RATE_LIMITED' },
    requirements: ['RL-429', 'RL-RECOVERY'],
  });
  expect(cases[0].cost.admin).toBeGreaterThan(spec.rateLimit.limit);
});
