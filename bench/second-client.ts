// Another integration on the same key: whenever the key's window at the
// server opens, it spends its share at once. The run under test does not
// know; it must follow X-RateLimit-Remaining to stay out of 429s.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReferenceServer } from '../reference/server.ts';

export interface SecondClient {
  /** Requests sent, and how many of them the server refused with 429. */
  readonly sent: number;
  readonly rateLimited: number;
  stop(): Promise<void>;
}

/** What it reads: the seeded reseller, which the run never touches with the
 *  admin key, so the server's log tells the two clients apart. */
export function secondClientPath(server: ReferenceServer): string {
  return `/resellers/${server.resellerUsername}`;
}

/** How often the server's log is read for a new window. */
const POLL_MS = 5;

export function startSecondClient(server: ReferenceServer, opts: { share: number; windowMs: number }): SecondClient {
  let sent = 0;
  let rateLimited = 0;
  let stopped = false;
  const spend = () =>
    Promise.all(
      Array.from({ length: opts.share }, async () => {
        const res = await fetch(`${server.baseUrl}${secondClientPath(server)}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
        await res.arrayBuffer();
        sent++;
        if (res.status === 429) rateLimited++;
      }),
    );
  const loop = (async () => {
    let read = 0;
    let windowEndsAt = -Infinity;
    while (!stopped) {
      const log = server.requestLog;
      for (; read < log.length; read++) {
        const r = log[read];
        if (r.token !== server.adminToken || r.at < windowEndsAt) continue;
        // The same replay as the server's fixed window: this request opened one.
        windowEndsAt = r.at + opts.windowMs;
        await spend();
      }
      await sleep(POLL_MS);
    }
  })();
  return {
    get sent() {
      return sent;
    },
    get rateLimited() {
      return rateLimited;
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
