// Chains first: a freed slot goes to the waiting request of the lowest
// priority number; independent requests leave room for chains at the panel
// and at each key's budget; a chain's steps always go ahead of independent
// cases, the ones with most of the chain behind them first.
import { afterEach, describe, expect, test } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALONE_PRIORITY, ChainReserve, DEFAULT_PRIORITY, PrioritySlots, stepPriority } from './priority.ts';
import { InFlightGate } from './in-flight.ts';
import { Budget } from './budget.ts';

/** Jobs that run until released, in the order they started. */
function jobs() {
  const releases: Array<() => void> = [];
  const started: string[] = [];
  let running = 0;
  return {
    started,
    running: () => running,
    job: (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        running++;
        releases.push(() => {
          running--;
          resolve(name);
        });
      }),
    /** Releases every job still running (a failed test leaves none behind). */
    releaseAll: () => releases.splice(0).forEach((release) => release()),
    /** Releases the oldest running job and lets the next ones start. */
    async releaseOne() {
      releases.shift()?.();
      await settle();
    },
  };
}

/** Lets queued jobs start (promise turns, and the Budget's timers). */
const settle = () => sleep(20);

/** Waits until cond holds (a loaded machine takes longer), then a little
 *  more, so that a job that should not start would have. */
async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond() && Date.now() < deadline) await sleep(5);
  await settle();
}

describe('priorities', () => {
  test("a chain's step always goes ahead of independent requests, the more still behind it the sooner; a suite alone goes first", () => {
    expect(stepPriority(0)).toBeLessThan(DEFAULT_PRIORITY);
    expect(stepPriority(3)).toBeLessThan(stepPriority(1));
    expect(stepPriority(40)).toBe(0);
    expect(ALONE_PRIORITY).toBeLessThan(DEFAULT_PRIORITY);
  });
});

describe('PrioritySlots', () => {
  test('never more than its size at once; a freed slot goes to the lowest priority number, the earliest among equals', async () => {
    const slots = new PrioritySlots(2);
    const j = jobs();
    const all = [
      slots.run(5, j.job('a')),
      slots.run(5, j.job('b')),
      slots.run(5, j.job('late 5')),
      slots.run(2, j.job('first 2')),
      slots.run(2, j.job('second 2')),
      slots.run(9, j.job('9')),
    ];
    await settle();
    expect(j.started).toEqual(['a', 'b']);
    for (let i = 0; i < 4; i++) {
      await j.releaseOne();
      expect(j.running()).toBe(2);
    }
    await j.releaseOne();
    await j.releaseOne();
    expect(j.started).toEqual(['a', 'b', 'first 2', 'second 2', 'late 5', '9']);
    expect(await Promise.all(all)).toHaveLength(6);
  });

  test('a job that throws gives its slot back', async () => {
    const slots = new PrioritySlots(1);
    await expect(slots.run(5, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(5, async () => 'next')).toBe('next');
  });

  test('dropping the waiters rejects each with the reason, and those running finish; an aborted waiter leaves the queue', async () => {
    const j = jobs();
    const slots = new PrioritySlots(1);
    const running = slots.run(5, j.job('running'));
    const waiting = [slots.run(5, j.job('w1')), slots.run(1, j.job('w2'))];
    const cancel = new AbortController();
    const aborted = slots.run(5, j.job('aborted'), cancel.signal);
    cancel.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    slots.dropWaiting(new Error('stopped'));
    for (const w of waiting) await expect(w).rejects.toThrow('stopped');
    j.releaseAll();
    expect(await running).toBe('running');
    expect(j.started).toEqual(['running']);
    // The slot came back: the next run goes at once.
    expect(await slots.run(5, async () => 'after')).toBe('after');
  });
});

describe('ChainReserve', () => {
  test("independent requests hold at most three quarters of the slots; a chain's runs at once beside them", async () => {
    const reserve = new ChainReserve(8);
    const j = jobs();
    const independent = Array.from({ length: 10 }, (_, i) => reserve.run(DEFAULT_PRIORITY, j.job(`i${i}`)));
    await settle();
    expect(j.running()).toBe(6);
    const chain = reserve.run(stepPriority(0), j.job('chain'));
    await settle();
    expect(j.started).toContain('chain');
    for (let i = 0; i < 11; i++) await j.releaseOne();
    expect(await chain).toBe('chain');
    expect(await Promise.all(independent)).toHaveLength(10);
  });

  test('at concurrency 1, the one slot is still there for independent requests', async () => {
    const reserve = new ChainReserve(1);
    expect(await reserve.run(DEFAULT_PRIORITY, async () => 'sent')).toBe('sent');
  });
});

describe('InFlightGate', () => {
  test('never more in flight than the concurrency; of those waiting, the lowest priority number first', async () => {
    const gate = new InFlightGate(4);
    const j = jobs();
    const all = ['a', 'b', 'c', 'd'].map((n) => gate.schedule(stepPriority(0), j.job(n)));
    await settle();
    all.push(
      gate.schedule(DEFAULT_PRIORITY, j.job('independent')),
      gate.schedule(stepPriority(1), j.job('later step')),
      gate.schedule(stepPriority(4), j.job('first step')),
    );
    await settle();
    expect(j.running()).toBe(4);
    for (let i = 0; i < 3; i++) {
      await j.releaseOne();
      expect(j.running()).toBe(4);
    }
    expect(j.started.slice(4)).toEqual(['first step', 'later step', 'independent']);
    for (let i = 0; i < 4; i++) await j.releaseOne();
    await Promise.all(all);
  });
});

describe('Budget', () => {
  const made: Budget[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((b) => b.stop()));
  });

  test("independent requests waiting on the panel leave room in the key's budget for a chain's", async () => {
    const budget = new Budget({ rate: 60, windowMs: 60_000, concurrency: 4 });
    made.push(budget);
    const j = jobs();
    try {
      const independent = Array.from({ length: 6 }, (_, i) => budget.schedule(j.job(`i${i}`)));
      await until(() => j.running() >= 3);
      expect(j.running()).toBe(3);
      const chain = budget.schedule(j.job('chain'), stepPriority(0));
      await until(() => j.started.includes('chain'));
      expect(j.started).toContain('chain');
      for (let i = 0; i < 7; i++) {
        await j.releaseOne();
        await until(() => j.running() > 0 || j.started.length === 7);
      }
      expect(await chain).toBe('chain');
      await Promise.all(independent);
    } finally {
      j.releaseAll();
    }
  });

  test('a request that waited between its grant and its send counts from the send: the next waits a window after it left', async () => {
    const windowMs = 400;
    const budget = new Budget({ rate: 1, windowMs, concurrency: 1 });
    made.push(budget);
    const sentAt: number[] = [];
    const send = (delayMs: number) =>
      budget.schedule(async (sending) => {
        await sleep(delayMs);
        sending();
        sentAt.push(Date.now());
      });
    // Held 300 ms after its grant: longer than the margin a grant-time count would leave.
    await send(300);
    await send(0);
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(windowMs);
  });
});
