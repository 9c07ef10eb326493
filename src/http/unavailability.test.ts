// A panel's outages, shared by its requests: they wait together until the
// time the proxy named, one probe goes first, and past the budget the run
// gives up on the panel.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PanelUnavailable, Unavailability, type Pass } from './unavailability.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const PROXY = { retryAfterMs: 1000, what: '503 text/html' };
/** The jitter at its lowest: each back-off is half its step. */
const outages = (budgetMs = 30_000) => new Unavailability({ budgetMs, random: () => 0 });

/** Admits `n` requests; `admitted` lists the passes as they come. */
function waiting(u: Unavailability, n: number): { admitted: Pass[]; all: Promise<Pass[]> } {
  const admitted: Pass[] = [];
  const all = Promise.all(Array.from({ length: n }, () => u.admit().then((p) => (admitted.push(p), p))));
  return { admitted, all };
}

test('while the panel is available every request goes at once, none as a probe', async () => {
  const u = outages();
  const pass = await u.admit();
  expect(pass).toEqual({ probe: false });
  expect(u.settle(pass, undefined)).toBe('answered');
  expect(u.reason).toBeUndefined();
});

test('a request admitted before an outage began, still waiting for a slot, may not leave; the probe may; once it is over, all may', async () => {
  const u = outages();
  const early = await u.admit();
  expect(u.mayLeave(early)).toBe(true);
  expect(u.settle(await u.admit(), PROXY)).toBe('retry');
  expect(u.mayLeave(early)).toBe(false);
  await vi.advanceTimersByTimeAsync(1000);
  const probe = await u.admit();
  expect(u.mayLeave(probe)).toBe(true);
  expect(u.settle(probe, undefined)).toBe('answered');
  expect(u.mayLeave(early)).toBe(true);
});

test('a proxy answer holds every request until its Retry-After; then one probe goes, and its answer of the API lets the others go', async () => {
  const u = outages();
  expect(u.settle(await u.admit(), PROXY)).toBe('retry');
  const { admitted, all } = waiting(u, 4);
  await vi.advanceTimersByTimeAsync(999);
  expect(admitted).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(admitted).toEqual([{ probe: true }]);
  // The others wait for the probe's answer, however long it takes.
  await vi.advanceTimersByTimeAsync(5000);
  expect(admitted).toHaveLength(1);
  expect(u.settle(admitted[0], undefined)).toBe('answered');
  expect(await all).toEqual([{ probe: true }, { probe: false }, { probe: false }, { probe: false }]);
});

test('a probe the proxy turns away again sets the next wait; without a Retry-After the back-off doubles', async () => {
  const u = outages();
  const noRetryAfter = { what: 'connection reset (ECONNRESET)' };
  u.settle(await u.admit(), noRetryAfter);
  const at: number[] = [];
  for (let i = 0; i < 4; i++) {
    const next = u.admit();
    await vi.runOnlyPendingTimersAsync();
    const probe = await next;
    expect(probe.probe).toBe(true);
    at.push(Date.now() - 1_000_000);
    u.settle(probe, noRetryAfter);
  }
  // Half of 500, 1000, 2000, 4000 ms (the jitter at its lowest), added up.
  expect(at).toEqual([250, 750, 1750, 3750]);
});

test("answers of requests sent before the outage do not end it: only the probe's does", async () => {
  const u = outages();
  const early = await u.admit();
  u.settle(await u.admit(), PROXY);
  expect(u.settle(early, undefined)).toBe('answered');
  const { admitted } = waiting(u, 1);
  await vi.advanceTimersByTimeAsync(500);
  expect(admitted).toEqual([]);
});

test('a Retry-After of 0 asks for nothing: the back-off applies; a Retry-After beyond the budget is probed once at its end', async () => {
  const u = outages(10_000);
  u.settle(await u.admit(), { retryAfterMs: 0, what: '503' });
  const { admitted } = waiting(u, 1);
  await vi.advanceTimersByTimeAsync(249);
  expect(admitted).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(u.settle(admitted[0], { retryAfterMs: 120_000, what: '503' })).toBe('retry');
  const last = waiting(u, 1);
  await vi.advanceTimersByTimeAsync(10_000 - 250 - 1);
  expect(last.admitted).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(last.admitted).toEqual([{ probe: true }]);
});

