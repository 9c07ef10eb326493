// Rate limiting per bucket (a valid key, or the client IP for requests
// without one), and the headers every response carries. The vendor states
// the budget (60 per minute) but not the algorithm: fixed windows by
// default; a sliding log and a token bucket are the other common readings,
// and a conforming server may use either.
import { ApiError } from './api-error.ts';
import { errorReply } from './envelope.ts';
import type { Has } from './faults.ts';
import type { Reply } from './reply.ts';

export interface WindowHit {
  limit: number;
  /** Requests in this window, this one included; over the limit when above it. */
  count: number;
  /** Epoch ms when the window resets (X-RateLimit-Reset). */
  resetAt: number;
  /** Epoch ms when a refused request may be sent again (Retry-After), if
   *  sooner than the reset. */
  retryAt?: number;
  now: number;
  /** The length of the limiter's window (a bucket's refill time). */
  windowMs: number;
}

export interface RateLimiter {
  hit(bucket: string, now: number): WindowHit;
}

export const LIMITER_KINDS = ['fixed', 'sliding', 'token-bucket'] as const;
export type LimiterKind = (typeof LIMITER_KINDS)[number];

export function createLimiter(kind: LimiterKind, limit: number, windowMs: number): RateLimiter {
  if (kind === 'sliding') return slidingLog(limit, windowMs);
  if (kind === 'token-bucket') return tokenBucket(limit, windowMs);
  return fixedWindow(limit, windowMs);
}

/** Another integration on every key: the moment a key's window opens, it
 *  spends `share` requests (a client under test sees only a lower
 *  Remaining, never the other client's requests). */
export function withOtherClient(inner: RateLimiter, share: number): RateLimiter {
  return {
    hit(bucket, now) {
      let hit = inner.hit(bucket, now);
      if (hit.count === 1 && bucket.startsWith('key:')) for (let i = 0; i < share; i++) hit = inner.hit(bucket, now);
      return hit;
    },
  };
}

/** A window opened by a bucket's first request; every request counts. */
function fixedWindow(limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(bucket, now) {
      let window = windows.get(bucket);
      if (!window || now >= window.resetAt) {
        window = { count: 0, resetAt: now + windowMs };
        windows.set(bucket, window);
      }
      window.count += 1;
      return { limit, count: window.count, resetAt: window.resetAt, now, windowMs };
    },
  };
}

/** The requests served in the last window; a refused one is not counted.
 *  Resets when the oldest served request leaves the window. */
function slidingLog(limit: number, windowMs: number): RateLimiter {
  const logs = new Map<string, number[]>();
  return {
    hit(bucket, now) {
      const log = (logs.get(bucket) ?? []).filter((t) => t > now - windowMs);
      logs.set(bucket, log);
      const count = log.length + 1;
      if (count <= limit) log.push(now);
      return { limit, count, resetAt: (log[0] ?? now) + windowMs, now, windowMs };
    },
  };
}

/** `limit` tokens, refilled evenly over one window; a request takes one.
 *  Resets when the bucket is full again; a refused request may retry when
 *  the next token comes. */
function tokenBucket(limit: number, windowMs: number): RateLimiter {
  const perMs = limit / windowMs;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    hit(bucket, now) {
      const last = buckets.get(bucket) ?? { tokens: limit, at: now };
      const state = { tokens: Math.min(limit, last.tokens + (now - last.at) * perMs), at: now };
      buckets.set(bucket, state);
      const served = state.tokens >= 1;
      if (served) state.tokens -= 1;
      return {
        limit,
        count: served ? limit - Math.floor(state.tokens) : limit + 1,
        resetAt: now + Math.ceil((limit - state.tokens) / perMs),
        retryAt: served ? undefined : now + Math.ceil((1 - state.tokens) / perMs),
        now,
        windowMs,
      };
    },
  };
}

/** The limit a limiter counts to: the one advertised, but for the fault
 *  ratelimit-success-after-zero, which serves one request more. */
export const countedLimit = (advertised: number, has: Has): number => (has('ratelimit-success-after-zero') ? advertised + 1 : advertised);

const WRITES = new Set(['POST', 'PUT', 'DELETE']);

/** The three documented headers on an answer; the rate-limit faults bend them here. */
export function rateLimitHeaders(hit: WindowHit, has: Has, answer: { method: string; status: number }): Record<string, string> {
  if (has('ratelimit-headers-missing') || (has('ratelimit-headers-missing-on-writes') && WRITES.has(answer.method))) return {};
  // Advertised: the one hit.limit counts to, but for ratelimit-success-after-zero.
  const limit = has('ratelimit-success-after-zero') ? hit.limit - 1 : hit.limit;
  return {
    'X-RateLimit-Limit': String(has('ratelimit-limit-wrong') ? limit + 40 : limit),
    'X-RateLimit-Remaining': String(remainingHeader(limit, hit.count, has, answer.status)),
    'X-RateLimit-Reset': String(resetHeader(hit, has)),
  };
}

function remainingHeader(limit: number, count: number, has: Has, status: number): number {
  if (has('ratelimit-remaining-stuck') || (has('ratelimit-429-remaining-full') && status === 429)) return limit;
  return Math.max(0, limit - (has('ratelimit-remaining-double') ? 2 * count : count));
}

function resetHeader(hit: WindowHit, has: Has): number {
  if (has('ratelimit-reset-ms')) return hit.resetAt;
  if (has('ratelimit-reset-past')) return Math.floor(hit.now / 1000) - 60;
  // Rounded down, so it is always at least half a window early.
  if (has('ratelimit-reset-early')) return Math.floor((hit.resetAt - hit.windowMs / 2) / 1000);
  // Rounded up, so a client that waits until this second is never early.
  return Math.ceil(hit.resetAt / 1000);
}

/** The answer to a request over its budget, or undefined when it may proceed. */
export function overLimitReply(hit: WindowHit, has: Has): Reply | undefined {
  // rate-limit fault: a panel enforcing half of what it advertises.
  const enforced = has('ratelimit-429-at-half') ? Math.ceil(hit.limit / 2) : hit.limit;
  if (hit.count <= enforced || has('ratelimit-not-enforced')) return undefined;
  const headers = { 'Retry-After': String(Math.ceil(((hit.retryAt ?? hit.resetAt) - hit.now) / 1000)) };
  if (has('ratelimit-429-plain')) return { status: 429, plain: 'Too Many Requests\n', headers };
  return errorReply(new ApiError(429, 'RATE_LIMITED', 'Rate limit exceeded; retry after the window resets', headers), has);
}
