// What stands between the client and the panel when a quirk or an option
// puts it there: a front proxy that turns requests away with its own 503
// (the first request to a reseller path, every Nth request, every request
// of a rolling restart), and a connection lost once, after its write took
// effect.
import type { IsQuirk } from './quirks.ts';
import type { Reply } from './reply.ts';
import { API_PREFIX } from './router.ts';

/** The reseller collection and single records, fixed routes included. */
const RESELLER_PATHS = new RegExp(`^${API_PREFIX}/resellers(/[^/]+)?/?$`);
const RESELLER_RECORD = new RegExp(`^${API_PREFIX}/resellers/[^/]+/?$`);

/** Requests served before a rolling restart begins. */
export const RESTART_AFTER_REQUESTS = 30;

const BUSY_PAGE =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n' +
  '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const BUSY: Reply = { status: 503, plain: BUSY_PAGE, headers: { 'Content-Type': 'text/html', 'Retry-After': '1' } };

export interface Edge {
  /** The proxy's own answer, when it turns this request away. */
  turnsAway(method: string, path: string): Reply | undefined;
  /** Whether this answer is lost on its way back (the socket is reset). */
  losesAnswer(method: string, path: string, status: number): boolean;
}

export interface EdgeOptions {
  /** Every Nth request is turned away; 0 = none. */
  proxy503Every?: number;
  /** After the first 30 requests, every request is turned away for this long; 0 = never. */
  rollingRestartMs?: number;
}

/** One reason to turn a request away; each sees every request. */
type Gate = (method: string, path: string) => boolean;

export function createEdge(quirk: IsQuirk, options: EdgeOptions = {}): Edge {
  const gates: Gate[] = [];
  if (quirk('proxy-503-once')) gates.push(firstToEachResellerPath());
  if (options.proxy503Every) gates.push(everyNth(options.proxy503Every));
  if (options.rollingRestartMs) gates.push(rollingRestart(options.rollingRestartMs));
  let resetDone = false;
  return {
    turnsAway(method, path) {
      const closed = gates.map((gate) => gate(method, path));
      return closed.includes(true) ? BUSY : undefined;
    },
    losesAnswer(method, path, status) {
      if (!quirk('connection-reset-once') || resetDone) return false;
      resetDone = method === 'DELETE' && status === 200 && RESELLER_RECORD.test(path);
      return resetDone;
    },
  };
}

/** The first request to the reseller collection and to each reseller record, per method and path. */
function firstToEachResellerPath(): Gate {
  const seen = new Set<string>();
  return (method, path) => {
    if (!RESELLER_PATHS.test(path)) return false;
    const id = `${method} ${path.replace(/\/$/, '')}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
}

function everyNth(n: number): Gate {
  let requests = 0;
  return () => ++requests % n === 0;
}

/** Every request for `ms` from the first one after RESTART_AFTER_REQUESTS; once. */
function rollingRestart(ms: number): Gate {
  let requests = 0;
  let endsAt = 0;
  return () => {
    if (++requests === RESTART_AFTER_REQUESTS + 1) endsAt = Date.now() + ms;
    return Date.now() < endsAt;
  };
}
