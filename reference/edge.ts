// What stands between the client and the panel when a quirk puts it there:
// a load balancer that turns away the first request to a path, and a
// connection lost once, after its write took effect.
import type { IsQuirk } from './quirks.ts';
import type { Reply } from './reply.ts';
import { API_PREFIX } from './router.ts';

/** The reseller collection and single records, fixed routes included. */
const RESELLER_PATHS = new RegExp(`^${API_PREFIX}/resellers(/[^/]+)?/?$`);
const RESELLER_RECORD = new RegExp(`^${API_PREFIX}/resellers/[^/]+/?$`);

const BUSY_PAGE =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n' +
  '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export interface Edge {
  /** The load balancer's own answer, when it turns this request away. */
  turnsAway(method: string, path: string): Reply | undefined;
  /** Whether this answer is lost on its way back (the socket is reset). */
  losesAnswer(method: string, path: string, status: number): boolean;
}

export function createEdge(quirk: IsQuirk): Edge {
  const seen = new Set<string>();
  let resetDone = false;
  return {
    turnsAway(method, path) {
      if (!quirk('proxy-503-once') || !RESELLER_PATHS.test(path)) return undefined;
      const id = `${method} ${path.replace(/\/$/, '')}`;
      if (seen.has(id)) return undefined;
      seen.add(id);
      return { status: 503, plain: BUSY_PAGE, headers: { 'Content-Type': 'text/html', 'Retry-After': '1' } };
    },
    losesAnswer(method, path, status) {
      if (!quirk('connection-reset-once') || resetDone) return false;
      resetDone = method === 'DELETE' && status === 200 && RESELLER_RECORD.test(path);
      return resetDone;
    },
  };
}
