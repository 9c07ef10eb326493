// The budget of one credential, on real (short) clocks: it follows the
// server's Remaining and Reset, never exceeds the rate in any window of its
// own, and waits out a 429 before sending the same request again.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test as base } from 'vitest';
import { Budget, readRateHeaders, RESET_MARGIN_MS, type RateHeaders } from './budget.ts';
import { ApiClient } from './client.ts';
import { Unavailability } from './unavailability.ts';
import { createDispatcher } from './transport.ts';
import { createRedactor } from './redact.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';

/** Timers fire a little early or late; waits are judged with this slack. */
const SLACK_MS = 40;
/** A send that must not wait: under the shortest wait these tests can see
 *  (a 400 ms window plus RESET_MARGIN_MS), with room for a loaded machine's
 *  scheduling. */
const AT_ONCE_MS = 400;

/** Budgets and servers of one test, stopped when it ends (tests run
 *  concurrently: they mostly wait on timers). */
const test = base.extend<{
  budget: (rate: number, windowMs: number) => Budget;
  serve: (handler: Parameters<typeof startLocalServer>[0]) => Promise<LocalServer>;
}>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  budget: async ({}, use) => {
    const made: Budget[] = [];
    await use((rate, windowMs) => {
      const b = new Budget({ rate, windowMs });
      made.push(b);
      return b;
    });
    await Promise.all(made.map((b) => b.stop()));
  },
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  serve: async ({}, use) => {
    const made: LocalServer[] = [];
    await use(async (handler) => {
      const server = await startLocalServer(handler);
      made.push(server);
      return server;
    });
    await Promise.all(made.map((s) => s.close()));
  },
});

/** Sends n requests through the budget; returns when each one left. */
async function sendTimes(b: Budget, n: number, onSent: (i: number) => Promise<void> = async () => {}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await b.schedule(async () => {
      times.push(Date.now());
      await onSent(i);
    });
  }
  return times;
}

/** A Reset that is `seconds` whole seconds ahead, and when it falls, in ms. */
function resetIn(seconds: number): { reset: number; at: number } {
  const reset = Math.ceil(Date.now() / 1000) + seconds;
  return { reset, at: reset * 1000 };
}

