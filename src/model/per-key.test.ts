// Requests per key: one naming and order for the estimate and what was sent.
import { expect, test } from 'vitest';
import { byKey, perKeySent, perKeyText } from './per-key.ts';

test('the three budgets in one order, a missing one as 0', () => {
  expect(perKeyText({ admin: 58, reseller: 33, anonymous: 46 })).toBe('admin 58, reseller 33, no key 46');
  expect(perKeyText({ anonymous: 2 })).toBe('admin 0, reseller 0, no key 2');
});

test('what was sent: the credentials without a valid key add up to the no-key budget, split by credential', () => {
  const sent = { admin: 58, none: 23, invalid: 23, reseller: 33 };
  expect(byKey(sent)).toEqual({ admin: 58, reseller: 33, anonymous: 46 });
  expect(perKeySent(sent)).toBe('admin 58, reseller 33, no key 46 (credential none 23, invalid 23)');
  expect(perKeySent({ admin: 3, invalid: 1 })).toBe('admin 3, reseller 0, no key 1 (credential invalid 1)');
  expect(perKeySent({})).toBe('admin 0, reseller 0, no key 0');
});