test('past the budget the run gives up: the signal says why, waiting requests go, and from then on each is sent once', async () => {
  const u = outages(2000);
  u.settle(await u.admit(), PROXY);
  const others = waiting(u, 3);
  for (let i = 0; i < 2; i++) {
    await vi.advanceTimersByTimeAsync(1000);
    const probe = others.admitted.find((p) => p.probe)!;
    others.admitted.splice(others.admitted.indexOf(probe), 1);
    expect(u.settle(probe, { retryAfterMs: 1000, what: '502 text/html' })).toBe(i === 0 ? 'retry' : 'gave-up');
  }
  expect(u.stopped.aborted).toBe(true);
  expect(u.stopped.reason).toBeInstanceOf(PanelUnavailable);
  expect(u.reason).toBe('the panel stayed unavailable for 2.0 s, past its budget of 2.0 s (--unavailable-budget); last answer: 502 text/html');
  expect(await others.all).toHaveLength(3);
  const after = await u.admit();
  expect(after).toEqual({ probe: false });
  expect(u.settle(after, PROXY)).toBe('gave-up');
  expect(u.settle(after, undefined)).toBe('answered');
});

test('a request waiting with a signal stops waiting when it aborts; a probe released hands its turn on', async () => {
  const u = outages();
  u.settle(await u.admit(), PROXY);
  const cancel = new AbortController();
  const cancelled = u.admit(cancel.signal);
  cancel.abort(new Error('cancelled'));
  await expect(cancelled).rejects.toThrow('cancelled');
  await vi.advanceTimersByTimeAsync(1000);
  const probe = await u.admit();
  expect(probe.probe).toBe(true);
  const next = waiting(u, 1);
  await vi.advanceTimersByTimeAsync(10);
  expect(next.admitted).toEqual([]);
  u.release(probe);
  await vi.advanceTimersByTimeAsync(0);
  expect(next.admitted).toEqual([{ probe: true }]);
});

test('a request that met the proxy already is the probe only when no other one waits', async () => {
  const u = outages();
  const tries = { key: 'GET /a', alone: 0 };
  expect(u.settle(await u.admit(), PROXY, tries)).toBe('retry');
  const again = u.admit(undefined, true);
  const fresh = waiting(u, 1);
  await vi.advanceTimersByTimeAsync(1000);
  expect(fresh.admitted).toEqual([{ probe: true }]);
  // Its answer of the API ends the outage: the one that met the proxy goes.
  u.settle(fresh.admitted[0], undefined);
  expect(await again).toEqual({ probe: false });
  // Alone, it probes itself.
  expect(u.settle({ probe: false }, PROXY, tries)).toBe('retry');
  const alone = u.admit(undefined, true);
  await vi.advanceTimersByTimeAsync(1000);
  expect(await alone).toEqual({ probe: true });
});

test('a request that meets the proxy time after time while the panel answers others: its answer stands, and the next time at once', async () => {
  const u = outages();
  const tries = { key: 'GET /broken', alone: 0 };
  const settled: string[] = [];
  for (let i = 0; i < 4; i++) {
    settled.push(u.settle(await u.admit(undefined, i > 0), { what: 'connection reset (ECONNRESET)' }, tries));
    // Another request is the probe, and the API answers it.
    const other = u.admit();
    await vi.runOnlyPendingTimersAsync();
    u.settle(await other, undefined);
  }
  expect(settled).toEqual(['retry', 'retry', 'retry', 'answered']);
  expect(u.reason).toBeUndefined();
  // The same request again: its own at once, no outage for the others.
  expect(u.settle(await u.admit(), { what: 'connection reset (ECONNRESET)' }, { key: 'GET /broken', alone: 0 })).toBe('answered');
  expect(await u.admit()).toEqual({ probe: false });
  // Another request that meets the proxy is an outage as before.
  expect(u.settle(await u.admit(), PROXY, { key: 'GET /other', alone: 0 })).toBe('retry');
});
