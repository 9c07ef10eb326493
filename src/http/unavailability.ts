// A front proxy's 502, 503 or 504, or a reset connection, says the panel is
// unavailable, not what it answers. One object per panel, shared by every
// budget and request of the run, so that requests wait together instead of
// each retrying: once one of them learns the panel is unavailable until T,
// every other one about to be sent waits until T; then one alone (the
// probe) goes, and only its answer from the API lets the others go. After a
// restart each waiting request is thus sent once more, and the proxy meets
// one request per wait, not every waiting one. An outage longer than the
// budget stops the run's requests (stopped): the run ends incomplete.
// A request that keeps meeting the proxy while the panel answers others
// is not an outage: the probe is another request where one waits, and once
// the panel answered others between its tries often enough, its answer
// stands (an endpoint that resets every time fails its case), and so does
// the same request's the next time it meets the proxy.
import { formatDuration } from '../model/text.ts';
import { whenAborted } from './abort.ts';

/** Why the run's requests stopped: the panel stayed unavailable too long. */
export class PanelUnavailable extends Error {}

/** Without a Retry-After: waits doubling from the base up to the most,
 *  each between half and all of it (jitter). */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8000;
/** A request met the proxy this many times, each after the panel answered
 *  other requests since its last try: its answer stands. A proxy that turns
 *  away one request in N never does that to the same request. */
const ALONE_LIMIT = 3;
/** How often a request that met the proxy looks again whether another
 *  request waiting to be the probe took the turn. */
const DEFER_MS = 50;

export interface UnavailabilityOptions {
  /** How long one outage may last before the run gives up
   *  (--unavailable-budget). */
  budgetMs: number;
  /** The jitter's source, in [0, 1); tests fix it. */
  random?: () => number;
}

/** A request's leave to be sent. */
export interface Pass {
  /** It alone tests whether the outage is over; the others wait for its
   *  answer. */
  probe: boolean;
}

/** A proxy's answer (or a reset): the wait it asked for, and what it was. */
export interface ProxyAnswer {
  retryAfterMs?: number;
  /** In words, for the reason the run gives up: `503 text/html`. */
  what: string;
}

/** What the request does after its answer: it stands (an answer of the
 *  API; a proxy's answer to it alone; after the run gave up, whatever
 *  came), or it is sent again. */
export type Settled = 'answered' | 'retry' | 'gave-up';

/** One request's tries, as settle keeps them (one per request, across its
 *  sends): whether the panel answered others between its proxy answers. */
export interface Tries {
  /** The request: its method and URL. */
  key: string;
  /** The panel's answers counted at its last proxy answer. */
  answersAt?: number;
  /** Its proxy answers that came after the panel answered others. */
  alone: number;
}

interface Outage {
  since: number;
  /** No request is sent before this (epoch ms). */
  until: number;
  failedProbes: number;
  probing: boolean;
  last: string;
}

export class Unavailability {
  private outage: Outage | undefined;
  private readonly waiters = new Set<() => void>();
  /** Requests waiting that have not met the proxy yet: the next probe is
   *  one of them. */
  private freshWaiting = 0;
  /** The API's answers so far. */
  private answers = 0;
  /** Requests (Tries.key) whose proxy answer stood: the panel answered
   *  others between their tries. */
  private readonly alone = new Set<string>();
  private readonly stop = new AbortController();
  /** Aborted, with a PanelUnavailable, once an outage outlasts the budget:
   *  the run's requests end. Requests sent after it (the final clean-up's)
   *  are sent once each, never held nor sent again. */
  readonly stopped: AbortSignal = this.stop.signal;

  constructor(private readonly opts: UnavailabilityOptions) {}

  /** Why the run gave up on the panel, once it did. */
  get reason(): string | undefined {
    return this.stopped.aborted ? (this.stopped.reason as Error).message : undefined;
  }

