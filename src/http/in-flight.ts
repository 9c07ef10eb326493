// The bound on requests in flight to one panel (--concurrency), all keys
// together, with room kept for chains (ChainReserve); among waiting
// requests, the lowest priority number first.
import Bottleneck from 'bottleneck';
import { ChainReserve } from './priority.ts';

export class InFlightGate {
  private readonly slots: Bottleneck;
  private readonly reserve: ChainReserve;

  constructor(concurrency: number) {
    this.slots = new Bottleneck({ maxConcurrent: concurrency });
    this.reserve = new ChainReserve(concurrency);
  }

  /** Runs fn once a slot is free. */
  schedule<T>(priority: number, fn: () => Promise<T>): Promise<T> {
    return this.reserve.run(priority, () => this.slots.schedule({ priority }, fn));
  }
}
