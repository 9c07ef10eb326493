// The registry of executors: one for every case kind, named as it.
import { expect, test } from 'vitest';
import { CASE_KINDS } from '../../model/kinds.ts';
import { KINDS } from '../../cases/kinds/index.ts';
import { executorOf } from './index.ts';
import { lifecycle } from './lifecycle.ts';
import { positive } from './positive.ts';
import { rateLimit } from './rate-limit.ts';
import { role } from './role.ts';
import { validation } from './validation.ts';

test('every case kind has an executor of its own name, the same each time', () => {
  for (const kind of CASE_KINDS) {
    expect(executorOf(kind).name).toBe(kind);
    expect(executorOf(kind)).toBe(executorOf(kind));
  }
  // Every kind that plans cases has one to run them.
  expect(KINDS.map((k) => executorOf(k.name).name)).toEqual(KINDS.map((k) => k.name));
});

test('the kinds with steps of their own have their executors; the one-request kinds share one way', () => {
  expect(executorOf('positive')).toBe(positive);
  expect(executorOf('lifecycle')).toBe(lifecycle);
  expect(executorOf('role')).toBe(role);
  expect(executorOf('rate-limit')).toBe(rateLimit);
  // Validation's cases are one request each; its writes to its fixture are kept for the refusals' reads.
  expect(executorOf('validation')).toBe(validation);
  for (const kind of ['auth', 'validation', 'not-found'] as const) {
    expect([positive, lifecycle, role, rateLimit]).not.toContain(executorOf(kind));
    // eslint-disable-next-line @typescript-eslint/unbound-method -- looked at, not called
    expect(executorOf(kind).afterSuite).toBeUndefined();
  }
});