describe.concurrent('Budget', () => {
  test('without headers: the configured rate per local window, then a wait for the next', async ({ budget }) => {
    const b = budget(3, 400);
    const t = await sendTimes(b, 4);
    expect(t[2] - t[0]).toBeLessThan(AT_ONCE_MS);
    expect(t[3] - t[0]).toBeGreaterThanOrEqual(400 + RESET_MARGIN_MS - SLACK_MS);
    expect(b.sent).toBe(4);
  });

  test('follows X-RateLimit-Remaining: another client spent the key, so it waits for X-RateLimit-Reset', async ({ budget }) => {
    const b = budget(10, 2000);
    const { reset, at } = resetIn(1);
    // The first answer says only one more request fits in this window.
    const t = await sendTimes(b, 3, (i) => b.observe({ limit: 10, remaining: Math.max(0, 1 - i), reset }));
    expect(t[1] - t[0]).toBeLessThan(AT_ONCE_MS);
    expect(t[2]).toBeGreaterThanOrEqual(at + RESET_MARGIN_MS - SLACK_MS);
  });

  test('never more than the rate in any window of its own, even when Remaining says more (Remaining stuck)', async ({ budget }) => {
    const b = budget(3, 400);
    const t = await sendTimes(b, 6, () => b.observe({ limit: 3, remaining: 3, reset: Math.ceil(Date.now() / 1000) + 1 }));
    for (let i = 3; i < t.length; i++) expect(t[i] - t[i - 3]).toBeGreaterThanOrEqual(400 + RESET_MARGIN_MS - SLACK_MS);
  });

  test('a lower X-RateLimit-Limit lowers the rate; a higher one does not raise it', async ({ budget }) => {
    const lower = budget(10, 400);
    const t = await sendTimes(lower, 3, () => lower.observe({ limit: 2 }));
    expect(t[2] - t[0]).toBeGreaterThanOrEqual(400 + RESET_MARGIN_MS - SLACK_MS);
    const higher = budget(2, 400);
    const u = await sendTimes(higher, 3, () => higher.observe({ limit: 100 }));
    expect(u[2] - u[0]).toBeGreaterThanOrEqual(400 + RESET_MARGIN_MS - SLACK_MS);
  });

  test('a Reset in the past (a wrong clock) falls back to the local window instead of refilling at once', async ({ budget }) => {
    const b = budget(5, 600);
    const past = Math.floor(Date.now() / 1000) - 60;
    const t = await sendTimes(b, 2, () => b.observe({ limit: 5, remaining: 0, reset: past }));
    expect(t[1] - t[0]).toBeGreaterThanOrEqual(600 + RESET_MARGIN_MS - SLACK_MS);
  });

  test('a Reset far ahead (milliseconds, say) is clamped to one window', async ({ budget }) => {
    const b = budget(5, 500);
    const t = await sendTimes(b, 2, () => b.observe({ limit: 5, remaining: 0, reset: Date.now() }));
    expect(t[1] - t[0]).toBeGreaterThanOrEqual(500 + RESET_MARGIN_MS - SLACK_MS);
    expect(t[1] - t[0]).toBeLessThan(2 * 500 + RESET_MARGIN_MS); // one window, not more
  });

  test('after a 429: waits for Retry-After, else until Reset, else one window; counts each 429', async ({ budget }) => {
    const windowMs = 2500; // beyond the next Reset, which lies at most 2 s ahead
    const { reset, at } = resetIn(1);
    const cases: Array<{ h: RateHeaders; expected: () => number }> = [
      { h: { retryAfter: 1 }, expected: () => 1000 + RESET_MARGIN_MS },
      { h: { reset }, expected: () => at + RESET_MARGIN_MS - Date.now() },
      { h: {}, expected: () => windowMs + RESET_MARGIN_MS },
      { h: { retryAfter: 3600 }, expected: () => windowMs + RESET_MARGIN_MS }, // bounded by one window
    ];
    for (const { h, expected } of cases) {
      const b = budget(5, windowMs);
      const wait = await b.blockedUntilReset(h);
      expect(Math.abs(wait - expected())).toBeLessThan(SLACK_MS);
      expect(b.rateLimited).toBe(1);
    }
    const b = budget(5, windowMs);
    const blockedAt = Date.now();
    await b.blockedUntilReset({ retryAfter: 0 });
    const [sent] = await sendTimes(b, 1);
    expect(sent - blockedAt).toBeGreaterThanOrEqual(RESET_MARGIN_MS - SLACK_MS);
  });

  test('seed: starts from the preflight once, and is ignored after the budget heard from the server', async ({ budget }) => {
    const fresh = budget(5, 2000);
    const { reset, at } = resetIn(1);
    await fresh.seed({ limit: 5, remaining: 0, reset });
    const [first] = await sendTimes(fresh, 1);
    expect(first).toBeGreaterThanOrEqual(at + RESET_MARGIN_MS - SLACK_MS);

    const running = budget(5, 2000);
    await sendTimes(running, 1, () => running.observe({ limit: 5, remaining: 3, reset }));
    const before = Date.now();
    await running.seed({ limit: 5, remaining: 0, reset });
    const [next] = await sendTimes(running, 1);
    expect(next - before).toBeLessThan(AT_ONCE_MS);
  });
});

