// One request from start to finish: past the edge (quirks), count it, read
// it, authenticate, route, authorise, handle, and answer, always with the
// rate-limit headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, forbidden } from './api-error.ts';
import { authenticate, bearerToken, honoursSource } from './auth.ts';
import { parseJsonObject, readRawBody } from './body.ts';
import { crashIf } from './crash.ts';
import type { Edge } from './edge.ts';
import { errorReply } from './envelope.ts';
import type { FaultName, Has } from './faults.ts';
import type { IdempotencyCache } from './idempotency.ts';
import type { IsQuirk } from './quirks.ts';
import { overLimitReply, rateLimitHeaders, type RateLimiter, type WindowHit } from './rate-limit.ts';
import { writeReply, type Reply } from './reply.ts';
import { resolveRoute } from './router.ts';
import { routes } from './routes.ts';
import { hasPathChars } from './rules.ts';
import { scopeAllows } from './scopes.ts';
import type { Store } from './store.ts';

export interface LoggedRequest {
  at: number;
  token: string | null;
  method: string;
  path: string;
  status: number;
}

/** One request as the pipeline reads it. */
interface Incoming {
  req: IncomingMessage;
  method: string;
  path: string;
  token?: string;
  /** The socket's remote address. */
  source: string;
  /** The server's clock (it may run off the real one), epoch ms. */
  now: number;
}

export interface Pipeline {
  store: Store;
  idempotency: IdempotencyCache;
  edge: Edge;
  quirk: IsQuirk;
  limiter: RateLimiter;
  /** How far the server's clock is off the real one. */
  clockSkewMs: number;
  has: Has;
  requestLog: LoggedRequest[];
  /** Print unexpected errors: without a fault, a 500 is a bug in this server. */
  reportBugs: boolean;
}

export async function handleRequest(req: IncomingMessage, res: ServerResponse, pipeline: Pipeline): Promise<void> {
  const at = Date.now();
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const token = bearerToken(req.headers.authorization);
  const log = (status: number) => pipeline.requestLog.push({ at, token: token ?? null, method, path, status });
  const turnedAway = pipeline.edge.turnsAway(method, path);
  if (turnedAway) {
    req.resume(); // the load balancer drops the body; the panel never sees the request
    log(turnedAway.status);
    return writeReply(res, turnedAway, pipeline.has);
  }
  const serverNow = at + pipeline.clockSkewMs;
  const source = req.socket.remoteAddress ?? 'unknown';
  const hit = pipeline.limiter.hit(bucketOf(token, source, `${method} ${path}`, pipeline), serverNow);
  const incoming: Incoming = { req, method, path, token, source, now: serverNow };
  const reply = await answer(incoming, hit, pipeline).catch((err: unknown) => errorReply(asApiError(err, pipeline.reportBugs), pipeline.has));
  log(reply.status);
  if (pipeline.edge.losesAnswer(method, path, reply.status)) return void res.destroy();
  const date: Record<string, string> = pipeline.clockSkewMs ? { Date: new Date(serverNow).toUTCString() } : {};
  const limitHeaders = rateLimitHeaders(hit, pipeline.has, { method, status: reply.status });
  writeReply(res, { ...reply, headers: { ...reply.headers, ...date, ...limitHeaders } }, pipeline.has);
}

/** A valid key honoured from its source has its own budget; all other
 *  traffic shares one per client IP. */
function bucketOf(token: string | undefined, source: string, route: string, { store, has }: Pipeline): string {
  const key = token === undefined ? undefined : store.findKey(token);
  if (!key || !honoursSource(key, source, has)) return `ip:${source}`;
  // rate-limit fault: all keys sent from one address share one budget.
  if (has('ratelimit-shared-bucket')) return `keys:${source}`;
  // rate-limit fault: a budget per key and endpoint.
  return has('ratelimit-per-path') ? `key:${token} ${route}` : `key:${token}`;
}

async function answer(incoming: Incoming, hit: WindowHit, pipeline: Pipeline): Promise<Reply> {
  const { req, method, path, now, token, source } = incoming;
  const { store, has } = pipeline;
  // rate-limit fault: a reseller's key is never refused (the admin's is).
  const key = token === undefined ? undefined : store.findKey(token);
  const unlimited = has('ratelimit-reseller-not-enforced') && key !== undefined && store.account(key.username)?.role === 'reseller';
  const overLimit = unlimited ? undefined : overLimitReply(hit, has);
  if (overLimit) return overLimit;
  const raw = await readRawBody(req);
  const body = () => parseJsonObject(raw, req.headers['content-type'], has);
  // status fault: a panel whose router lets /resellers/:username shadow the dashboard.
  const table = has('dashboard-missing') ? routes.filter((r) => r.pattern !== '/resellers/dashboard') : routes;
  // The faults that check the caller once the handler ran: the write is
  // carried out as the admin's, then refused.
  const carryOutIf = async (fault: FaultName) => {
    if (!has(fault) || method === 'GET') return;
    const route = resolveRoute(table, method, path);
    await Promise.resolve()
      .then(() => route.endpoint.handler({ caller: store.admin, now, params: route.params, store, has, quirk: pipeline.quirk, body }))
      .catch(() => undefined);
  };
  let authenticated: ReturnType<typeof authenticate>;
  try {
    authenticated = authenticate(req.headers.authorization, store, has, now, source);
  } catch (err) {
    await carryOutIf('auth-checked-after-write');
    throw err;
  }
  const { account: caller, permissions } = authenticated;
  const { endpoint, params, resource } = resolveRoute(table, method, path);
  crashIf(has, 'path-chars-username-500', hasPathChars(params.username ?? ''), 'username escapes the home directory path');
  // keys fault: the key's scopes are never consulted.
  const scoped = endpoint.unscoped || has('key-scopes-ignored') || scopeAllows(permissions, resource, method);
  const allowed = scoped && endpoint.policy(caller, params, has);
  if (!allowed) {
    await carryOutIf('role-checked-after-write');
    throw forbidden(`API key is not scoped for '${resource}' on this request`);
  }
  const ctx = { caller, now, params, store, has, quirk: pipeline.quirk, body };
  // keys fault: retries are not deduplicated (no Idempotency-Key is read).
  if (has('idempotency-ignored')) return endpoint.handler(ctx);
  return pipeline.idempotency.run(req.headers['idempotency-key'], incoming, () => endpoint.handler(ctx));
}

function asApiError(err: unknown, reportBugs: boolean): ApiError {
  if (err instanceof ApiError) return err;
  if (reportBugs) console.error('[reference] unexpected error:', err);
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}
