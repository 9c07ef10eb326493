// What identifies a shared budget, and how its store is named in messages,
// without a store: the budget itself is tested against Redis by
// test/shared-budget*.test.ts.
import { expect, test } from 'vitest';
import { budgetId, patientTimeout, redactRedisUrl } from './shared-budget.ts';

const KEY = 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef';

test('budgetId: a hex hash of the panel and the key, never the key itself', () => {
  const id = budgetId('https://panel.example.com:2083/api/v1', KEY);
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect(id).not.toContain(KEY.slice(4, 12));
  expect(budgetId('https://panel.example.com:2083/api/v1', KEY)).toBe(id);
});

test('budgetId: the same panel however its URL is written shares the budget; another panel or key does not', () => {
  const id = budgetId('https://panel.example.com:2083/api/v1', KEY);
  expect(budgetId('https://PANEL.example.com:2083/api/v1/', KEY)).toBe(id);
  expect(budgetId('https://panel.example.com:2083/api/v1//', KEY)).toBe(id);
  expect(budgetId('https://panel.example.com:2083/api/v1?x=1', KEY)).toBe(id);
  expect(budgetId('https://panel.example.com:2084/api/v1', KEY)).not.toBe(id);
  expect(budgetId('http://panel.example.com:2083/api/v1', KEY)).not.toBe(id);
  expect(budgetId('https://panel.example.com:2083/api/v2', KEY)).not.toBe(id);
  expect(budgetId('https://panel.example.com:2083/api/v1', `${KEY.slice(0, -1)}0`)).not.toBe(id);
});

test('redactRedisUrl: a password, or a user name that may be one, as ***', () => {
  expect(redactRedisUrl('redis://:hunter2@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
  expect(redactRedisUrl('redis://ci:hunter2@redis.internal:6379')).toBe('redis://ci:***@redis.internal:6379');
  expect(redactRedisUrl('redis://hunter2@redis.internal:6379')).toBe('redis://***@redis.internal:6379');
  expect(redactRedisUrl('redis://redis.internal:6379')).toBe('redis://redis.internal:6379');
  expect(redactRedisUrl('not a url //user:hunter2@host')).not.toContain('hunter2');
});

/** Holds the event loop for `ms` of wall time, as a synchronous start-up does. */
function busy(ms: number): number {
  const end = Date.now() + ms;
  while (Date.now() < end);
  return end;
}

const expiry = (ms: number, wallMs: number) => new Promise<number>((resolve) => patientTimeout(ms, wallMs, () => resolve(Date.now())));

test('patientTimeout: the time the event loop was held does not count against it', async () => {
  const fired = expiry(300, 60_000);
  const freed = busy(1000);
  // At most two ticks (100 ms) of the 1 s it was held count: 200 ms more at least.
  expect((await fired) - freed).toBeGreaterThanOrEqual(200 - 5);
});

test('patientTimeout: it fires after its time on a free loop, at the latest after the wall time, and not once cancelled', async () => {
  const start = Date.now();
  expect((await expiry(200, 60_000)) - start).toBeGreaterThanOrEqual(200 - 5);
  // Held past the wall time: it fires at the first look after it, not 5 s
  // of loop time later.
  const fired = expiry(5000, 500);
  const freed = busy(800);
  expect((await fired) - freed).toBeLessThan(2000);
  let calls = 0;
  const cancel = patientTimeout(50, 100, () => calls++);
  cancel();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(calls).toBe(0);
});
