import { expect, test } from 'vitest';
import { lifecycle } from './lifecycle.ts';
import { positive } from './positive.ts';
import { options, spec } from './plan-fixture.ts';

test('the duplicate create comes after the record is read and before anything writes to it', () => {
  const [dup] = lifecycle.plan(spec, options());
  const chain = positive.plan(spec, options());
  const reads = chain.filter((c) => c.target === 'lifecycle' && !c.write);
  const writes = chain.filter((c) => c.target === 'lifecycle' && c.write);
  expect(Math.max(...reads.map((c) => c.phase!))).toBeLessThan(dup!.phase!);
  expect(Math.min(...writes.map((c) => c.phase!))).toBeGreaterThan(dup!.phase!);
  // In the CI gate: it must stop a server that overwrites an existing
  // reseller (standard); which answer refuses the duplicate is a convention.
  expect(dup).toMatchObject({ operationId: spec.record.create.operationId, profile: 'default', expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' }, requirements: ['VAL-DUPLICATE-4XX', 'SAFE-DUPLICATE-UNCHANGED'], cost: { admin: 2 } });
});

test('a limits write watched by a second reseller of the run\'s own (certify): it shows on its reseller, and only there', () => {
  const isolated = lifecycle.plan(spec, options()).find((c) => c.variant.type === 'isolated-write')!;
  expect(isolated).toMatchObject({ operationId: 'updateResellerLimits', profile: 'certify', target: 'lifecycle', requirements: ['RES-SUBRESOURCE-2XX', 'LIFE-LIMITS-PERSIST'] });
});
