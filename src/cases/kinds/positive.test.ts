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

test('the list must show the record created, the delete must make it gone, each write must read back', () => {
  const cases = positive.plan(spec, options());
  const of = (id: string) => cases.find((c) => c.operationId === id)!;
  expect(of(spec.record.list.operationId).variant).toEqual({ type: 'positive', then: 'list-contains' });
  expect(of(spec.record.remove.operationId).requirements).toContain('LIFE-DELETE-GONE');
  const writes = spec.operations.filter((o) => o.hints.readBack && o.method !== 'DELETE');
  expect(writes.map((o) => o.operationId).filter((id) => of(id).requirements.includes('LIFE-WRITE-READ-BACK'))).toEqual(['addResellerIp']);
  for (const op of writes) {
    // Limits are written and read in documented shapes: field by field,
    // documented; an IP's body is documented too (standard); the other
    // bodies are our guess, which a conforming server may ignore (inferred).
    const expected = op.operationId === 'updateResellerLimits' ? 'LIFE-LIMITS-PERSIST' : op.hints.body === 'documented' ? 'LIFE-WRITE-READ-BACK' : 'LIFE-GUESSED-READ-BACK';
    expect(of(op.operationId).requirements, op.operationId).toContain(expected);
  }
});
