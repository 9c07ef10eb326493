import { expect, test } from 'vitest';
import { nearMiss } from '../../run/request.ts';
import { auth } from './auth.ts';
import { options, spec } from './plan-fixture.ts';

test('every operation: no header and a wrong key (default), two malformed headers (certify), all expecting 401 UNAUTHORIZED', () => {
  const cases = auth.plan(spec, options());
  for (const op of spec.operations) {
    const mine = cases.filter((c) => c.operationId === op.operationId);
    expect(
      mine.map((c) => `${c.variant.type === 'auth' ? c.variant.header : '?'}:${c.profile}`),
      op.operationId,
    ).toEqual(['missing:default', 'unknown-key:default', 'bearer-empty:certify', 'basic:certify']);
    expect(mine.every((c) => c.expect.status === 401 && c.expect.code === 'UNAUTHORIZED')).toBe(true);
  }
  expect(cases.filter((c) => c.credential === 'none').every((c) => c.variant.type === 'auth' && c.variant.header === 'missing')).toBe(true);
});

test('the wrong key takes each near miss in turn, operation by operation, its title saying which', () => {
  const wrong = auth.plan(spec, options()).filter((c) => c.variant.type === 'auth' && c.variant.header === 'unknown-key');
  const misses = wrong.map((c) => (c.variant.type === 'auth' ? c.variant.miss : undefined));
  expect(misses.slice(0, 4)).toEqual(['tail-changed', 'tail-added', 'tail-dropped', 'tail-changed']);
  for (const miss of ['tail-changed', 'tail-added', 'tail-dropped']) expect(misses.filter((m) => m === miss).length).toBeGreaterThanOrEqual(5);
  expect(new Set(wrong.map((c) => c.title.replace(/^.* - (.*) -> .*$/, '$1'))).size).toBe(3);
});

test('a record path names a reseller that never exists: a server that ignores auth harms nothing', () => {
  expect(auth.plan(spec, options()).every((c) => c.target === 'none' || c.target === 'missing')).toBe(true);
});

test('the wrong key is the admin key with its last characters changed: a server that compares only a prefix lets it in', () => {
  const admin = `wsp_${'0123456789abcdef'.repeat(3)}`;
  const wrong = nearMiss(admin, 7);
  expect(wrong).not.toBe(admin);
  expect(wrong).toHaveLength(admin.length);
  expect(wrong.slice(0, admin.length - 8)).toBe(admin.slice(0, admin.length - 8));
  expect(nearMiss(admin, 7)).toBe(wrong);
  // A short key keeps its visible prefix (wsp_ + 8 hex) and changes the rest.
  const short = nearMiss('wsp_0123456789ab', 7);
  expect(short.slice(0, 12)).toBe('wsp_01234567');
  expect(short).not.toBe('wsp_0123456789ab');
});
