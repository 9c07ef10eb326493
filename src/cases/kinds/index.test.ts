import { expect, test } from 'vitest';
import { CASE_KINDS } from '../../model/kinds.ts';
import { KINDS, SUITES, suiteOf } from './index.ts';

test('the suites follow the registry: shared suites merged, deferred cases after the others, the rate-limit test last', () => {
  expect(SUITES.map((s) => s.name)).toEqual(['lifecycle', 'auth', 'roles', 'keys', 'validation', 'not-found', 'deferred', 'rate-limit', 'refusals']);
  expect(SUITES.find((s) => s.name === 'lifecycle')!.kinds).toEqual(['positive', 'lifecycle']);
  // The roles suite's other reseller is the run's bystander (set up before the suites);
  // the keys suite creates the reseller its keys belong to.
  expect(SUITES.filter((s) => s.fixture).map((s) => s.name)).toEqual(['keys', 'validation']);
});

test('every kind runs in exactly one suite, and its deferred cases in the deferred one', () => {
  expect(CASE_KINDS).toEqual(KINDS.map((k) => k.name));
  for (const kind of CASE_KINDS) {
    expect(
      SUITES.filter((s) => !s.deferred && s.kinds.includes(kind)),
      kind,
    ).toHaveLength(1);
    expect(suiteOf({ kind }).deferred).toBeUndefined();
  }
  expect(suiteOf({ kind: 'auth', deferred: true }).name).toBe('deferred');
});
