// The least time a rate limit allows for a number of requests on one key.
import type { LoggedRequest } from '../reference/server.ts';
import { fixedWindows } from './server-log.ts';

export interface FloorInput {
  /** Every request the server logged for the key, any client's. */
  keyLog: readonly LoggedRequest[];
  /** The run's own requests among them. */
  isRun: (r: LoggedRequest) => boolean;
  limit: number;
  windowMs: number;
  /** Requests another client takes in every window (0 when alone). */
  share: number;
}

/**
 * floor = 0 if n <= first, else d + (ceil((n - first) / perWindow) - 1) * W
 *
 * - n: the run's requests the server served (429s need no slot);
 * - the run's first request found Remaining r, in a window ending d ms later;
 * - the first window admits first = min(r + 1, perWindow) of the run's
 *   requests (r + 1: that request and the r after it), every later window
 *   perWindow = limit - share (the rest goes to the other client), and W is
 *   the window length.
 * So the run can be no faster than reaching the last window it needs.
 */
export function floorMs({ keyLog, isRun, limit, windowMs, share }: FloorInput): number {
  const served = keyLog.filter((r) => isRun(r) && r.status !== 429).length;
  const windows = fixedWindows(keyLog, windowMs);
  const opening = windows.find((w) => w.requests.some(isRun));
  if (!opening) return 0;
  const firstOwn = opening.requests.findIndex(isRun);
  const remaining = limit - (firstOwn + 1);
  const perWindow = limit - share;
  const first = Math.min(remaining + 1, perWindow);
  if (served <= first) return 0;
  const d = opening.endsAt - opening.requests[firstOwn].at;
  return d + (Math.ceil((served - first) / perWindow) - 1) * windowMs;
}
