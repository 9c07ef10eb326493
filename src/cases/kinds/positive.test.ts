import { expect, test } from 'vitest';
import { positive } from './positive.ts';
import { options, spec } from './plan-fixture.ts';

test("positive cases follow a reseller's life: create first, delete last, a part added before it is removed", () => {
  const ids = positive.plan(spec, options()).map((c) => c.operationId);
  expect(ids[0]).toBe(spec.record.create.operationId);
  expect(ids.at(-1)).toBe(spec.record.remove.operationId);
  expect(ids.indexOf('addResellerIp')).toBeLessThan(ids.indexOf('removeResellerIp'));
  expect(ids.indexOf(spec.record.create.operationId)).toBeLessThan(ids.indexOf(spec.record.list.operationId));
});

test('the list must show the record created; the delete must make it gone everywhere, its parts too, and reach nothing else', () => {
  const cases = positive.plan(spec, options());
  const of = (id: string) => cases.find((c) => c.operationId === id)!;
  expect(of(spec.record.list.operationId).variant).toEqual({ type: 'positive', then: 'list-contains' });
  const remove = of(spec.record.remove.operationId);
  expect(remove.requirements).toEqual([
    'RES-DELETE-200',
    'LIFE-DELETE-GONE',
    'SAFE-DELETE-COMPLETE',
    'RES-NOT-FOUND-404',
    'SAFE-WRITE-CONTAINED',
    'SAFE-OTHERS-UNTOUCHED',
  ]);
  // The delete, the record's read, each part's read, the list.
  expect(remove.cost).toEqual({ admin: 3 + spec.record.parts.length });
});

test('each write is read back where it shows: on the record field by field (limits), and by the read of its own path after it', () => {
  const cases = positive.plan(spec, options());
  const of = (id: string) => cases.find((c) => c.operationId === id)!;
  expect(of('updateResellerLimits').requirements).toEqual(['RES-SUBRESOURCE-2XX', 'LIFE-LIMITS-PERSIST', 'SAFE-PARTIAL-WRITE']);
  // Limits show on the record, the list and the limits' own read: they must agree.
  expect(of('getResellerLimits')).toMatchObject({ requirements: ['RES-SUBRESOURCE-2XX', 'LIFE-READS-AGREE'], variant: { then: 'shows-write' } });
  // An IP's body is documented (standard); two are added, so that removing one shows whether the other stays.
  expect(of('addResellerIp').cost).toEqual({ admin: 2 });
  expect(of('listResellerIps').requirements).toContain('LIFE-WRITE-READ-BACK');
  expect(of('removeResellerIp').requirements).toContain('LIFE-IP-REMOVED');
  // Our guess of a body: a conforming server may ignore it (inferred).
  for (const id of ['getResellerBranding', 'getResellerNameservers', 'getResellerOverselling'])
    expect(of(id).requirements, id).toContain('LIFE-GUESSED-READ-BACK');
  expect(of('deleteResellerBranding').requirements).toContain('LIFE-PART-RESET');
  for (const read of ['getResellerLimits', 'getResellerBranding', 'listResellerIps'])
    expect(of(read).phase, read).toBeGreaterThan(of('updateResellerLimits').phase!);
  expect(of('getResellerBranding').phase).toBeLessThan(of('deleteResellerBranding').phase!);
});

test("the identity operation judges the preflight's answer: no request of its own", () => {
  expect(positive.plan(spec, options()).find((c) => c.operationId === spec.identity.operationId)!.cost).toEqual({ admin: 0 });
});