describe('Budget, requests side by side', () => {
  const reset = () => Math.ceil(Date.now() / 1000) + 60;

  test('an answer lets through exactly what it says is left, however many wait; the rest wait for the window', async () => {
    const b = new Budget({ rate: 60, windowMs: 60_000, concurrency: 8 });
    try {
      let sent = 0;
      await b.schedule(async () => {
        sent++;
        await b.observe({ limit: 60, remaining: 2, reset: reset() });
      });
      const more = Array.from({ length: 6 }, () => b.schedule(async () => void sent++));
      // The two left go (however late a loaded machine lets them), and no more.
      for (const deadline = Date.now() + 10_000; sent < 3 && Date.now() < deadline;) await sleep(10);
      await sleep(200);
      expect(sent).toBe(3);
      await b.stop();
      expect((await Promise.allSettled(more)).filter((r) => r.status === 'rejected')).toHaveLength(4);
    } finally {
      await b.stop();
    }
  });

  test('requests granted and not yet answered are taken off what an answer says is left', async () => {
    const b = new Budget({ rate: 60, windowMs: 60_000, concurrency: 8 });
    try {
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = b.schedule(() => held); // granted, its answer still to come
      await b.schedule(() => b.observe({ limit: 60, remaining: 1, reset: reset() }));
      let third = false;
      const late = b.schedule(async () => void (third = true));
      await sleep(200);
      expect(third).toBe(false); // the one left is the first's
      release();
      await first;
      await b.stop();
      await late.catch(() => {});
    } finally {
      await b.stop();
    }
  });
});

describe('readRateHeaders', () => {
  test('integers only; anything malformed counts as absent', () => {
    expect(readRateHeaders({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': ' 7 ', 'x-ratelimit-reset': '1800000000', 'retry-after': '12' })).toEqual({
      limit: 60,
      remaining: 7,
      reset: 1800000000,
      retryAfter: 12,
    });
    expect(readRateHeaders({ 'x-ratelimit-limit': 'sixty', 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '1.8e9', 'retry-after': 'soon' })).toEqual({
      limit: undefined,
      remaining: undefined,
      reset: undefined,
      retryAfter: undefined,
    });
    expect(readRateHeaders({})).toEqual({ limit: undefined, remaining: undefined, reset: undefined, retryAfter: undefined });
  });

  test('Retry-After as an HTTP date', () => {
    const h = readRateHeaders({ 'retry-after': new Date(Date.now() + 5000).toUTCString() });
    expect(h.retryAfter).toBeGreaterThanOrEqual(4);
    expect(h.retryAfter).toBeLessThanOrEqual(6);
  });
});

describe.concurrent('ApiClient on 429', () => {
  /** Answers 429 to the first `refusals` requests, then 200. */
  function refusing(refusals: number, retryAfter: string, hits: number[]): Parameters<typeof startLocalServer>[0] {
    return (_req, res) => {
      hits.push(Date.now());
      const refused = hits.length <= refusals;
      res.writeHead(refused ? 429 : 200, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(JSON.stringify(refused ? { success: false, code: 'RATE_LIMITED', error: 'slow down', message: 'slow down', status: 429 } : { username: 'root' }));
    };
  }

  function client(origin: string, b: Budget): ApiClient {
    return new ApiClient({
      baseUrl: origin,
      tokens: { admin: 'wsp_test' },
      timeoutMs: 5000,
      unavailability: new Unavailability({ budgetMs: 30_000 }),
      dispatcher: createDispatcher({}, 5000),
      budgets: { admin: b, reseller: b, anonymous: b },
      redact: createRedactor(['wsp_test']),
    });
  }

  test('waits for Retry-After and sends the same request again: the case sees the answer after the reset', async ({ budget, serve }) => {
    const hits: number[] = [];
    const { origin } = await serve(refusing(1, '1', hits));
    const b = budget(60, 2000);
    const ex = await client(origin, b).call('admin', { method: 'GET', path: '/auth/me' });
    expect(ex.response?.status).toBe(200);
    expect(ex.rateLimitedRetries).toBe(1);
    expect(hits[1] - hits[0]).toBeGreaterThanOrEqual(1000 + RESET_MARGIN_MS - SLACK_MS);
    expect(b.rateLimited).toBe(1);
  });

  test('gives up after 3 retries and returns the 429; every 429 is counted', async ({ budget, serve }) => {
    const hits: number[] = [];
    const { origin } = await serve(refusing(Infinity, '0', hits));
    const b = budget(60, 2000);
    const ex = await client(origin, b).call('admin', { method: 'GET', path: '/auth/me' });
    expect(ex.response?.status).toBe(429);
    expect(ex.rateLimitedRetries).toBe(3);
    expect(hits).toHaveLength(4);
    expect(b.rateLimited).toBe(4);
  });
});
