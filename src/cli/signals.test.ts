// Ctrl-C and SIGTERM: the first cancels the run (its signal aborts), a
// second exits at once naming what to clean up; dispose stops listening.
// The signals are emitted on this process with every other listener of
// them set aside meanwhile, so that only the run's own listener hears them.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { EXIT } from './exit.ts';
import { cancellingLine, listenForInterrupts } from './signals.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let others: Map<string, ((...args: unknown[]) => void)[]>;

beforeEach(() => {
  others = new Map(SIGNALS.map((s) => [s, process.rawListeners(s) as ((...args: unknown[]) => void)[]]));
  for (const s of SIGNALS) process.removeAllListeners(s);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    for (const listener of others.get(s)!) process.on(s, listener);
  }
});

describe('listenForInterrupts', () => {
  test.for(SIGNALS)("the first %s aborts the run's signal and nothing else", (signal) => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const interrupts = listenForInterrupts('abc123');
    try {
      expect(interrupts.signal.aborted).toBe(false);
      process.emit(signal);
      expect(interrupts.signal.aborted).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      interrupts.dispose();
    }
  });

  test('a second signal exits with 130 at once, naming the runs to clean up', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const interrupts = listenForInterrupts('abc123 (eu-1), def456 (eu-2)');
    try {
      process.emit('SIGINT');
      process.emit('SIGTERM');
      expect(exit.mock.calls).toEqual([[EXIT.interrupted]]);
      expect(error.mock.calls).toEqual([
        ['second signal: exiting without clean-up; remove what the run left with --cleanup-only abc123 (eu-1), def456 (eu-2)'],
      ]);
    } finally {
      interrupts.dispose();
    }
  });

  test('dispose removes its listeners: a signal after it reaches the run no more', () => {
    const interrupts = listenForInterrupts('abc123');
    expect(SIGNALS.map((s) => process.listenerCount(s))).toEqual([1, 1]);
    interrupts.dispose();
    expect(SIGNALS.map((s) => process.listenerCount(s))).toEqual([0, 0]);
    process.emit('SIGINT');
    expect(interrupts.signal.aborted).toBe(false);
  });

  test('each run listens for itself', () => {
    const a = listenForInterrupts('aaa111');
    const b = listenForInterrupts('bbb222');
    try {
      a.dispose();
      process.emit('SIGINT');
      expect([a.signal.aborted, b.signal.aborted]).toEqual([false, true]);
    } finally {
      b.dispose();
    }
  });
});

test('cancellingLine: what the console says when the run is cancelled', () => {
  expect(cancellingLine('interrupted', '1 h')).toBe('interrupted: cancelling, then cleaning up (signal again to exit at once)');
  expect(cancellingLine('timed-out', '10 s')).toBe('run timeout (10 s): cancelling, then cleaning up');
});
