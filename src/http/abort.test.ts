import { getEventListeners } from 'node:events';
import { describe, expect, test, vi } from 'vitest';
import { whenAborted } from './abort.ts';

describe('whenAborted', () => {
  test('many waiters on one signal share one listener; each is stopped once, but those that left', () => {
    const cancel = new AbortController();
    const stops = Array.from({ length: 300 }, () => vi.fn());
    const unlistens = stops.map((stop) => whenAborted(cancel.signal, stop));
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(1);
    unlistens[7]();
    cancel.abort();
    cancel.abort();
    stops.forEach((stop, i) => expect(stop).toHaveBeenCalledTimes(i === 7 ? 0 : 1));
  });

  test('a waiter added once the signal has aborted is never called, as with addEventListener', () => {
    const cancel = new AbortController();
    whenAborted(cancel.signal, () => {});
    cancel.abort();
    const late = vi.fn();
    whenAborted(cancel.signal, late);
    expect(late).not.toHaveBeenCalled();
  });

  test('without a signal there is nothing to wait for', () => {
    const stop = vi.fn();
    whenAborted(undefined, stop)();
    expect(stop).not.toHaveBeenCalled();
  });
});
