// The run's own count against the panel's headers: each lie of a limiter is
// proven with the answers as evidence, and every honest limiter (fixed or
// sliding window, token bucket, a clock that is off, requests that overlap)
// proves nothing.
import { expect, test } from 'vitest';
import { RateAccount, type RateContradiction } from './rate-account.ts';

const RESET = 1_800_000_060;
const DATE_EARLY = new Date((RESET - 50) * 1000).toUTCString();

function headers(remaining: number, reset = RESET, date = DATE_EARLY): Record<string, string> {
  return { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset), date };
}

/** A key's account on a clock the test moves: 60 per 60 s unless told. */
function account(rate = 60, windowMs = 60_000) {
  let now = 0;
  const acc = new RateAccount(rate, windowMs, () => now);
  const found: RateContradiction[] = [];
  /** One request at a time: sent, then answered 10 ms later. */
  const one = (status: number, h: Record<string, string>) => {
    const s = acc.sent(`GET /x`);
    now += 10;
    found.push(...acc.answered(s, status, h));
    now += 1;
  };
  return { acc, found, one, tick: (ms: number) => (now += ms) };
}

test('an honest fixed window counting down, turning, and refusing with 0: nothing to prove', () => {
  const { one, found } = account();
  for (let r = 59; r >= 0; r--) one(200, headers(r));
  one(429, headers(0));
  for (let r = 59; r >= 57; r--) one(200, headers(r, RESET + 60));
  expect(found).toEqual([]);
});

test('Remaining falling by two per request: RL-REMAINING-COUNTS, with the answers', () => {
  const { one, found } = account();
  one(200, headers(58));
  one(200, headers(56));
  expect(found).toEqual([
    {
      requirement: 'RL-REMAINING-COUNTS',
      message: `expected X-RateLimit-Remaining to fall by at most one per request of this key, got 58 then 56 with 1 request of ours in between: GET /x 200 Remaining 58 Reset ${RESET}; GET /x 200 Remaining 56 Reset ${RESET}`,
    },
  ]);
});

test('a key the server stopped knowing: its 401s carry another budget (the address), never held against the key', () => {
  const { one, found } = account();
  one(200, headers(59));
  // Revoked: the address's budget, which other requests spent.
  one(401, headers(12));
  one(401, headers(11));
  one(200, headers(56));
  expect(found).toEqual([]);
});

test('one limit for two keys: the key that was not used lost Remaining', () => {
  const admin = account();
  const reseller = account();
  admin.one(200, headers(59));
  // Three requests of the other key spend the same budget.
  for (const r of [58, 57, 56]) reseller.one(200, headers(r));
  admin.one(200, headers(55));
  expect(reseller.found).toEqual([]);
  expect(admin.found.map((f) => f.requirement)).toEqual(['RL-REMAINING-COUNTS']);
});

test('overlapping requests: answers in any order, and any answer that may have been counted first, prove nothing', () => {
  let now = 0;
  const acc = new RateAccount(60, 60_000, () => now);
  const first = acc.sent('a');
  const sent = [acc.sent('b'), acc.sent('c'), acc.sent('d')];
  now = 5;
  expect(acc.answered(first, 200, headers(59))).toEqual([]);
  now = 6;
  // Three in flight when the first answered: the server may count them all before the next.
  const e = acc.sent('e');
  now = 9;
  expect(acc.answered(e, 200, headers(55))).toEqual([]);
  expect(sent.map((s, i) => acc.answered(s, 200, headers(58 - i)))).toEqual([[], [], []]);
});

test('a sliding window and a token bucket free requests: Remaining may rise, never counts against them', () => {
  const { one, found, tick } = account();
  one(200, headers(0, RESET));
  tick(1000);
  one(200, headers(0, RESET + 1)); // a bucket: one token back, the Reset a second on
  one(200, headers(3, RESET + 2)); // a sliding log: three old requests left the window, the next oldest resets later
  one(200, headers(2, RESET + 2));
  expect(found).toEqual([]);
});

test('a lost request may still reach the server: it counts against every later answer', () => {
  let now = 0;
  const acc = new RateAccount(60, 60_000, () => now);
  const a = acc.sent('a');
  now = 1;
  expect(acc.answered(a, 200, headers(59))).toEqual([]);
  const lost = acc.sent('lost');
  now = 100;
  acc.lost(lost);
  const b = acc.sent('b');
  now = 101;
  expect(acc.answered(b, 200, headers(57))).toEqual([]);
});

test('a 429 saying Remaining is left: RL-429-REMAINING-ZERO, unless its window turned on the way', () => {
  const { one, found } = account();
  one(200, headers(1));
  one(200, headers(0));
  one(429, headers(60));
  expect(found.map((f) => f.requirement)).toEqual(['RL-429-REMAINING-ZERO']);
  expect(found[0].message).toMatch(/^expected a 429 to say X-RateLimit-Remaining 0, got 60 under the same Reset \d+: GET \/x 200 Remaining 0/);

  const turned = account();
  turned.one(200, headers(0));
  turned.one(429, headers(59, RESET + 60));
  expect(turned.found).toEqual([]);
});

