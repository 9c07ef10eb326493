import { setTimeout as sleep } from 'node:timers/promises';
import type { SharedBudgetGate } from './shared-budget.ts';
import { ChainReserve, DEFAULT_PRIORITY, PrioritySlots } from './priority.ts';
import { whenAborted } from './abort.ts';

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
  /** Requests of this credential in flight at once (default 1). */
  concurrency?: number;
  /** Told when requests start to wait for the window (its end, epoch ms) and
   *  when they may go again (undefined): the progress line shows it. */
  onWait?: (until: number | undefined) => void;
  /** The budget this key shares with other processes (--budget-redis):
   *  every send also takes a slot there, and the server's count is told to
   *  it. Connecting is awaited before the first send. */
  shared?: Promise<SharedBudgetGate>;
}

/** Added to every wait: absorbs latency (the server counts a request when it
 *  arrives, not when we send it), clock skew and the rounding of Reset to
 *  whole seconds. */
export const RESET_MARGIN_MS = 250;

/** Why a request waiting on a stopped budget ends. */
const BUDGET_STOPPED = 'the budget was stopped';

interface SlidingSlot {
  at: number;
  answered: boolean;
}

/**
 * One credential's budget, shared by every request of that credential in the
 * process. Two limits, both must allow a send:
 * - the server's: an allowance that starts at the configured rate and then
 *   follows X-RateLimit-Remaining until X-RateLimit-Reset (the truth: other
 *   clients may spend the same key); without usable headers, local windows
 *   opened by our first send. Kept here, read and changed in one turn of
 *   the event loop (a limiter's reservoir set asynchronously let a request
 *   slip past a spent window);
 * - our own: never more than the rate in any interval of one window (a
 *   sliding log), so that no server, fixed or sliding window, sees a burst at
 *   the end of one window followed by another at the start of the next. An
 *   answered request counts from its answer: a request the server logs later
 *   than it left (this process busy, a loaded machine) then never bunches
 *   with the next window's into more than the rate.
 * Requests may overlap (up to `concurrency`, a queue with priorities):
 * an answer's Remaining may not yet count the others granted
 * and not yet answered, so they are taken off it.
 */
export class Budget {
  private readonly slots: PrioritySlots;
  /** Our requests within the last window, and those not yet answered
   *  (they count from the grant, then from when they leave, and once
   *  answered from the answer: the server saw each before that, however
   *  late this process ran meanwhile). */
  private readonly sentAt: SlidingSlot[] = [];
  /** Requests the server's window still allows, less those granted and not
   *  yet answered. */
  private allowance: number;
  /** Granted and not yet answered (sent, or about to be). */
  private unanswered = 0;
  /** Requests waiting for the allowance to rise (a refill or an answer). */
  private allowanceWaiters: Array<() => void> = [];
  private stopped = false;
  private refillTimer: NodeJS.Timeout | undefined;
  /** When the current window ends, as far as we know; undefined before the
   *  first send or response. */
  private windowEndsAt: number | undefined;
  /** Requests per window: the configured rate, or less if the server says so. */
  private limit: number;
  private heardFromServer = false;
  /** Requests sent through this budget, 429s included. */
  sent = 0;
  /** 429 answers received. */
  rateLimited = 0;
  /** A wait was announced and has not ended yet. */
  private waiting = false;

  private shared: Promise<SharedBudgetGate> | undefined;
  private readonly reserve: ChainReserve;

  constructor(private readonly opts: BudgetOptions) {
    this.shared = opts.shared;
    // A store that cannot be reached fails the first send, not the process.
    this.shared?.catch(() => {});
    this.limit = opts.rate;
    this.allowance = opts.rate;
    this.slots = new PrioritySlots(opts.concurrency ?? 1);
    this.reserve = new ChainReserve(opts.concurrency ?? 1);
  }

  /** Runs fn when both limits allow one more request; among waiting
   *  requests, the lowest priority number first. Independent requests leave
   *  room for chains here too: waiting for the panel, they would otherwise
   *  hold every slot of the key. fn calls `sending` the moment its request
   *  leaves (it may first wait for the panel): the slots it took count
   *  from then (and from its answer once it has one), so a wait between
   *  grant and send never squeezes more sends into one window than the
   *  window allows. */
  schedule<T>(fn: (sending: () => void) => Promise<T>, priority = DEFAULT_PRIORITY, signal?: AbortSignal): Promise<T> {
    return this.reserve.run(priority, () => this.commit(fn, priority, signal), signal);
  }

