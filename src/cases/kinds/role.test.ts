import { expect, test } from 'vitest';
import { role } from './role.ts';
import { options, spec } from './plan-fixture.ts';

test('the key is minted first, its own reads come next (the first tells whether the key works), then the refusals', () => {
  const cases = role.plan(spec, options());
  expect(cases[0]!.variant.type).toBe('mint-key');
  const firstRefusal = cases.findIndex((c) => c.expect.status === 403);
  expect(cases.slice(1, firstRefusal).every((c) => c.variant.type === 'own-read')).toBe(true);
  expect(cases.slice(firstRefusal).every((c) => c.expect.status === 403 && c.expect.code === 'FORBIDDEN')).toBe(true);
});

test('every own-read operation on a reseller is read with the reseller key, and refused on another reseller\'s record', () => {
  const cases = role.plan(spec, options());
  for (const op of spec.operations.filter((o) => o.hints.resellerAccess === 'own-read' && o.hints.target === 'reseller')) {
    expect(cases.some((c) => c.operationId === op.operationId && c.variant.type === 'own-read' && c.target === 'own'), op.operationId).toBe(true);
    expect(cases.some((c) => c.operationId === op.operationId && c.target === 'fixture' && c.expect.status === 403), op.operationId).toBe(true);
  }
});

test('with a reseller key given, its own record is never written: writes go to a reseller the run owns', () => {
  const cases = role.plan(spec, options({ hasResellerToken: true }));
  expect(cases.filter((c) => c.write && c.credential === 'reseller').every((c) => c.target !== 'own')).toBe(true);
});
