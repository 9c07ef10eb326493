// What the run's own count of a key's requests proves about the panel's
// X-RateLimit-* headers, where the keys are the run's own (certify: no other
// client spends them; the CI gate stays tolerant of other clients and keeps
// no account). Every proof holds under any counting algorithm (fixed or
// sliding window, token bucket) and any clock:
// - between two answers a and b of one key, the server can have counted no
//   more requests than the run's own that may have reached it in between
//   (those not answered before a left, and sent before b came back; a
//   answered before b left), so
//   Remaining(b) >= Remaining(a) - that many. Remaining falling by two per
//   request, or on the requests of another key (a limit per source address
//   rather than per token), breaks it;
// - a 429 says Remaining 0, unless its window turned (a new Reset) on the way;
// - an answer said Remaining 0 under Reset T: a request served later under
//   the same T, while the server's own clock (its Date header) is still two
//   seconds or more before T, broke what it announced; so did two served
//   answers that both say 0 under T, in whichever order they were taken;
// - once the server's own clock has passed the Reset of every answer of the
//   key, the last of which said Remaining 0, the key's next request (sent
//   alone) is served: every algorithm has freed a request by then. Only where a request
//   slot is at least a second (rate/window as documented, 60 per minute):
//   a token bucket frees a slot every window/rate, and with faster slots its
//   whole-second Reset can stay the same across one.
import type { Exchange } from '../model/exchange.ts';
import { readRateHeaders } from './budget.ts';

/** Expected vs got, with the answers that prove it, oldest first. */
export type RateContradiction = NonNullable<Exchange['rateAccount']>[number];

/** One request of the key, from when it left. */
export interface Sent {
  readonly label: string;
  readonly sentAt: number;
  /** When its answer (or its failure) came back. */
  answeredAt?: number;
  /** A transport failure: it may still reach the server, so it counts for ever. */
  lost?: true;
  status?: number;
  remaining?: number;
  reset?: number;
  /** The server's clock at its answer (its Date header), in Unix seconds. */
  date?: number;
}

const served = (x: Sent) => x.status !== undefined && x.status >= 200 && x.status < 300;

/** A request slot this long or longer keeps a token bucket's Reset moving by
 *  a whole second per request (see above). */
const SLOT_FOR_RESET_PROOF_MS = 1000;
/** The key's latest answers before a request each answer is held to. */
const PREDECESSORS = 8;
/** How far before its own Reset a server's Date must be for a served request to break it. */
const RESET_MARGIN_S = 2;

export class RateAccount {
  private log: Sent[] = [];

