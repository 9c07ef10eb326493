import { expect, test } from 'vitest';
import { BudgetWaits } from './waits.ts';

test('budget waits: each key announces its wait, the progress line reads the soonest that is not over', () => {
  const waits = new BudgetWaits();
  const now = Date.now();
  expect(waits.current(now)).toBeUndefined();
  waits.announce('anonymous', now + 30_000);
  waits.announce('admin', now + 10_000);
  expect(waits.current(now)).toEqual({ key: 'admin', until: now + 10_000 });
  expect(waits.current(now + 20_000)).toEqual({ key: 'anonymous', until: now + 30_000 });
  waits.announce('anonymous', undefined);
  expect(waits.current(now + 20_000)).toBeUndefined();
});
