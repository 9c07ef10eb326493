import Bottleneck from 'bottleneck';

/** Requests of one credential: admin key, reseller key, or anonymous (no key
 *  or a bad one; servers limit those per client, if at all). */
export type BudgetKey = 'admin' | 'reseller' | 'anonymous';

export interface RateHeaders {
  limit?: number;
  remaining?: number;
  /** Unix seconds. */
  reset?: number;
  /** Seconds, from Retry-After. */
  retryAfter?: number;
}

export interface BudgetOptions {
  /** Requests per window. */
  rate: number;
  windowMs: number;
  /** Clock for tests. */
  now?: () => number;
}

/** Waits past the announced reset, to absorb clock skew and second rounding. */
const RESET_MARGIN_MS = 250;

/**
 * One credential's budget: a bottleneck limiter whose reservoir starts at the
 * configured rate and then follows the server (X-RateLimit-Remaining and
 * -Reset are the truth, since other clients may spend the same key). One
 * request at a time, so Remaining is exact after every response.
 */
export class Budget {
  private readonly limiter: Bottleneck;
  private readonly now: () => number;
  private refillTimer: NodeJS.Timeout | undefined;
  /** When the current local window ends; undefined before the first request. */
  private windowEndsAt: number | undefined;
  private refillAmount: number;
  sent = 0;
  rateLimited = 0;

  constructor(private readonly opts: BudgetOptions) {
    this.now = opts.now ?? Date.now;
    this.refillAmount = opts.rate;
    this.limiter = new Bottleneck({ maxConcurrent: 1, reservoir: opts.rate });
  }

  /** Runs fn when the budget allows one more request. */
  schedule<T>(fn: () => Promise<T>): Promise<T> {
    return this.limiter.schedule(async () => {
      // Without server headers, windows are local: the first send opens one.
      if (this.windowEndsAt === undefined || this.now() >= this.windowEndsAt) {
        this.windowEndsAt = this.now() + this.opts.windowMs;
        this.scheduleRefill(this.windowEndsAt);
      }
      this.sent++;
      return fn();
    });
  }

  /** Follow the server after a response. */
  async observe(h: RateHeaders): Promise<void> {
    if (h.limit !== undefined && h.limit > 0) this.refillAmount = Math.min(this.opts.rate, h.limit);
    if (h.remaining === undefined || h.reset === undefined) return;
    const endsAt = this.plausibleResetMs(h.reset);
    this.windowEndsAt = endsAt;
    await this.limiter.updateSettings({ reservoir: Math.max(0, Math.min(h.remaining, this.refillAmount)) });
    this.scheduleRefill(endsAt);
  }

  /** After a 429: nothing more until the server says the window is over.
   *  Returns how long to wait, in ms. */
  async blockedUntilReset(h: RateHeaders): Promise<number> {
    this.rateLimited++;
    const wait = h.retryAfter !== undefined
      ? h.retryAfter * 1000 + RESET_MARGIN_MS
      : h.reset !== undefined ? this.plausibleResetMs(h.reset) - this.now() : this.opts.windowMs;
    const bounded = Math.min(Math.max(wait, RESET_MARGIN_MS), this.opts.windowMs + RESET_MARGIN_MS);
    this.windowEndsAt = this.now() + bounded;
    await this.limiter.updateSettings({ reservoir: 0 });
    this.scheduleRefill(this.windowEndsAt);
    return bounded;
  }

  /** Requests still allowed in the current window, as far as we know. */
  async remaining(): Promise<number> {
    return (await this.limiter.currentReservoir()) ?? this.opts.rate;
  }

  /** Milliseconds until the current window ends (0 if none is open). */
  msToWindowEnd(): number {
    return this.windowEndsAt === undefined ? 0 : Math.max(0, this.windowEndsAt - this.now());
  }

  async stop(): Promise<void> {
    clearTimeout(this.refillTimer);
    await this.limiter.stop({ dropWaitingJobs: true });
  }

  /** A Reset in the past (skew) or far ahead (say, milliseconds) must neither
   *  stall the run nor burst it: clamp it to within one window from now. */
  private plausibleResetMs(resetSeconds: number): number {
    const at = resetSeconds * 1000 + RESET_MARGIN_MS;
    return Math.min(Math.max(at, this.now() + RESET_MARGIN_MS), this.now() + this.opts.windowMs + RESET_MARGIN_MS);
  }

  private scheduleRefill(at: number): void {
    clearTimeout(this.refillTimer);
    this.refillTimer = setTimeout(() => {
      void this.limiter.updateSettings({ reservoir: this.refillAmount });
    }, Math.max(0, at - this.now()));
    this.refillTimer.unref();
  }
}

/** Parses the rate-limit headers; malformed values count as absent. */
export function readRateHeaders(headers: Record<string, string>): RateHeaders {
  const int = (name: string) => {
    const v = headers[name];
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
  };
  return {
    limit: int('x-ratelimit-limit'),
    remaining: int('x-ratelimit-remaining'),
    reset: int('x-ratelimit-reset'),
    retryAfter: int('retry-after'),
  };
}
