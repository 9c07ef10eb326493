// Chains first: the priority a request is made with follows it through
// every await; independent requests leave room for chains at the panel and
// at each key's budget; among waiting requests the lowest number goes first.
import { afterEach, describe, expect, test } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChainReserve, currentPriority, DEFAULT_PRIORITY, stepPriority, withPriority } from '../src/http/priority.ts';
import { InFlightGate } from '../src/http/in-flight.ts';
import { Budget } from '../src/http/budget.ts';

/** A job that runs until released; `running` counts those started and not released. */
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
    releaseOne: () => releases.shift()?.(),
  };
}

/** Lets queued jobs start (Bottleneck starts them on later ticks). */
const settle = () => sleep(30);

describe('the priority of a request', () => {
  test('is the default outside a chain, and the chain step\'s through every await inside one', async () => {
    expect(currentPriority()).toBe(DEFAULT_PRIORITY);
    const seen = await withPriority(stepPriority(2), async () => {
      await sleep(1);
      return Promise.all([currentPriority(), (async () => (await sleep(1), currentPriority()))()]);
    });
    expect(seen).toEqual([stepPriority(2), stepPriority(2)]);
    expect(currentPriority()).toBe(DEFAULT_PRIORITY);
  });

  test('a chain\'s step always goes ahead of independent requests, the more still behind it the sooner', () => {
    expect(stepPriority(0)).toBeLessThan(DEFAULT_PRIORITY);
    expect(stepPriority(3)).toBeLessThan(stepPriority(1));
    expect(stepPriority(40)).toBe(0);
  });
});

describe('ChainReserve', () => {
  test('independent requests hold at most three quarters of the slots; a chain\'s runs at once beside them', async () => {
    const reserve = new ChainReserve(8);
    const j = jobs();
    const independent = Array.from({ length: 10 }, (_, i) => reserve.run(DEFAULT_PRIORITY, j.job(`i${i}`)));
    await settle();
    expect(j.running()).toBe(6);
    const chain = reserve.run(stepPriority(0), j.job('chain'));
    await settle();
    expect(j.started).toContain('chain');
    for (let i = 0; i < 11; i++) {
      j.releaseOne();
      await settle();
    }
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
    const all = [...['a', 'b', 'c', 'd'].map((n) => gate.schedule(stepPriority(0), j.job(n)))];
    await settle();
    expect(j.running()).toBe(4);
    all.push(gate.schedule(DEFAULT_PRIORITY, j.job('independent')), gate.schedule(stepPriority(1), j.job('later step')), gate.schedule(stepPriority(4), j.job('first step')));
    await settle();
    expect(j.running()).toBe(4);
    for (let i = 0; i < 3; i++) {
      j.releaseOne();
      await settle();
      expect(j.running()).toBe(4);
    }
    expect(j.started.slice(4)).toEqual(['first step', 'later step', 'independent']);
    for (let i = 0; i < 4; i++) j.releaseOne();
    await Promise.all(all);
  });
});

describe('Budget', () => {
  const made: Budget[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((b) => b.stop()));
  });

  test('independent requests waiting on the panel leave room in the key\'s budget for a chain\'s', async () => {
    const budget = new Budget({ rate: 60, windowMs: 60_000, concurrency: 4 });
    made.push(budget);
    const j = jobs();
    const independent = Array.from({ length: 6 }, (_, i) => budget.schedule(j.job(`i${i}`)));
    await settle();
    expect(j.running()).toBe(3);
    const chain = budget.schedule(j.job('chain'), stepPriority(0));
    await settle();
    expect(j.started).toContain('chain');
    for (let i = 0; i < 7; i++) {
      j.releaseOne();
      await settle();
    }
    expect(await chain).toBe('chain');
    await Promise.all(independent);
  });
});