test("served after Remaining 0 under the same Reset, the server's Date two seconds or more before it: RL-NO-SERVICE-AFTER-ZERO", () => {
  const { one, found } = account();
  one(200, headers(0));
  one(200, headers(0));
  expect(found.map((f) => f.requirement)).toEqual(['RL-NO-SERVICE-AFTER-ZERO']);
  expect(found[0].message).toContain(`once an answer said X-RateLimit-Remaining 0, got 200 at ${DATE_EARLY}`);
});

test('two overlapping requests both served with Remaining 0 under one Reset: one was served after the other said 0', () => {
  let now = 0;
  const acc = new RateAccount(60, 60_000, () => now);
  const [a, b] = [acc.sent('a'), acc.sent('b')];
  now = 5;
  expect(acc.answered(a, 200, headers(0))).toEqual([]);
  expect(acc.answered(b, 200, headers(0)).map((f) => f.requirement)).toEqual(['RL-NO-SERVICE-AFTER-ZERO']);
  // A 429 and a served answer that overlap: the served one may have come first.
  const fresh = new RateAccount(60, 60_000, () => now);
  const [e, f] = [fresh.sent('e'), fresh.sent('f')];
  now = 12;
  expect(fresh.answered(e, 429, headers(0))).toEqual([]);
  expect(fresh.answered(f, 200, headers(0))).toEqual([]);
});

test('served after Remaining 0: honest when the Reset moved, when the Date is at the Reset, without a Date, or with slots under a second', () => {
  const cases: Array<[string, () => RateContradiction[]]> = [
    [
      'a bucket: the Reset a second on',
      () => {
        const t = account();
        t.one(200, headers(0));
        t.one(200, headers(0, RESET + 1));
        return t.found;
      },
    ],
    [
      'a sliding log: the oldest left at the Reset',
      () => {
        const t = account();
        t.one(200, headers(0));
        t.one(200, headers(0, RESET, new Date((RESET - 1) * 1000).toUTCString()));
        return t.found;
      },
    ],
    [
      'no Date: our clock may be off',
      () => {
        const t = account();
        t.one(200, headers(0));
        const { date: _date, ...noDate } = headers(0);
        t.one(200, noDate);
        return t.found;
      },
    ],
    [
      "60 per 2 s: a bucket's whole-second Reset stays across a slot",
      () => {
        const t = account(60, 2000);
        t.one(200, headers(0));
        t.one(200, headers(0));
        return t.found;
      },
    ],
  ];
  for (const [name, run] of cases) expect(run(), name).toEqual([]);
});

test("a 429 once the Reset announced with Remaining 0 has passed by the server's clock, nothing else in between: RL-RESET-HONOURED", () => {
  const after = new Date((RESET + 1) * 1000).toUTCString();
  const { one, found } = account();
  one(429, headers(0));
  one(429, headers(0, RESET + 30, after));
  expect(found.map((f) => f.requirement)).toEqual(['RL-RESET-HONOURED']);
  // Before the Reset by the server's clock (ours may be ahead), or another request of the key first: nothing proven.
  const early = account();
  early.one(429, headers(0));
  early.one(429, headers(0, RESET));
  expect(early.found).toEqual([]);
  let now = 0;
  const acc = new RateAccount(60, 60_000, () => now);
  const a = acc.sent('a');
  now = 1;
  acc.answered(a, 429, headers(0));
  const [other, b] = [acc.sent('other'), acc.sent('b')];
  now = 2;
  expect(acc.answered(b, 429, headers(0, RESET + 30, after))).toEqual([]);
  expect(acc.answered(other, 200, headers(59, RESET + 60, after))).toEqual([]);
});

test('a burst side by side, its answers back in another order than they left: the one that said 0 counts, and a 429 past its Reset is RL-RESET-HONOURED', () => {
  const after = new Date((RESET + 1) * 1000).toUTCString();
  let now = 0;
  const acc = new RateAccount(60, 60_000, () => now);
  const burst = Array.from({ length: 6 }, () => acc.sent('GET /x'));
  now = 5;
  // The server took the last to leave first: its answer says 5 left; the first to leave, counted last, says 0.
  const found = [...burst].reverse().flatMap((s, i) => acc.answered(s, i === 5 ? 429 : 200, headers(5 - i)));
  expect(found).toEqual([]);
  now = 10;
  const b = acc.sent('GET /x');
  now = 11;
  expect(acc.answered(b, 429, headers(0, RESET, after)).map((f) => f.requirement)).toEqual(['RL-RESET-HONOURED']);
});
