// The in-flight bound on one panel: never more than --concurrency requests
// at once, room kept for chains among them, and a waiting request that is
// no longer wanted (its signal aborted) leaves without taking a slot.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { InFlightGate } from './in-flight.ts';
import { DEFAULT_PRIORITY, stepPriority } from './priority.ts';

/** Jobs that run until released. */
function jobs() {
  const releases = new Map<string, () => void>();
  const started: string[] = [];
  return {
    started,
    running: () => releases.size,
    job: (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        releases.set(name, () => {
          releases.delete(name);
          resolve(name);
        });
      }),
    release: async (name: string) => {
      releases.get(name)!();
      await sleep(10);
    },
    releaseAll: () => [...releases.values()].forEach((release) => release()),
  };
}

test('never more in flight than the concurrency; a finished request lets the next one go', async () => {
  const gate = new InFlightGate(2);
  const j = jobs();
  const all = ['a', 'b', 'c', 'd'].map((n) => gate.schedule(stepPriority(0), j.job(n)));
  await sleep(10);
  expect(j.started).toEqual(['a', 'b']);
  await j.release('a');
  expect(j.started).toEqual(['a', 'b', 'c']);
  expect(j.running()).toBe(2);
  j.releaseAll();
  await sleep(10);
  j.releaseAll();
  expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd']);
});

test("independent requests leave a quarter of the slots to chains: a chain's step goes at once", async () => {
  const gate = new InFlightGate(4);
  const j = jobs();
  const independent = ['i1', 'i2', 'i3', 'i4', 'i5'].map((n) => gate.schedule(DEFAULT_PRIORITY, j.job(n)));
  await sleep(10);
  expect(j.started).toEqual(['i1', 'i2', 'i3']);
  const step = gate.schedule(stepPriority(2), j.job('step'));
  await sleep(10);
  expect(j.started).toEqual(['i1', 'i2', 'i3', 'step']);
  expect(j.running()).toBe(4);
  for (let i = 0; i < 4; i++) {
    j.releaseAll();
    await sleep(10);
  }
  await Promise.all([...independent, step]);
  expect(j.started).toHaveLength(6);
});

test('a waiting request whose signal aborts leaves with its reason and takes no slot; one aborted before never starts', async () => {
  const gate = new InFlightGate(1);
  const j = jobs();
  const first = gate.schedule(stepPriority(0), j.job('first'));
  const stop = new AbortController();
  const waiting = gate.schedule(stepPriority(0), j.job('waiting'), stop.signal);
  const after = gate.schedule(stepPriority(0), j.job('after'));
  await sleep(10);
  stop.abort(new Error('the run was cancelled'));
  await expect(waiting).rejects.toThrow('the run was cancelled');
  await j.release('first');
  expect(j.started).toEqual(['first', 'after']);
  await expect(gate.schedule(stepPriority(0), j.job('never'), stop.signal)).rejects.toThrow('the run was cancelled');
  await j.release('after');
  expect(await Promise.all([first, after])).toEqual(['first', 'after']);
  expect(j.started).not.toContain('never');
});

test('a request that fails gives its slot back', async () => {
  const gate = new InFlightGate(1);
  await expect(
    gate.schedule(stepPriority(0), async () => {
      throw new Error('reset');
    }),
  ).rejects.toThrow('reset');
  expect(await gate.schedule(stepPriority(0), async () => 'next')).toBe('next');
  await expect(
    gate.schedule(DEFAULT_PRIORITY, async () => {
      throw new Error('timeout');
    }),
  ).rejects.toThrow('timeout');
  expect(await gate.schedule(DEFAULT_PRIORITY, async () => 'next')).toBe('next');
});
