// Fixed-window rate limiting per bucket (a valid key, or the client IP for
// requests without one), and the headers every response carries.
import { ApiError } from './api-error.ts';
import { errorReply } from './envelope.ts';
import type { Has } from './faults.ts';
import type { Reply } from './reply.ts';

export interface WindowHit {
  limit: number;
  /** Requests in this window, this one included. */
  count: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
  now: number;
}

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(bucket: string, now: number): WindowHit {
    let window = this.windows.get(bucket);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    return { limit: this.limit, count: window.count, resetAt: window.resetAt, now };
  }
}

/** The three documented headers; the rate-limit faults bend them here. */
export function rateLimitHeaders(hit: WindowHit, has: Has): Record<string, string> {
  if (has('ratelimit-headers-missing')) return {};
  return {
    'X-RateLimit-Limit': String(has('ratelimit-limit-wrong') ? hit.limit + 40 : hit.limit),
    'X-RateLimit-Remaining': String(has('ratelimit-remaining-stuck') ? hit.limit : Math.max(0, hit.limit - hit.count)),
    'X-RateLimit-Reset': String(resetHeader(hit, has)),
  };
}

function resetHeader(hit: WindowHit, has: Has): number {
  if (has('ratelimit-reset-ms')) return hit.resetAt;
  if (has('ratelimit-reset-past')) return Math.floor(hit.now / 1000) - 60;
  // Rounded up, so a client that waits until this second is never early.
  return Math.ceil(hit.resetAt / 1000);
}

/** The answer to a request over its budget, or undefined when it may proceed. */
export function overLimitReply(hit: WindowHit, has: Has): Reply | undefined {
  if (hit.count <= hit.limit || has('ratelimit-not-enforced')) return undefined;
  const headers = { 'Retry-After': String(Math.ceil((hit.resetAt - hit.now) / 1000)) };
  if (has('ratelimit-429-plain')) return { status: 429, plain: 'Too Many Requests\n', headers };
  return errorReply(new ApiError(429, 'RATE_LIMITED', 'Rate limit exceeded; retry after the window resets', headers), has);
}