  /** `signal`: a request that no longer needs sending (the run was
   *  cancelled) stops waiting, with the signal's reason. */
  private async commit<T>(fn: (sending: () => void) => Promise<T>, priority: number, signal: AbortSignal | undefined): Promise<T> {
    // The refill timer does not hold the process open (an idle budget must
    // not); a request waiting for it does.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    try {
      return await this.slots.run(
        priority,
        async () => {
          signal?.throwIfAborted();
          if (this.stopped) throw new Error(BUDGET_STOPPED);
          await this.takeAllowance(signal);
          try {
            const slot = await this.takeSlidingSlot(signal);
            // Last before the send: a shared slot's window starts when it is
            // granted (and again when the request leaves). A lost store
            // throws: no request on a local guess.
            const gate = this.shared && (await this.shared);
            const grant = await gate?.acquire();
            this.announceWait(undefined);
            if (this.windowEndsAt === undefined || Date.now() >= this.windowEndsAt) this.openLocalWindow();
            this.sent++;
            try {
              return await fn(() => {
                slot.at = Date.now();
                if (grant) gate!.hold(grant);
              });
            } finally {
              slot.at = Date.now();
              slot.answered = true;
              if (grant) gate!.hold(grant);
            }
          } finally {
            this.unanswered--;
          }
        },
        signal,
      );
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Waits until the server's window allows one more request and takes it,
   *  in one turn of the event loop. */
  private async takeAllowance(signal: AbortSignal | undefined): Promise<void> {
    while (this.allowance <= 0) {
      if (this.stopped) throw new Error(BUDGET_STOPPED);
      signal?.throwIfAborted();
      this.announceWait(this.windowEndsAt);
      await new Promise<void>((wake) => {
        const unlisten = whenAborted(signal, wake);
        this.allowanceWaiters.push(() => {
          unlisten();
          wake();
        });
      });
    }
    this.allowance--;
    this.unanswered++;
  }

  private setAllowance(allowance: number): void {
    this.allowance = allowance;
    if (allowance > 0 || this.stopped) for (const wake of this.allowanceWaiters.splice(0)) wake();
  }

  /** Starts from a response another process received (the preflight), unless
   *  this budget has already heard from the server: then that is stale. */
  async seed(h: RateHeaders): Promise<void> {
    if (this.heardFromServer || this.sent > 0) return;
    await this.observe(h);
  }

  /** Follows the server after a response that was not a 429. */
  async observe(h: RateHeaders): Promise<void> {
    this.heardFromServer = true;
    if (h.limit !== undefined && h.limit > 0) this.limit = Math.min(this.opts.rate, h.limit);
    if (h.remaining === undefined) return;
    const endsAt = this.serverWindowEnd(h.reset) ?? this.localWindowEnd();
    this.windowEndsAt = endsAt;
    if (this.shared) await (await this.shared).syncFromServer(h.remaining, h.reset);
    // The others granted and not yet answered may not be in the server's
    // count yet (this answer's own request is).
    this.setAllowance(Math.max(0, Math.min(h.remaining, this.limit) - Math.max(0, this.unanswered - 1)));
    this.scheduleRefill(endsAt);
  }

  /** The server's current window is spent, as far as its answers tell
   *  (Remaining 0, or a 429, and nothing of ours in flight): a request
   *  through the budget would wait for the next window. */
  windowSpent(): boolean {
    return this.heardFromServer && this.allowance <= 0 && this.unanswered === 0 && (this.windowEndsAt ?? 0) > Date.now();
  }

  /** After a 429: nothing more until the server says the window is over
   *  (Retry-After, else Reset, else one window). Returns the wait in ms. */
  async blockedUntilReset(h: RateHeaders): Promise<number> {
    this.rateLimited++;
    const full = this.oneWindowFromNow();
    const announced = h.retryAfter !== undefined ? Date.now() + h.retryAfter * 1000 + RESET_MARGIN_MS : this.serverWindowEnd(h.reset);
    const wait = Math.min(Math.max((announced ?? full) - Date.now(), RESET_MARGIN_MS), full - Date.now());
    this.windowEndsAt = Date.now() + wait;
    this.setAllowance(0);
    this.scheduleRefill(this.windowEndsAt);
    this.announceWait(this.windowEndsAt);
    if (this.shared) await (await this.shared).blockUntil(Date.now() + wait - RESET_MARGIN_MS);
    return wait;
  }

  /** Only changes are told: a request that does not wait costs nothing. */
  private announceWait(until: number | undefined): void {
    if (until === undefined && !this.waiting) return;
    this.waiting = until !== undefined;
    this.opts.onWait?.(until);
  }

  /** Resolves once the shared budget, if any, is connected; rejects with
   *  why it cannot be. */
  async connected(): Promise<void> {
    await this.shared;
  }

  /** Clean-up after the shared store was lost: this process's own budget,
   *  which still follows the server, is all that gates it from here on. */
  async leaveShared(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    await shared?.then(
      (gate) => gate.close(),
      () => {},
    );
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.leaveShared();
    clearTimeout(this.refillTimer);
    // Requests waiting for the window end with an error, not a hang.
    this.setAllowance(this.allowance);
    this.slots.dropWaiting(new Error(BUDGET_STOPPED));
  }

  /** Waits until fewer than `limit` of our sends lie within the last
   *  window, and takes the slot in the same turn of the event loop, so that
   *  overlapping requests never take one slot twice. */
  private async takeSlidingSlot(signal: AbortSignal | undefined): Promise<SlidingSlot> {
    for (;;) {
      const now = Date.now();
      const span = this.opts.windowMs + RESET_MARGIN_MS;
      // A slot stays until its request was answered and a window has passed.
      for (let i = this.sentAt.length - 1; i >= 0; i--) if (this.sentAt[i].answered && this.sentAt[i].at + span <= now) this.sentAt.splice(i, 1);
      // Below the limit (most of the time) no slot needs to be sorted.
      const wait = this.sentAt.length < this.limit ? 0 : this.limitthLatest() + span - now;
      if (wait <= 0) {
        const slot = { at: now, answered: false };
        this.sentAt.push(slot);
        return slot;
      }
      this.announceWait(Date.now() + wait);
      await sleep(wait, undefined, { signal }).catch(() => signal?.throwIfAborted());
    }
  }

  /** When the limit-th latest of the slots held was sent (or answered). */
  private limitthLatest(): number {
    const held = this.sentAt.map((s) => s.at).sort((a, b) => a - b);
    return held[held.length - this.limit];
  }

  /** Without usable headers the first send opens a window of our own. */
  private openLocalWindow(): void {
    this.windowEndsAt = this.oneWindowFromNow();
    this.scheduleRefill(this.windowEndsAt);
  }

  private oneWindowFromNow(): number {
    return Date.now() + this.opts.windowMs + RESET_MARGIN_MS;
  }

  private localWindowEnd(): number {
    return this.windowEndsAt !== undefined && this.windowEndsAt > Date.now() ? this.windowEndsAt : this.oneWindowFromNow();
  }

  /** The end of the server's window from Reset, or undefined when Reset is
   *  absent or already past (clock skew, or a bug: trust our own windows
   *  then). A Reset beyond one window (say, in milliseconds) is clamped to
   *  one window from now: it must not stall the run. */
  private serverWindowEnd(resetSeconds: number | undefined): number | undefined {
    if (resetSeconds === undefined) return undefined;
    const at = resetSeconds * 1000 + RESET_MARGIN_MS;
    if (at <= Date.now() + RESET_MARGIN_MS) return undefined;
    return Math.min(at, this.oneWindowFromNow());
  }

  private scheduleRefill(at: number): void {
    clearTimeout(this.refillTimer);
    this.refillTimer = setTimeout(
      () => {
        // Those granted and not yet answered may land in the new window.
        this.setAllowance(Math.max(0, this.limit - this.unanswered));
      },
      Math.max(0, at - Date.now()),
    );
    this.refillTimer.unref();
  }
}

/** Parses the rate-limit headers; malformed values count as absent.
 *  Retry-After may also be an HTTP date. */
export function readRateHeaders(headers: Record<string, string>): RateHeaders {
  const int = (name: string) => {
    const v = headers[name]?.trim();
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const retrySeconds = int('retry-after');
  const retryAt = retrySeconds === undefined && headers['retry-after'] !== undefined ? Date.parse(headers['retry-after']) : NaN;
  return {
    limit: int('x-ratelimit-limit'),
    remaining: int('x-ratelimit-remaining'),
    reset: int('x-ratelimit-reset'),
    retryAfter: retrySeconds ?? (Number.isNaN(retryAt) ? undefined : Math.max(0, Math.ceil((retryAt - Date.now()) / 1000))),
  };
}
