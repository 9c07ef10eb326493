// Which requests go first when more wait than may be in flight. A chain (a
// record's life, a key's: each step waits on the one before) is the longest
// path through a run; independent cases can go at any time. Queued behind
// them, each step of a chain would wait a turn of the queue, so a chain's
// steps go first, those with the most of their chain still to come first
// (critical path first), and independent requests leave room for them.
// Only the order of waiting requests changes: the budgets and the in-flight
// bound stay the gates.

import { whenAborted } from './abort.ts';

/** 0 goes first, 9 last. */
export const DEFAULT_PRIORITY = 5;
const LEVELS = 10;

/** A suite that runs alone (one after another, or the rate-limit test that
 *  runs last): nothing to leave room for, every slot is its own. */
export const ALONE_PRIORITY = 0;

/** The priority of a chain's step with `after` steps still behind it:
 *  always ahead of independent requests. */
export function stepPriority(after: number): number {
  return Math.max(0, DEFAULT_PRIORITY - 1 - after);
}

/** At most `size` at once; a freed slot goes to the waiter of the lowest
 *  priority number, the earliest among equals. (A semaphore: Bottleneck's
 *  queue cost more CPU per request than the request itself on a fast panel,
 *  and a fifth of a fleet's CPU: README "Benchmark".) */
export class PrioritySlots {
  private held = 0;
  private readonly waiting: Array<Array<Waiter>> = Array.from({ length: LEVELS }, () => []);

  constructor(private readonly size: number) {}

  /** A waiter whose `signal` aborts leaves the queue with the signal's reason. */
  async run<T>(priority: number, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.held < this.size) this.held++;
    else await this.queue(Math.min(LEVELS - 1, Math.max(0, priority)), signal);
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, or is given back.
      const next = this.waiting.find((q) => q.length)?.shift();
      if (next) next.go();
      else this.held--;
    }
  }

  /** Every waiter leaves the queue with `reason`; those running finish. */
  dropWaiting(reason: Error): void {
    for (const queue of this.waiting) for (const waiter of queue.splice(0)) waiter.stop(reason);
  }

  private queue(level: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((go, reject) => {
      const queue = this.waiting[level];
      const waiter: Waiter = {
        go: () => {
          unlisten();
          go();
        },
        stop: (reason) => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          unlisten();
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort's own reason, as AbortSignal users expect
          reject(reason);
        },
      };
      queue.push(waiter);
      const unlisten = whenAborted(signal, () => waiter.stop(signal!.reason));
    });
  }
}

interface Waiter {
  go(): void;
  stop(reason: unknown): void;
}

/** Room kept for chains among `concurrency` slots: requests of the default
 *  priority (independent cases) may hold all but a quarter of them, so a
 *  chain's next step finds a slot free instead of waiting a round trip for
 *  one; chains pass straight through and may use every slot. */
export class ChainReserve {
  private readonly independent: PrioritySlots;

  constructor(concurrency: number) {
    this.independent = new PrioritySlots(Math.max(1, concurrency - Math.floor(concurrency / 4)));
  }

  run<T>(priority: number, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return priority < DEFAULT_PRIORITY ? fn() : this.independent.run(priority, fn, signal);
  }
}
