// The proof a 429 needs before it fails "60 requests per minute per API
// token": consecutive answers counted down by one under one Reset, and the
// 429 itself still granting two or more. Every honest explanation must
// leave it unproven.
import { expect, test } from 'vitest';
import { RateWitness } from './rate-witness.ts';

const RESET = 1_800_000_060;
const h = (remaining: number | undefined, reset: number | undefined = RESET) => ({
  'x-ratelimit-limit': '60',
  ...(remaining === undefined ? {} : { 'x-ratelimit-remaining': String(remaining) }),
  ...(reset === undefined ? {} : { 'x-ratelimit-reset': String(reset) }),
});
function feed(witness: RateWitness, answers: Array<[number, Record<string, string>]>) {
  return answers.map(([status, headers]) => witness.observe(status, headers)).filter(Boolean);
}

test('a 429 at half the advertised limit, after our own answers counted down one by one: proven', () => {
  const countdown: Array<[number, Record<string, string>]> = [59, 58, 57, 56, 55].map((r) => [200, h(r)]);
  expect(feed(new RateWitness(), [...countdown, [429, h(55)]])).toEqual([{ remaining: 55, limit: 60, reset: RESET, countedDown: [59, 58, 57, 56, 55] }]);
  expect(feed(new RateWitness(), [...countdown, [429, h(54)]])).toHaveLength(1);
});

test('the honest 429s are never proven: the budget spent, another client on the key, a window that turned, a sliding window, no headers', () => {
  const down = (from: number, n: number, reset = RESET): Array<[number, Record<string, string>]> =>
    Array.from({ length: n }, (_, i) => [200, h(from - i, reset)]);
  expect(feed(new RateWitness(), [...down(3, 3), [429, h(0)]])).toEqual([]); // spent: 1 left at most
  expect(feed(new RateWitness(), [...down(40, 3), [200, h(30)], [429, h(30)]])).toEqual([]); // another client took 7: too few of our own answers since
  expect(feed(new RateWitness(), [...down(40, 3), [429, h(20)]])).toEqual([]); // another client spent between our last answer and the 429
  expect(feed(new RateWitness(), [...down(40, 3), [429, h(37, RESET + 60)]])).toEqual([]); // the window turned
  expect(
    feed(new RateWitness(), [
      [200, h(40)],
      [200, h(41)],
      [200, h(40)],
      [429, h(40)],
    ]),
  ).toEqual([]); // sliding: freed requests
  expect(feed(new RateWitness(), [...down(40, 3), [429, {}]])).toEqual([]); // the 429 says nothing
  expect(
    feed(new RateWitness(), [
      [200, h(40)],
      [200, { 'x-ratelimit-remaining': '39' }],
      [200, h(38)],
      [429, h(38)],
    ]),
  ).toEqual([]); // a Reset missing breaks the chain
});

test('overlapping requests: answers out of order, and a 429 before the last of them, still prove it', () => {
  const out = feed(new RateWitness(), [
    [200, h(59)],
    [200, h(57)],
    [429, h(56)],
    [200, h(58)],
    [200, h(56)],
  ]);
  expect(out).toEqual([{ remaining: 56, limit: 60, reset: RESET, countedDown: [59, 58, 57] }]);
  // Proven once per window, not once per answer after it.
  expect(
    feed(new RateWitness(), [
      [200, h(59)],
      [200, h(58)],
      [200, h(57)],
      [429, h(57)],
      [429, h(57)],
      [200, h(56)],
    ]),
  ).toHaveLength(1);
});