  constructor(
    private readonly rate: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A request of the key leaves now. */
  sent(label: string): Sent {
    const s: Sent = { label, sentAt: this.now() };
    this.log.push(s);
    return s;
  }

  /** Its request never got an answer. */
  lost(s: Sent): void {
    s.answeredAt = this.now();
    s.lost = true;
  }

  /** Its answer came: what it contradicts of the key's earlier answers. */
  answered(s: Sent, status: number, headers: Record<string, string>): RateContradiction[] {
    const h = readRateHeaders(headers);
    const date = Date.parse(headers.date ?? '');
    Object.assign(s, {
      answeredAt: this.now(),
      status,
      remaining: h.remaining,
      reset: h.reset,
      date: Number.isNaN(date) ? undefined : Math.floor(date / 1000),
    });
    this.forget();
    // A key the server did not know (401: revoked, deleted) is limited
    // another way, if at all: those headers are not this key's count.
    if (status === 401) s.remaining = undefined;
    if (s.remaining === undefined) return [];
    // The key's answers so far, read once for every rule.
    const answers = this.answers();
    const found = [this.countedDown(s, answers), this.refusedWithZero(s, answers), this.servedAfterZero(s, answers), this.refusedAfterReset(s, answers)];
    return found.filter((c): c is RateContradiction => c !== undefined);
  }

  private countedDown(b: Sent, answers: Sent[]): RateContradiction | undefined {
    // Only answers that came before b left were counted before b; the last
    // few of them give the tightest bounds.
    for (const a of answers.filter((x) => x.answeredAt! <= b.sentAt).slice(-PREDECESSORS)) {
      const between = this.log.filter((x) => x !== a && (x.lost || x.answeredAt === undefined || x.answeredAt > a.sentAt) && x.sentAt < b.answeredAt!);
      if (b.remaining! >= a.remaining! - between.length) continue;
      return {
        requirement: 'RL-REMAINING-COUNTS',
        message: `expected X-RateLimit-Remaining to fall by at most one per request of this key, got ${a.remaining} then ${b.remaining} with ${between.length} request${between.length === 1 ? '' : 's'} of ours in between: ${this.sequence(a, b)}`,
      };
    }
    return undefined;
  }

  private refusedWithZero(b: Sent, answers: Sent[]): RateContradiction | undefined {
    if (b.status !== 429 || b.remaining === 0) return undefined;
    const before = answers.filter((a) => a !== b && a.answeredAt! <= b.answeredAt!).at(-1);
    // A window that turned on the way may answer the new window's count.
    if (before && before.reset !== b.reset) return undefined;
    return {
      requirement: 'RL-429-REMAINING-ZERO',
      message: `expected a 429 to say X-RateLimit-Remaining 0, got ${b.remaining}${before ? ` under the same Reset ${b.reset}: ${this.sequence(before, b)}` : ''}`,
    };
  }

  private servedAfterZero(b: Sent, answers: Sent[]): RateContradiction | undefined {
    if (!served(b) || b.reset === undefined || this.windowMs / this.rate < SLOT_FOR_RESET_PROOF_MS) return undefined;
    const early = (x: Sent) => x.date !== undefined && x.date + RESET_MARGIN_S <= b.reset!;
    if (!early(b)) return undefined;
    // An answer of 0 before b left; or, in whatever order the server took
    // them, two served answers that both say 0: one was served after the other.
    const zero = answers.find(
      (a) => a !== b && a.remaining === 0 && a.reset === b.reset && early(a) && (a.answeredAt! <= b.sentAt || (served(a) && b.remaining === 0)),
    );
    if (!zero) return undefined;
    return {
      requirement: 'RL-NO-SERVICE-AFTER-ZERO',
      message: `expected no request served before the Reset ${b.reset} once an answer said X-RateLimit-Remaining 0, got ${b.status} at ${new Date(b.date! * 1000).toUTCString()}: ${this.sequence(zero, b)}`,
    };
  }

  private refusedAfterReset(b: Sent, answers: Sent[]): RateContradiction | undefined {
    if (b.status !== 429 || b.date === undefined) return undefined;
    // Everything else of the key answered before b left (b alone can be
    // counted after those answers), one of them said 0 under the latest
    // Reset they announced, and the server's clock has passed it.
    if (this.log.some((x) => x !== b && x.sentAt < b.answeredAt! && (x.answeredAt === undefined || x.lost || x.answeredAt > b.sentAt))) return undefined;
    const before = answers.filter((x) => x !== b && x.answeredAt! <= b.sentAt);
    const latestReset = Math.max(...before.map((x) => x.reset ?? Infinity));
    // Answers of requests sent side by side come back in any order: one of
    // them said 0 under that Reset, whichever came last.
    const a = before.filter((x) => x.remaining === 0 && x.reset === latestReset).at(-1);
    if (!a || b.date < latestReset) return undefined;
    return {
      requirement: 'RL-RESET-HONOURED',
      message: `expected service once the announced Reset ${latestReset} had passed, got 429 at ${new Date(b.date * 1000).toUTCString()} by the server's own clock, with no other request of this key in between: ${this.sequence(a, b)}`,
    };
  }

  private answers(): Sent[] {
    return this.log.filter((x) => x.answeredAt !== undefined && !x.lost && x.remaining !== undefined);
  }

  /** The key's answers from a to b, as the evidence. */
  private sequence(a: Sent, b: Sent): string {
    const shown = this.answers().filter((x) => x.answeredAt! >= a.answeredAt! && x.answeredAt! <= b.answeredAt!);
    const line = (x: Sent) => `${x.label} ${x.status} Remaining ${x.remaining} Reset ${x.reset}`;
    const lines = shown.length > 6 ? [...shown.slice(0, 3).map(line), `... ${shown.length - 5} more`, ...shown.slice(-2).map(line)] : shown.map(line);
    return lines.join('; ');
  }

  /** Answers older than two windows prove nothing the newer ones do not. */
  private forget(): void {
    const horizon = this.now() - 2 * this.windowMs;
    if (this.log.length > 256) this.log = this.log.filter((x) => x.answeredAt === undefined || x.answeredAt >= horizon);
  }
}

/** One account per key (by its Authorization header), shared by every
 *  client of the run, so that a key minted by the run is its own. */
export class RateAccounts {
  private readonly byKey = new Map<string, RateAccount>();

  constructor(
    private readonly rate: number,
    private readonly windowMs: number,
  ) {}

  of(authorization: string): RateAccount {
    let account = this.byKey.get(authorization);
    if (!account) this.byKey.set(authorization, (account = new RateAccount(this.rate, this.windowMs)));
    return account;
  }
}
