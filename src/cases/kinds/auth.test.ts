import { expect, test } from 'vitest';
import { auth } from './auth.ts';
import { options, spec } from './plan-fixture.ts';

test('every operation: no header and an unknown key (default), two malformed headers (certify), all expecting 401 UNAUTHORIZED', () => {
  const cases = auth.plan(spec, options());
  for (const op of spec.operations) {
    const mine = cases.filter((c) => c.operationId === op.operationId);
    expect(mine.map((c) => `${c.variant.type === 'auth' ? c.variant.header : '?'}:${c.profile}`), op.operationId).toEqual(['missing:default', 'unknown-key:default', 'bearer-empty:certify', 'basic:certify']);
    expect(mine.every((c) => c.expect.status === 401 && c.expect.code === 'UNAUTHORIZED')).toBe(true);
  }
  expect(cases.filter((c) => c.credential === 'none').every((c) => c.variant.type === 'auth' && c.variant.header === 'missing')).toBe(true);
});

test('a record path names a reseller that never exists: a server that ignores auth harms nothing', () => {
  expect(auth.plan(spec, options()).every((c) => c.target === 'none' || c.target === 'missing')).toBe(true);
});