  /** Resolves when the request may be sent: at once while the panel is
   *  available; during an outage, as the probe once its wait is over, or
   *  once the probe got an answer of the API. A request that met the proxy
   *  already (`tried`) is the probe only when no other one waits. */
  async admit(signal?: AbortSignal, tried = false): Promise<Pass> {
    for (;;) {
      signal?.throwIfAborted();
      const o = this.outage;
      if (!o || this.stopped.aborted) return { probe: false };
      const wait = o.until - Date.now();
      if (!o.probing && wait <= 0) {
        if (!tried || this.freshWaiting === 0) {
          o.probing = true;
          return { probe: true };
        }
        await this.change(DEFER_MS, signal);
        continue;
      }
      if (tried) {
        await this.change(o.probing ? undefined : wait, signal);
        continue;
      }
      this.freshWaiting++;
      try {
        await this.change(o.probing ? undefined : wait, signal);
      } finally {
        this.freshWaiting--;
      }
    }
  }

  /** Whether a request admitted with `pass` may leave now: not once an
   *  outage began while it waited for a slot (it waits with the others
   *  then), unless it is the probe. */
  mayLeave(pass: Pass): boolean {
    return pass.probe || !this.outage || this.stopped.aborted;
  }

  /** After the request's answer: `proxy` when it was a proxy's (or a
   *  reset); `tries`, the request's own (kept across its sends). Every pass
   *  must be settled or released. */
  settle(pass: Pass, proxy: ProxyAnswer | undefined, tries?: Tries): Settled {
    if (this.stopped.aborted) return proxy ? 'gave-up' : 'answered';
    const now = Date.now();
    if (!proxy) {
      this.answers++;
      // Only an answer sent after the outage began says it is over.
      if (pass.probe) this.end();
      return 'answered';
    }
    if (tries) {
      if (tries.answersAt !== undefined && this.answers > tries.answersAt) tries.alone++;
      tries.answersAt = this.answers;
      if (tries.alone >= ALONE_LIMIT || this.alone.has(tries.key)) {
        // The panel answers others: this answer is the request's own.
        this.alone.add(tries.key);
        this.release(pass);
        return 'answered';
      }
    }
    const o = (this.outage ??= { since: now, until: now, failedProbes: 0, probing: false, last: proxy.what });
    o.last = proxy.what;
    const deadline = o.since + this.opts.budgetMs;
    if (now >= deadline) {
      this.giveUp(now - o.since);
      return 'gave-up';
    }
    if (pass.probe) {
      o.probing = false;
      o.failedProbes++;
    }
    // Its Retry-After, else the back-off (a Retry-After of 0 asks for
    // nothing: sent again at once, a restarting proxy would be hammered).
    // One beyond the budget is still probed once, at its end.
    const wait = proxy.retryAfterMs || this.backoff(o.failedProbes);
    o.until = Math.min(deadline, Math.max(o.until, now + wait));
    this.wakeAll();
    return 'retry';
  }

  /** A pass whose request ended without an answer (cancelled): a probe's
   *  turn goes to the next request. */
  release(pass: Pass): void {
    if (!pass.probe || !this.outage) return;
    this.outage.probing = false;
    this.wakeAll();
  }

  private backoff(failed: number): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** failed);
    return ceiling * (0.5 + (this.opts.random ?? Math.random)() / 2);
  }

  private end(): void {
    this.outage = undefined;
    this.wakeAll();
  }

  private giveUp(lastedMs: number): void {
    const budget = formatDuration(this.opts.budgetMs);
    this.stop.abort(
      new PanelUnavailable(
        `the panel stayed unavailable for ${formatDuration(lastedMs)}, past its budget of ${budget} (--unavailable-budget); last answer: ${this.outage!.last}`,
      ),
    );
    this.end();
  }

  /** Resolves after `ms` (undefined: no timer), at the next change of the
   *  outage, or when `signal` aborts. */
  private change(ms: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unlisten();
        this.waiters.delete(done);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.waiters.add(done);
      const unlisten = whenAborted(signal, done);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
