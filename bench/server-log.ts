// What the reference server saw, per rate-limit bucket: the ground truth for
// the bench and for the tests that prove the run stays inside the limit.
import type { LoggedRequest } from '../reference/server.ts';

/** The server's buckets: one per valid key; everything else shares one. */
export const ANONYMOUS = 'anonymous';

/** A token is a key when the server ever served it (neither 401 nor 429). */
export function bucketsOf(log: readonly LoggedRequest[]): Map<string, LoggedRequest[]> {
  const keys = new Set(log.filter((r) => r.token !== null && r.status !== 401 && r.status !== 429).map((r) => r.token));
  const buckets = new Map<string, LoggedRequest[]>();
  for (const r of log) {
    const bucket = r.token !== null && keys.has(r.token) ? r.token : ANONYMOUS;
    if (!buckets.has(bucket)) buckets.set(bucket, []);
    buckets.get(bucket)!.push(r);
  }
  return buckets;
}

export type KeyKind = 'admin' | 'reseller' | 'anonymous';

/** Which of a run's keys a bucket is: the admin key given to it, no key, or
 *  else a reseller key (minted by the run, or the one given). */
export const keyKind = (bucket: string, adminToken: string): KeyKind => (bucket === adminToken ? 'admin' : bucket === ANONYMOUS ? 'anonymous' : 'reseller');

export interface ServerWindow {
  startsAt: number;
  endsAt: number;
  requests: LoggedRequest[];
}

/** The server's fixed windows of one bucket, replayed as it counts them: a
 *  window opens at the first request after the previous one ended. */
export function fixedWindows(requests: readonly LoggedRequest[], windowMs: number): ServerWindow[] {
  const windows: ServerWindow[] = [];
  // The log is in order of answers; the server counts in order of arrival.
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    const current = windows.at(-1);
    if (current && r.at < current.endsAt) current.requests.push(r);
    else windows.push({ startsAt: r.at, endsAt: r.at + windowMs, requests: [r] });
  }
  return windows;
}

/** The most requests in any interval of windowMs (a sliding window). */
export function maxInSlidingWindow(requests: readonly LoggedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

export const rateLimited = (requests: readonly LoggedRequest[]): number => requests.filter((r) => r.status === 429).length;
