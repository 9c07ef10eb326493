// Which requests go first when more wait than may be in flight. A chain (a
// record's life, a key's: each step waits on the one before) is the longest
// path through a run; independent cases can go at any time. Queued behind
// them, each step of a chain would wait a turn of the queue, so the steps
// with the most of their chain still to come go first (critical path
// first). Only the order of waiting requests changes: the budgets and the
// in-flight bound stay the gates.
import { AsyncLocalStorage } from 'node:async_hooks';
import Bottleneck from 'bottleneck';

/** Bottleneck's priorities: 0 goes first, 9 last, 5 when none is given. */
export const DEFAULT_PRIORITY = 5;

const lane = new AsyncLocalStorage<number>();

/** The priority of a chain's step with `after` steps still behind it:
 *  always ahead of independent requests. */
export function stepPriority(after: number): number {
  return Math.max(0, DEFAULT_PRIORITY - 1 - after);
}

/** Runs fn so that every request it sends, however deep, has this priority. */
export function withPriority<T>(priority: number, fn: () => Promise<T>): Promise<T> {
  return lane.run(priority, fn);
}

/** The priority of a request sent from here: read when the request is made,
 *  since a queued job later runs in whatever context freed its slot. */
export function currentPriority(): number {
  return lane.getStore() ?? DEFAULT_PRIORITY;
}

/** Room kept for chains among `concurrency` slots: requests of the default
 *  priority (independent cases) may hold all but a quarter of them, so a
 *  chain's next step finds a slot free instead of waiting a round trip for
 *  one; chains pass straight through and may use every slot. */
export class ChainReserve {
  private readonly independent: Bottleneck;

  constructor(concurrency: number) {
    this.independent = new Bottleneck({ maxConcurrent: Math.max(1, concurrency - Math.floor(concurrency / 4)) });
  }

  run<T>(priority: number, fn: () => Promise<T>): Promise<T> {
    return priority < DEFAULT_PRIORITY ? fn() : this.independent.schedule({ priority }, fn);
  }
}
