import { expect, test } from 'vitest';
import { lifecycle, OTHERS_READ, writtenParts } from './lifecycle.ts';
import { PHASE } from '../make.ts';
import { positive } from './positive.ts';
import { options, spec } from './plan-fixture.ts';

const byVariant = (type: string) => lifecycle.plan(spec, options()).find((c) => c.variant.type === type)!;

test('the duplicate create and the list after it come once every write and part removal is done, before the delete', () => {
  const dup = byVariant('duplicate');
  const chain = positive.plan(spec, options());
  const writes = chain.filter((c) => c.target === 'lifecycle' && c.write && c.operationId !== spec.record.remove.operationId);
  expect(Math.max(...writes.map((c) => c.phase!))).toBeLessThan(dup.phase!);
  expect(chain.find((c) => c.operationId === spec.record.remove.operationId)!.phase).toBeGreaterThan(dup.phase!);
  // In the CI gate: it must stop a server that overwrites an existing
  // reseller (standard); which answer refuses the duplicate is a convention.
  expect(dup).toMatchObject({
    operationId: spec.record.create.operationId,
    profile: 'default',
    expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' },
    requirements: ['VAL-DUPLICATE-4XX', 'SAFE-DUPLICATE-UNCHANGED', 'LIFE-READS-AGREE', 'SAFE-WRITE-CONTAINED'],
    cost: { admin: 2 },
  });
});

test('the bystander: after the writes, each part a write changes is read on it (the limits show on the list)', () => {
  expect(writtenParts(spec).map((o) => o.operationId)).toEqual(['getResellerBranding', 'listResellerIps', 'getResellerNameservers', 'getResellerOverselling']);
  expect(byVariant('contained')).toMatchObject({
    target: 'bystander',
    profile: 'default',
    cost: { admin: 4 },
    requirements: ['RES-SUBRESOURCE-2XX', 'SAFE-WRITE-CONTAINED'],
  });
});

test("others' records (certify): their parts read before the writes and after them", () => {
  const before = byVariant('before-writes');
  const after = byVariant('others-after');
  expect(before).toMatchObject({ profile: 'certify', cost: { admin: 4 * OTHERS_READ } });
  expect(after).toMatchObject({ profile: 'certify', cost: { admin: 4 * OTHERS_READ }, requirements: ['RES-SUBRESOURCE-2XX', 'SAFE-OTHERS-UNTOUCHED'] });
  const writes = positive.plan(spec, options()).filter((c) => c.target === 'lifecycle' && c.write);
  expect(before.phase!).toBeLessThan(Math.min(...writes.map((c) => c.phase!)));
  // After the edits, before the delete (the bystander's read follows the delete).
  const edits = writes.filter((c) => c.phase! < PHASE.delete);
  expect(after.phase!).toBeGreaterThan(Math.max(...edits.map((c) => c.phase!)));
  expect(after.phase!).toBeLessThan(PHASE.delete);
});
