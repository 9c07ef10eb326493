// What one key's answers prove about the server's own count. A 429 breaks
// "60 requests per minute per API token" only when the evidence excludes
// every honest explanation: under one X-RateLimit-Reset (the window did not
// turn), our answers' Remaining values are distinct and without a gap (every
// request the server counted meanwhile was ours: no other client spent the
// key), they came down to what the 429 itself says is left, and that is
// still two or more. Requests may overlap, so the answers are taken as a
// set, not in the order they arrived. Sliding windows and token buckets
// free requests (a value comes back, or a gap opens) and never qualify; a
// clock that is off does not enter into it.
import { readRateHeaders } from './budget.ts';

/** Distinct answers under one Reset before a 429 proves anything. */
const ANSWERS = 3;

export interface EarlyRefusal {
  /** What the 429 said was left. */
  remaining: number;
  limit?: number;
  reset: number;
  /** The run's own answers under that Reset, highest first. */
  countedDown: number[];
}

export class RateWitness {
  private reset: number | undefined;
  private seen = new Set<number>();
  /** A value came back, or an answer lacked the headers: nothing is proven
   *  under this Reset. */
  private broken = false;
  /** The first 429 under this Reset, until proven or the window turns. */
  private refusal: { remaining: number; limit?: number } | undefined;
  private proven = false;

  /** Every answer of the key; returns the evidence once a 429 inside the
   *  advertised budget is proven (once per window). */
  observe(status: number, headers: Record<string, string>): EarlyRefusal | undefined {
    const h = readRateHeaders(headers);
    if (h.reset !== this.reset) this.turn(h.reset);
    if (h.remaining === undefined || h.reset === undefined) {
      this.broken = true;
      return undefined;
    }
    if (status === 429) this.refusal ??= { remaining: h.remaining, limit: h.limit };
    else if (this.seen.has(h.remaining)) this.broken = true;
    else this.seen.add(h.remaining);
    return this.proof();
  }

  private turn(reset: number | undefined): void {
    this.reset = reset;
    this.seen = new Set();
    this.broken = false;
    this.refusal = undefined;
    this.proven = false;
  }

  private proof(): EarlyRefusal | undefined {
    if (this.proven || this.broken || !this.refusal || this.seen.size < ANSWERS || this.refusal.remaining < 2) return undefined;
    const values = [...this.seen].sort((a, b) => b - a);
    const lowest = values.at(-1)!;
    const noGap = values[0] - lowest === values.length - 1;
    if (!noGap || lowest > this.refusal.remaining + 1) return undefined;
    this.proven = true;
    return { remaining: this.refusal.remaining, limit: this.refusal.limit, reset: this.reset!, countedDown: values };
  }
}
