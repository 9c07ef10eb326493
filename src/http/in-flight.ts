// The bound on requests in flight to one panel (--concurrency), all keys
// together, with room kept for chains (ChainReserve); among waiting
// requests, the lowest priority number first.
import { ChainReserve, PrioritySlots } from './priority.ts';

export class InFlightGate {
  private readonly slots: PrioritySlots;
  private readonly reserve: ChainReserve;

  constructor(concurrency: number) {
    this.slots = new PrioritySlots(concurrency);
    this.reserve = new ChainReserve(concurrency);
  }

  /** Runs fn once a slot is free; gives up waiting when `signal` aborts. */
  schedule<T>(priority: number, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.reserve.run(priority, () => this.slots.run(priority, fn, signal), signal);
  }
}
