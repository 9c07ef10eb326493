// The reference server's three ways of counting the limit, on a synthetic
// clock: each serves the limit, refuses the next, and frees requests its
// own way (the suite must accept all three: the vendor names none).
import { describe, expect, test } from 'vitest';
import { createLimiter } from '../reference/rate-limit.ts';

const remaining = (h: { limit: number; count: number }) => Math.max(0, h.limit - h.count);
const served = (h: { limit: number; count: number }) => h.count <= h.limit;

describe('reference rate limiters (3 per window)', () => {
  test('fixed: a window opened by the first request; all of it comes back at its end', () => {
    const l = createLimiter('fixed', 3, 1000);
    const hits = [0, 100, 200, 300].map((t) => l.hit('k', t));
    expect(hits.map(remaining)).toEqual([2, 1, 0, 0]);
    expect(hits.map(served)).toEqual([true, true, true, false]);
    expect(hits.every((h) => h.resetAt === 1000)).toBe(true);
    const next = l.hit('k', 1000);
    expect([served(next), remaining(next), next.resetAt]).toEqual([true, 2, 2000]);
    expect(served(l.hit('other', 300))).toBe(true); // buckets are separate
  });

  test('sliding: a request comes back one window after it was served; a refused one does not count', () => {
    const l = createLimiter('sliding', 3, 1000);
    const hits = [0, 400, 800, 900].map((t) => l.hit('k', t));
    expect(hits.map(served)).toEqual([true, true, true, false]);
    expect(hits[3].resetAt).toBe(1000); // when the oldest leaves
    const freed = l.hit('k', 1001);
    expect([served(freed), remaining(freed), freed.resetAt]).toEqual([true, 0, 1400]);
    expect(served(l.hit('k', 1100))).toBe(false);
  });

  test('token bucket: tokens come back evenly; a refused request may retry with the next one', () => {
    const l = createLimiter('token-bucket', 3, 3000);
    const hits = [0, 0, 0, 0].map((t) => l.hit('k', t));
    expect(hits.map(served)).toEqual([true, true, true, false]);
    expect(hits.slice(0, 3).map(remaining)).toEqual([2, 1, 0]);
    expect(hits[3].retryAt).toBe(1000);
    const refilled = l.hit('k', 1000);
    expect([served(refilled), remaining(refilled), refilled.resetAt]).toEqual([true, 0, 4000]);
  });
});
