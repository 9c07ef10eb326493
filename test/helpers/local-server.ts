// A tiny loopback HTTP server for tests, and a proxy in front of a real one
// that misbehaves on chosen requests and forwards everything else.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port chosen by the OS; close() also ends hanging
 *  and keep-alive connections, so a test never waits on them. */
export async function startLocalServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** What a misbehaving endpoint does instead of answering properly. */
export type Misbehaviour =
  | 'hang' // headers never come
  | 'reset' // the connection is cut before any answer
  | 'truncated' // JSON headers and Content-Length, then half the body and a cut
  | 'garbage' // 200 application/json whose body is not JSON
  | 'error-500' // a plain-text 500
  | 'echo-auth'; // a 400 envelope quoting the request's Authorization header

export interface FaultRule {
  method: string;
  /** Matched against the request path (query excluded). */
  path: RegExp;
  misbehaviour: Misbehaviour;
}

export interface FaultProxy extends LocalServer {
  /** Requests that met a rule, as "METHOD /path". */
  misbehaved: string[];
}

/** Forwards to `upstream` (an origin), except requests matching a rule. */
export async function startFaultProxy(upstream: string, rules: FaultRule[]): Promise<FaultProxy> {
  const misbehaved: string[] = [];
  const target = new URL(upstream);
  const server = await startLocalServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const rule = rules.find((r) => r.method === req.method && r.path.test(path));
    if (!rule) {
      const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstreamReq.on('error', () => res.destroy());
      req.pipe(upstreamReq);
      return;
    }
    misbehaved.push(`${req.method} ${path}`);
    req.resume();
    misbehave(rule.misbehaviour, req, res);
  });
  return { ...server, misbehaved };
}

function misbehave(how: Misbehaviour, req: IncomingMessage, res: ServerResponse): void {
  switch (how) {
    case 'hang':
      return;
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'truncated': {
      const body = JSON.stringify({ username: 'cut', note: 'x'.repeat(200) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, body.length / 2));
      // Let the half body leave before the cut.
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('\u0000\u0001 garbage {not json');
      return;
    case 'error-500':
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    case 'echo-auth': {
      const said = `rejected ${req.headers.authorization ?? 'no Authorization'}`;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, code: 'VALIDATION_ERROR', error: said, message: said, status: 400 }));
      return;
    }
  }
}
