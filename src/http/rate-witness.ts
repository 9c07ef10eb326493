// What one key's answers prove about the server's own count. A 429 breaks
// "60 requests per minute per API token" only when the evidence excludes
// every honest explanation: our consecutive answers counted down one by one
// (no other client spent the key meanwhile), under one X-RateLimit-Reset
// (the window did not turn), and the 429 itself still grants two or more.
// Sliding windows, token buckets and skewed clocks never qualify: they do
// not count down one by one under one Reset, or do not claim to.
import { readRateHeaders } from './budget.ts';

/** Answers in a row, counted down by one, before a 429 proves anything. */
const CHAIN = 3;

export interface EarlyRefusal {
  /** What the 429 said was left. */
  remaining: number;
  limit?: number;
  reset: number;
  /** The run's own answers just before it, counted down one by one. */
  countedDown: number[];
}

export class RateWitness {
  private chain: number[] = [];
  private reset: number | undefined;

  /** Every answer of the key, in the order the server gave them; a 429 that
   *  came inside the advertised budget returns the evidence. */
  observe(status: number, headers: Record<string, string>): EarlyRefusal | undefined {
    const h = readRateHeaders(headers);
    if (status === 429) {
      const early = this.chain.length >= CHAIN && h.remaining !== undefined && h.remaining >= 2 && h.reset === this.reset
        && (h.remaining === this.chain.at(-1) || h.remaining === this.chain.at(-1)! - 1);
      const evidence = early ? { remaining: h.remaining!, limit: h.limit, reset: h.reset!, countedDown: [...this.chain] } : undefined;
      this.chain = [];
      return evidence;
    }
    if (h.remaining === undefined || h.reset === undefined) {
      this.chain = [];
      return undefined;
    }
    const continues = h.reset === this.reset && h.remaining === this.chain.at(-1)! - 1;
    this.chain = continues ? [...this.chain, h.remaining] : [h.remaining];
    this.reset = h.reset;
    return undefined;
  }
}
