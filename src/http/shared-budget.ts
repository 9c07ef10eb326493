// One rate budget shared by every process that uses the same API key against
// the same server (--budget-redis URL): N requests per W across all of them,
// kept in Redis by rate-limiter-flexible. Never a limiter of our own on raw
// Redis commands: every budget operation below is a rate-limiter-flexible
// call (consume, get, penalty, block, delete); the only other commands are
// ioredis' own connect and QUIT.
//
// Two kinds of rate-limiter-flexible keys, both per budget id:
// - slots (`…:slot:0` … `…:slot:N-1`): N limiters of 1 point per W. A grant
//   is a consume() that takes a free slot (consumedPoints 1); the slot's key
//   then lives W (Redis EX), and again W from when its request leaves and
//   from its answer, so each slot grants at most once in any W: never more
//   than N grants in ANY interval of W ms (a sliding window, at Redis'
//   clock), and never more than N requests within W at the server, which
//   logs each before its answer comes back.
// - server windows (`…:win:R`, R = the server's X-RateLimit-Reset in Unix
//   seconds): a limiter of N points whose key lives until R (+ margin);
//   `…:win:local` for syncs without a Reset (one window from the first).
//   syncFromServer() raises its count to what the server says is spent
//   (penalty), blockUntil() fills it (block); while such a key lives, every
//   grant also consumes it, so across processes at most N minus what the
//   server reported is granted until R.
// Redis is the only source of truth: no insurance limiter, no offline queue,
// no reconnect. When Redis is unreachable at start, connect() rejects; when
// it is lost mid-run (closed, or a command times out), the gate fails for
// good: pending and later calls reject with BudgetStoreUnavailable. A new
// gate (connect again) starts over.
import { createHash, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { whenAborted } from './abort.ts';

export type BudgetStoreFailure =
  /** connect(): no connection within connectTimeoutMs (refused, unknown host, no answer) */
  | 'unreachable'
  /** the connection closed mid-run (Redis killed, restarted, network gone) */
  | 'lost'
  /** a command got no answer within COMMAND_TIMEOUT_MS (a hung Redis) */
  | 'timeout'
  /** Redis answered with an error (e.g. auth, OOM, read-only replica) */
  | 'error'
  /** close() was called */
  | 'closed';

/** The shared budget cannot be consulted: no request may be sent on a local guess. */
export class BudgetStoreUnavailable extends Error {
  override readonly name = 'BudgetStoreUnavailable';
  constructor(
    readonly reason: BudgetStoreFailure,
    /** The store's URL, password redacted. */
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SharedBudgetOptions {
  /** budgetId(baseUrl, apiKey): every process with the same id shares the budget. */
  id: string;
  /** Requests per window, a positive integer (at most MAX_RATE). */
  rate: number;
  /** A whole number of seconds, in ms (2000, 60000). */
  windowMs: number;
  /** connect() gives up after this long of the process's own time (a busy
   *  or starved event loop does not count: see patientTimeout); default
   *  1500, at most 2000. */
  connectTimeoutMs?: number;
  /** Safety added to the server's Reset, and (best effort) to each slot's
   *  reuse by a waiter that saw it taken; default 250 ms, like budget.ts. */
  marginMs?: number;
  /** Called for every grant, before acquire() resolves: Redis took `slot`
   *  between takeStartedAt and takeAnsweredAt (local epoch ms). For tests
   *  and metrics. */
  onGrant?: (grant: { slot: number; takeStartedAt: number; takeAnsweredAt: number }) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 1_500;
/** However late the event loop, connect() and a store call give up after
 *  this many times their time-out of wall time. */
const WALL_FACTOR = 4;
export const DEFAULT_MARGIN_MS = 250;
/** A store call without an answer this long of the process's own time
 *  fails the gate (reason 'timeout'): a hung Redis is noticed within
 *  seconds, and a busy event loop (a worker at full CPU on a loaded machine
 *  reads answers late) is not taken for one (see patientTimeout). */
export const COMMAND_TIMEOUT_MS = 3_000;
/** A waiting acquire() looks at Redis at least this often, so a hung Redis is noticed. */
const MAX_POLL_MS = 1_000;
/** Each acquire reads every slot: keep N reasonable. */
export const MAX_RATE = 1_000;
const KEY_PREFIX = 'wispanel-conformance:budget';
/** The server window of syncs without a Reset. */
const LOCAL_WINDOW = 'local';

/** The budget's id: sha256 of the normalized base URL and the key, hex, 32
 *  characters. The key itself never reaches Redis. */
export function budgetId(baseUrl: string, apiKey: string): string {
  const u = new URL(baseUrl);
  const base = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  return createHash('sha256').update(`wispanel-conformance budget\n${base}\n${apiKey}`).digest('hex').slice(0, 32);
}

/** The URL for messages: any password (and a user name that may be one) as ***. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    else if (u.username !== '') u.username = '***';
    return u.href;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** How often patientTimeout looks at the clock. */
const PATIENT_TICK_MS = 50;

/** Calls onExpiry once `ms` of the process's own time has passed: each look
 *  at the clock counts at most two ticks, so the time the event loop could
 *  not turn (this process busy loading modules, or not scheduled on a
 *  machine loaded past its cores) does not count, and an answer that came
 *  meanwhile is not taken for silence. At the latest after `wallMs` of wall
 *  time. onExpiry runs after the I/O of its turn of the loop (setImmediate),
 *  so an answer already there wins. Returns a cancel function. */
export function patientTimeout(ms: number, wallMs: number, onExpiry: () => void): () => void {
  const start = Date.now();
  let last = start;
  let counted = 0;
  let immediate: NodeJS.Immediate | undefined;
  const interval = setInterval(() => {
    const now = Date.now();
    counted += Math.min(now - last, 2 * PATIENT_TICK_MS);
    last = now;
    if (counted < ms && now - start < wallMs) return;
    clearInterval(interval);
    immediate = setImmediate(onExpiry);
  }, PATIENT_TICK_MS);
  return () => {
    clearInterval(interval);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}

function checkOptions(opts: SharedBudgetOptions): void {
  if (!/^[0-9a-f]{16,64}$/.test(opts.id)) {
    throw new TypeError('shared budget id must be a hex hash (budgetId(baseUrl, apiKey)), never the key itself');
  }
  if (!Number.isInteger(opts.rate) || opts.rate < 1 || opts.rate > MAX_RATE) {
    throw new RangeError(`shared budget rate must be an integer from 1 to ${MAX_RATE}, got ${opts.rate}`);
  }
  if (!Number.isInteger(opts.windowMs) || opts.windowMs < 1000 || opts.windowMs % 1000 !== 0) {
    throw new RangeError(
      `shared budget window must be a whole number of seconds (>= 1000 ms), got ${opts.windowMs} ms: ` +
        'rate-limiter-flexible keeps durations in whole seconds (1.5 s would become 1 s, 0.5 s would never expire)',
    );
  }
  const timeout = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!(timeout > 0 && timeout <= 2_000)) throw new RangeError(`connectTimeoutMs must be in (0, 2000], got ${timeout}`);
  const margin = opts.marginMs ?? DEFAULT_MARGIN_MS;
  if (!(Number.isInteger(margin) && margin >= 0 && margin < opts.windowMs)) throw new RangeError(`marginMs must be an integer in [0, windowMs), got ${margin}`);
}

/** A slot granted to this process, for hold() once its request leaves. */
export interface Grant {
  readonly slot: number;
}

interface Waiter {
  resolve(grant: Grant): void;
  reject(err: unknown): void;
  settled: boolean;
}

export class SharedBudgetGate {
  readonly id: string;
  readonly rate: number;
  readonly windowMs: number;
  /** The store's URL, password redacted. */
  readonly url: string;
  /** Grants handed out by this gate. */
  granted = 0;

  private readonly margin: number;
  private readonly onGrant: SharedBudgetOptions['onGrant'];
  private readonly slots: RateLimiterRedis;
  private readonly windows: RateLimiterRedis;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private failure: BudgetStoreUnavailable | undefined;
  /** Aborted on failure or close: wakes every sleeping wait. */
  private readonly stopped = new AbortController();
  private lastError: Error | undefined;
  /** Slot → when (local ms) it was last seen to expire: a waiter reuses it marginMs later. */
  private readonly seenExpiry = new Map<number, number>();
  private syncChain: Promise<void> = Promise.resolve();

  /** Connects, or rejects within connectTimeoutMs with BudgetStoreUnavailable
   *  ('unreachable'); RangeError/TypeError for bad options, before connecting. */
  static async connect(url: string, opts: SharedBudgetOptions): Promise<SharedBudgetGate> {
    checkOptions(opts);
    const shown = redactRedisUrl(url);
    const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    let redis: Redis;
    try {
      redis = new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false, // while not connected a command fails at once
        maxRetriesPerRequest: 0, // never re-sent: a lost answer is a lost slot, not a double grant
        retryStrategy: () => null, // no reconnect: a lost store fails the gate for good
        reconnectOnError: () => false,
        // A backstop only: patientTimeout below decides.
        connectTimeout: WALL_FACTOR * timeoutMs,
        // A backstop only: store() below decides, by patientTimeout.
        commandTimeout: WALL_FACTOR * COMMAND_TIMEOUT_MS,
        enableReadyCheck: true,
        autoResubscribe: false,
      });
    } catch (err) {
      throw new BudgetStoreUnavailable('unreachable', shown, `shared rate budget store ${shown}: bad URL: ${messageOf(err)}`, { cause: err });
    }
    let lastError: unknown;
    const onError = (err: unknown) => (lastError = err);
    redis.on('error', onError);
    let cancel = () => {};
    try {
      await Promise.race([
        redis.connect(),
        new Promise<never>((_, reject) => {
          cancel = patientTimeout(timeoutMs, WALL_FACTOR * timeoutMs, () => reject(new Error(`no answer within ${timeoutMs} ms`)));
        }),
      ]);
    } catch (err) {
      redis.disconnect();
      const detail = lastError !== undefined && lastError !== err ? `${messageOf(err)} (${messageOf(lastError)})` : messageOf(err);
      throw new BudgetStoreUnavailable('unreachable', shown, `shared rate budget store ${shown} is unreachable: ${detail}`, { cause: lastError ?? err });
    } finally {
      cancel();
      redis.off('error', onError);
    }
    return new SharedBudgetGate(redis, shown, opts);
  }

  private constructor(
    private readonly redis: Redis,
    url: string,
    opts: SharedBudgetOptions,
  ) {
    this.id = opts.id;
    this.rate = opts.rate;
    this.windowMs = opts.windowMs;
    this.url = url;
    this.margin = opts.marginMs ?? DEFAULT_MARGIN_MS;
    this.onGrant = opts.onGrant;
    const common = { storeClient: redis, useRedisPackage: false, rejectIfRedisNotReady: true, duration: opts.windowMs / 1000 };
    this.slots = new RateLimiterRedis({ ...common, keyPrefix: `${KEY_PREFIX}:${opts.id}:slot`, points: 1 });
    this.windows = new RateLimiterRedis({ ...common, keyPrefix: `${KEY_PREFIX}:${opts.id}:win`, points: opts.rate });
    redis.on('error', (err: Error) => (this.lastError = err));
    redis.on('close', () => {
      const why = this.lastError ? `: ${this.lastError.message}` : '';
      this.fail('lost', `lost the connection to the shared rate budget store ${this.url}${why}`);
    });
  }

  /** Resolves when this process may send one request: a slot of the shared
   *  window is granted in Redis. FIFO within the process. Rejects with
   *  BudgetStoreUnavailable when Redis is lost (at once, for every waiter),
   *  or with signal.reason when aborted. */
  acquire(signal?: AbortSignal): Promise<Grant> {
    if (this.failure) return Promise.reject(this.failure);
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort's own reason, as AbortSignal users expect
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Grant>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, settled: false };
      const unlisten = whenAborted(signal, () => settle(waiter, signal!.reason));
      waiter.resolve = (grant) => {
        unlisten();
        resolve(grant);
      };
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /** Holds the granted slot one window from now (rate-limiter-flexible's
   *  set); called when its request leaves and again when it is answered (or
   *  failed). From the send, not the grant: a wait between the two (for a
   *  free connection to the panel) never lets more than N requests reach the
   *  server within one window. From the answer too: the server logged the
   *  request before it, so the slot's next request reaches the server more
   *  than a window later, however long this one took to arrive (a loaded
   *  machine, a slow connection). Not awaited by the send: a store lost
   *  meanwhile has failed the gate (store()) for the next acquire. */
  hold(grant: Grant): void {
    this.store(() => this.slots.set(String(grant.slot), 1, this.windowMs / 1000)).catch(() => {});
  }

  /** The server says `remaining` requests are left in its window, which ends
   *  at resetUnixSeconds (X-RateLimit-Reset; absent: one window from now).
   *  Raises the shared count of that window to at least rate - remaining;
   *  never lowers it (see the README section for the bound on overshoot). A
   *  reset already past (a stale response) is ignored. */
  syncFromServer(remaining: number, resetUnixSeconds?: number): Promise<void> {
    const run = this.syncChain.then(() => this.sync(remaining, resetUnixSeconds));
    this.syncChain = run.catch(() => {});
    return run;
  }

  /** After a 429: no process sends before resetMs (epoch ms, e.g. now +
   *  Retry-After; rounded up to the whole second, plus marginMs). At most one
   *  window from now: a longer wait is clamped, as in budget.ts. */
  async blockUntil(resetMs: number): Promise<void> {
    this.throwIfFailed();
    const now = Date.now();
    if (!Number.isFinite(resetMs)) return;
    const until = Math.min(resetMs, now + this.windowMs);
    if (until + this.margin <= now) return;
    const r = Math.ceil(until / 1000);
    await this.store(() => this.windows.block(String(r), this.secondsUntil(r, now)));
  }

  /** Rejects every pending acquire (reason 'closed') and disconnects. */
  async close(): Promise<void> {
    if (this.failure?.reason === 'closed') return;
    const wasFailed = this.failure !== undefined;
    this.fail('closed', `the shared rate budget gate for ${this.url} was closed`);
    if (wasFailed) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  // ---- internals ----------------------------------------------------------

  private async sync(remaining: number, resetUnixSeconds: number | undefined): Promise<void> {
    this.throwIfFailed();
    if (!Number.isFinite(remaining)) return;
    const spent = Math.min(this.rate, this.rate - Math.max(0, Math.floor(remaining)));
    if (spent <= 0) return;
    const now = Date.now();
    let key: string;
    let customDuration: number;
    if (resetUnixSeconds === undefined || !Number.isFinite(resetUnixSeconds)) {
      // no Reset: a window of our own, opened by the first such sync (as budget.ts does)
      key = LOCAL_WINDOW;
      customDuration = this.windowMs / 1000;
    } else {
      let r = Math.ceil(resetUnixSeconds);
      if (r * 1000 + this.margin <= now) return; // stale: that window is over
      // a Reset beyond one window (say, in ms) is clamped to one window from now
      r = Math.min(r, Math.ceil((now + this.windowMs) / 1000));
      key = String(r);
      customDuration = this.secondsUntil(r, now);
    }
    const current = await this.store(() => this.windows.get(key));
    let count = current?.consumedPoints ?? 0;
    // One point at a time, each an atomic increment that returns the count:
    // stops as soon as the count (raised by anyone) reaches `spent`. Adding
    // the whole difference at once could double it when processes sync the
    // same window at the same moment.
    while (count < spent) {
      const res = await this.store(() => this.windows.penalty(key, 1, { customDuration }));
      count = res.consumedPoints;
    }
  }

  /** Whole seconds from now until window r's end (r s + margin), at least 1. */
  private secondsUntil(r: number, now: number): number {
    return Math.max(1, Math.ceil((r * 1000 + this.margin - now) / 1000));
  }

  /** Hands grants to the queued waiters one at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.failure === undefined) {
        while (this.queue.length > 0 && this.queue[0].settled) this.queue.shift();
        if (this.queue.length === 0) return;
        const { slot, takeStartedAt, takeAnsweredAt } = await this.grant();
        const waiter = this.queue.find((w) => !w.settled);
        if (this.failure) return; // never resolve once the store is lost
        if (waiter === undefined) {
          // everyone gave up meanwhile: hand the slot back (it is ours alone)
          await this.store(() => this.slots.delete(String(slot)));
          continue;
        }
        this.granted++;
        this.onGrant?.({ slot, takeStartedAt, takeAnsweredAt });
        settle(waiter, undefined, { slot });
      }
    } catch (err) {
      const failure = err instanceof BudgetStoreUnavailable ? err : this.storeFailure(err);
      this.fail(failure.reason, failure.message, failure.cause);
    } finally {
      this.pumping = false;
    }
  }

  /** Takes one slot (and a point of every live server window). */
  private async grant(): Promise<{ slot: number; takeStartedAt: number; takeAnsweredAt: number }> {
    const slotIds = Array.from({ length: this.rate }, (_, i) => String(i));
    for (;;) {
      this.throwIfFailed();
      const before = Date.now();
      const windowIds = this.liveWindowIds(before);
      const [slotRes, winRes] = await this.store(() =>
        Promise.all([Promise.all(slotIds.map((k) => this.slots.get(k))), Promise.all(windowIds.map((k) => this.windows.get(k)))]),
      );
      const now = Date.now();
      // 1. A server window that is spent (synced or blocked): wait for its end.
      let blockedUntil = 0;
      const live: string[] = [];
      winRes.forEach((res, j) => {
        if (res === null) return;
        const id = windowIds[j];
        const ends = id === LOCAL_WINDOW ? now + res.msBeforeNext : Math.min(now + res.msBeforeNext, Number(id) * 1000 + this.margin);
        if (res.consumedPoints >= this.rate) blockedUntil = Math.max(blockedUntil, ends);
        else live.push(id);
      });
      if (blockedUntil > now) {
        await this.pause(blockedUntil - now);
        continue;
      }
      // 2. A free slot: not taken, and not seen taken within the last marginMs.
      const usable: number[] = [];
      let nextUsable = Infinity;
      slotRes.forEach((res, i) => {
        if (res !== null) {
          const expires = now + Math.max(0, res.msBeforeNext);
          this.seenExpiry.set(i, expires);
          nextUsable = Math.min(nextUsable, expires + this.margin);
          return;
        }
        const seen = this.seenExpiry.get(i);
        if (seen !== undefined && seen + this.margin > now) nextUsable = Math.min(nextUsable, seen + this.margin);
        else {
          this.seenExpiry.delete(i);
          usable.push(i);
        }
      });
      if (usable.length === 0) {
        await this.pause(nextUsable - now);
        continue;
      }
      const slot = usable[randomInt(usable.length)];
      const takeStartedAt = Date.now();
      const took = await this.take(this.slots, String(slot));
      const takeAnsweredAt = Date.now();
      if (took !== true) {
        this.seenExpiry.set(slot, Date.now() + Math.max(0, took.msBeforeNext)); // another process was faster
        continue;
      }
      // 3. The slot is ours; count it in every live server window.
      const counted = await Promise.all(live.map((w) => this.take(this.windows, w)));
      const full = counted.find((res): res is RateLimiterRes => res !== true);
      if (full !== undefined) {
        await this.store(() => this.slots.delete(String(slot)));
        await this.pause(full.msBeforeNext);
        continue;
      }
      return { slot, takeStartedAt, takeAnsweredAt };
    }
  }

  /** consume(key): true when granted, the RateLimiterRes when the limit says no. */
  private async take(limiter: RateLimiterRedis, key: string): Promise<true | RateLimiterRes> {
    try {
      await limiter.consume(key, 1);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return err;
      throw this.storeFailure(err);
    }
  }

  /** Server windows that may still be live: every Reset second from the
   *  margin ago to one window (+ margin) ahead (syncs and blocks are clamped
   *  to that), and the window of syncs without a Reset. */
  private liveWindowIds(now: number): string[] {
    const from = Math.floor((now - this.margin) / 1000) + 1;
    const to = Math.ceil((now + this.windowMs + this.margin) / 1000);
    const ids: string[] = [LOCAL_WINDOW];
    for (let r = from; r <= to; r++) ids.push(String(r));
    return ids;
  }

  /** Sleeps (capped, with a little jitter so processes do not all come back
   *  in the same millisecond); wakes at once on failure or close. */
  private async pause(ms: number): Promise<void> {
    const wait = Math.min(Math.max(ms, 1), MAX_POLL_MS) + randomInt(10);
    try {
      await sleep(wait, undefined, { signal: this.stopped.signal });
    } catch {
      this.throwIfFailed();
    }
  }

  /** Runs a rate-limiter-flexible call; any error that is not a limit
   *  answer fails the gate, and so does no answer within COMMAND_TIMEOUT_MS
   *  of the process's own time. */
  private async store<T>(call: () => Promise<T>): Promise<T> {
    this.throwIfFailed();
    let cancel = () => {};
    try {
      const answer = call();
      // Past the time-out the gate has failed: a late answer or error is dropped.
      answer.catch(() => {});
      return await Promise.race([
        answer,
        new Promise<never>((_, reject) => {
          cancel = patientTimeout(COMMAND_TIMEOUT_MS, WALL_FACTOR * COMMAND_TIMEOUT_MS, () =>
            reject(new Error(`Command timed out (no answer within ${COMMAND_TIMEOUT_MS} ms)`)),
          );
        }),
      ]);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw err;
      throw this.storeFailure(err);
    } finally {
      cancel();
    }
  }

  private storeFailure(err: unknown): BudgetStoreUnavailable {
    if (err instanceof BudgetStoreUnavailable) return err;
    if (this.failure) return this.failure;
    const message = messageOf(err);
    const reason: BudgetStoreFailure = /timed out/i.test(message) ? 'timeout' : this.redis.status !== 'ready' ? 'lost' : 'error';
    const what = reason === 'timeout' ? 'does not answer' : reason === 'lost' ? 'is lost' : 'failed';
    return this.fail(reason, `shared rate budget store ${this.url} ${what}: ${message}`, err);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The first failure wins: every waiter gets it, the connection is dropped. */
  private fail(reason: BudgetStoreFailure, message: string, cause?: unknown): BudgetStoreUnavailable {
    if (this.failure) return this.failure;
    const failure = new BudgetStoreUnavailable(reason, this.url, message, cause === undefined ? undefined : { cause });
    this.failure = failure;
    this.stopped.abort(failure);
    for (const w of this.queue.splice(0)) settle(w, failure);
    if (reason !== 'closed') this.redis.disconnect();
    return failure;
  }
}

function settle(w: Waiter, err?: unknown, grant?: Grant): void {
  if (w.settled) return;
  w.settled = true;
  if (err === undefined) w.resolve(grant!);
  else w.reject(err);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
