// The reference WisPanel server: the documented Resellers contract in memory,
// optionally with one named fault from the catalogue.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createEdge } from './edge.ts';
import { faultSwitch } from './faults.ts';
import { IdempotencyCache } from './idempotency.ts';
import { largeSeed } from './large-seed.ts';
import { handleRequest, type LoggedRequest } from './pipeline.ts';
import { quirkSwitch, REPLICA_LAG_MS } from './quirks.ts';
import { countedLimit, createLimiter, withOtherClient, type LimiterKind } from './rate-limit.ts';
import { API_PREFIX } from './router.ts';
import { ALL_SCOPES } from './scopes.ts';
import { startSecondClient, withEditableResellers } from './second-client.ts';
import { DEFAULT_RESELLER, seedStore, type SeedData } from './seed.ts';
import { Store } from './store.ts';

export type { SeedData, SeedReseller } from './seed.ts';
export type { LoggedRequest } from './pipeline.ts';

export interface ReferenceOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Requests per window per key, default 60. */
  rateLimit?: number;
  /** Default 60_000. */
  windowMs?: number;
  /** How the limit is counted; default 'fixed'. */
  limiter?: LimiterKind;
  /** Simulates another integration on every key, spending this many
   *  requests as each window opens. */
  otherClientShare?: number;
  /** The server's clock runs this far ahead (negative: behind) of the real
   *  one; its Date header and X-RateLimit-Reset say so, consistently. */
  clockSkewMs?: number;
  /** Every answer (errors and 429s too) is held back this long, so a
   *  client sees this much added round trip; default 0, no wait at all. */
  latencyMs?: number;
  /** A name from the fault catalogue; undefined = faultless. */
  fault?: string;
  /** A name from the quirk list: a conforming variant, hostile to careless clients. */
  quirk?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Pre-existing resellers and users; "partner1" is always added. */
  seed?: SeedData;
  /** Another integration edits a seeded reseller (never partner1) every
   *  this many ms: max_users + 1 and a new branding company_name. Two
   *  seeded resellers are added when the seed has fewer. Default 0: off. */
  secondClientEdits?: number;
  /** A front proxy answers every Nth request with its HTML 503 and
   *  Retry-After: 1; the panel never sees it. Default 0: off. */
  proxy503Every?: number;
  /** After the first 30 requests, the front proxy answers every request
   *  with its 503 for this many ms, a rolling restart. Default 0: off. */
  rollingRestartMs?: number;
  /** Seeds this many more resellers (bulk1, bulk2, ...) with non-ASCII
   *  company names, two IPs and two nameservers each. Default 0. */
  largeSeed?: number;
}

export interface ReferenceServer {
  /** e.g. http://127.0.0.1:43123/api/v1 */
  baseUrl: string;
  adminToken: string;
  /** Key of the always-seeded reseller "partner1". */
  resellerToken: string;
  resellerUsername: string;
  requestLog: LoggedRequest[];
  /** Deep copy of all state, key secrets excluded. */
  snapshot(): unknown;
  /** Stops listening and destroys open sockets, keep-alive ones included. */
  close(): Promise<void>;
}

export async function startReferenceServer(opts: ReferenceOptions = {}): Promise<ReferenceServer> {
  const has = faultSwitch(opts.fault);
  const quirk = quirkSwitch(opts.quirk);
  const rateLimit = positiveInteger('rateLimit', opts.rateLimit ?? 60);
  const windowMs = positiveInteger('windowMs', opts.windowMs ?? 60_000);
  const latencyMs = nonNegativeInteger('latencyMs', opts.latencyMs ?? 0);
  const secondClientEdits = nonNegativeInteger('secondClientEdits', opts.secondClientEdits ?? 0);
  const proxy503Every = nonNegativeInteger('proxy503Every', opts.proxy503Every ?? 0);
  if (proxy503Every === 1) throw new Error('proxy503Every must be 0 (off) or at least 2, got 1');
  const rollingRestartMs = nonNegativeInteger('rollingRestartMs', opts.rollingRestartMs ?? 0);
  const bulk = nonNegativeInteger('largeSeed', opts.largeSeed ?? 0);
  const host = opts.host ?? '127.0.0.1';

  const store = new Store(quirk('replica-lag') ? REPLICA_LAG_MS : 0);
  const resellers = [...(opts.seed?.resellers ?? []), ...largeSeed(bulk)];
  seedStore(store, { resellers: secondClientEdits ? withEditableResellers(resellers) : resellers });
  // Both scoped `all`, as the vendor's Postman collection needs: what the
  // reseller's key may do is then the role policy's call alone.
  const adminKey = store.issueKey(store.admin.username, 'reference admin', ALL_SCOPES);
  const resellerKey = store.issueKey(DEFAULT_RESELLER.username, 'reference reseller', ALL_SCOPES);

  const requestLog: LoggedRequest[] = [];
  const counted = createLimiter(opts.limiter ?? 'fixed', countedLimit(rateLimit, has), windowMs);
  const limiter = opts.otherClientShare ? withOtherClient(counted, opts.otherClientShare) : counted;
  const pipeline = {
    store,
    idempotency: new IdempotencyCache(),
    edge: createEdge(quirk, { proxy503Every, rollingRestartMs }),
    quirk,
    limiter,
    clockSkewMs: opts.clockSkewMs ?? 0,
    has,
    requestLog,
    reportBugs: !opts.fault,
  };
  const listener: Parameters<typeof createHttpServer>[1] = (req, res) => {
    // handleRequest answers every error itself; this only guards the socket.
    delay(latencyMs)
      .then(() => handleRequest(req, res, pipeline))
      .catch(() => res.destroy());
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, listener) : createHttpServer(listener);
  const sockets = trackSockets(server);
  await listen(server, opts.port ?? 0, host);
  const stopEdits = secondClientEdits ? startSecondClient(store, secondClientEdits) : () => {};

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}${API_PREFIX}`,
    adminToken: adminKey.secret,
    resellerToken: resellerKey.secret,
    resellerUsername: DEFAULT_RESELLER.username,
    requestLog,
    snapshot: () => store.snapshot(),
    close: () => {
      stopEdits();
      return close(server, sockets);
    },
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** Resolves after `ms`; at 0 at once, without a timer's turn. */
const delay = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** Raw TCP sockets (TLS ones too), so close() can destroy idle keep-alive connections. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
